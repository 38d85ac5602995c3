/** The source manifest keeps the privacy and least-privilege promises, and matches the site modules. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SITES, allHosts } from '../../src/content/sites';
import { CHROME_EXTENSION_ID } from '../../src/shared/extension-id';
import { chromiumExtensionId } from '../policy/policy-helpers';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../manifest.json'), 'utf8'));
const messages = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../src/_locales/en_GB/messages.json'), 'utf8'));

describe('manifest.json', () => {
  it('is Manifest V3 with a localised name and a description within the stores\' limit', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.name).toBe('__MSG_extName__');
    expect(manifest.default_locale).toBe('en_GB');
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(messages.extName.message).toBe('Second Opinion');
    expect(messages.extDescription.message.length).toBeLessThanOrEqual(132);
  });

  it('pins the Chromium extension id with its public key (policy files and templates name that id)', () => {
    // Chromium hashes the DER public key for a keyed extension.
    expect(chromiumExtensionId(Buffer.from(manifest.key, 'base64'))).toBe(CHROME_EXTENSION_ID);
  });

  it('asks only for the permissions the code uses', () => {
    // storage: settings and mutes; scripting: injecting the engine on focus and registering extra sites;
    // activeTab: the popup's "Check posts on this site", on the one tab whose toolbar button was clicked;
    // offscreen: Chromium's document for the picture reader (no install warning; Firefox's build drops it).
    expect([...manifest.permissions].sort()).toEqual(['activeTab', 'offscreen', 'scripting', 'storage']);
  });

  it('exposes to sites only the relay frame for pictures, at an address that changes each session', () => {
    // A page cannot probe a dynamic address to learn that the extension is installed.
    expect(manifest.web_accessible_resources).toEqual([{ resources: ['pages/relay.html'], matches: ['https://*/*'], use_dynamic_url: true }]);
  });

  it('has host access to exactly the supported sites, and nothing broad except as optional (extra sites the user adds)', () => {
    const hosts = allHosts().map((host) => `https://${host}/*`);
    expect([...manifest.host_permissions].sort()).toEqual([...hosts].sort());
    expect([...manifest.content_scripts[0].matches].sort()).toEqual([...hosts].sort());
    for (const pattern of manifest.host_permissions) expect(pattern).not.toMatch(/<all_urls>|^\*:\/\/\*|^https?:\/\/\*\//);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
  });

  it("allows only the extension's own scripts: no remote code, no eval; WebAssembly only for the OCR's own files", () => {
    const csp: string = manifest.content_security_policy.extension_pages;
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
    // 'wasm-unsafe-eval' compiles WebAssembly; it allows no JavaScript eval.
    const scripts = csp.split(';').find((directive) => directive.trim().startsWith('script-src'))!;
    expect(scripts.replace("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe-eval|unsafe-inline|https?:/);
    expect(csp).not.toMatch(/unsafe-eval'[^;]*unsafe|unsafe-inline/);
    // Framed only by the extension itself (Firefox's picture reader in its background page) and,
    // for the relay frame alone (the one page sites may load), by https pages.
    expect(csp).toMatch(/frame-ancestors 'self' https:$/);
  });

  it('declares for Firefox that it collects no data, with a background script beside the service worker', () => {
    expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
    expect(manifest.background.scripts).toEqual([manifest.background.service_worker]);
  });

  it('has an SVG source for its icons', () => {
    const svg = fs.readFileSync(path.resolve(__dirname, '../../icons/icon.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]+viewBox="0 0 128 128"/);
  });
});

describe('site modules', () => {
  it('have unique ids, and every module except the fallback has selectors for compose boxes and post buttons', () => {
    const ids = SITES.map((site) => site.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const site of SITES) {
      expect(site.editors.length).toBeGreaterThan(0);
      expect(site.postButtons.length).toBeGreaterThan(0);
      expect(site.name.length).toBeGreaterThan(0);
      for (const host of site.hosts) expect(host).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    }
    expect(SITES[SITES.length - 1]!.id).toBe('generic');
  });

  it('give each host to at most one big site', () => {
    const owners = new Map<string, string>();
    for (const site of SITES.filter((candidate) => candidate.exclusive)) {
      for (const host of site.hosts) {
        expect(owners.get(host)).toBeUndefined();
        owners.set(host, site.id);
      }
    }
  });
});
