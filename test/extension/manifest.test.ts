/** The source manifest keeps the privacy and least-privilege promises. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../manifest.json'), 'utf8'));

describe('manifest.json', () => {
  it('is Manifest V3 with a name, version and description', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.name).toBe('Second Opinion');
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.description.length).toBeLessThanOrEqual(132); // the stores' limit
  });

  it('asks for no broad host access', () => {
    const hosts = [...(manifest.host_permissions ?? []), ...(manifest.optional_host_permissions ?? [])];
    expect(hosts).not.toContain('<all_urls>');
    expect(hosts.filter((h: string) => /^\*:\/\/\*\/|^https?:\/\/\*\//.test(h))).toEqual([]);
  });

  it('allows only the extension\'s own scripts: no remote code, no eval', () => {
    const csp: string = manifest.content_security_policy.extension_pages;
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:/);
  });

  it('declares for Firefox that it collects no data', () => {
    expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('has an SVG source for its icons', () => {
    const svg = fs.readFileSync(path.resolve(__dirname, '../../icons/icon.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]+viewBox="0 0 128 128"/);
  });
});
