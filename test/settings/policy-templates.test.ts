/** The committed deployment kit is what the settings model generates, and each file is well formed. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { parsePolicy } from '../../src/settings/layers';

const ROOT = path.resolve(__dirname, '../..');
const deploy = (file: string) => path.join(ROOT, 'docs/deploy', file);

describe('npm run policy-templates', () => {
  it('matches the committed docs/deploy files and settings table', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/policy-templates.mjs'), '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('writes well-formed ADMX, ADML and mobileconfig XML', () => {
    for (const file of ['windows/admx/second-opinion.admx', 'windows/admx/en-GB/second-opinion.adml', 'macos/second-opinion.mobileconfig']) {
      expect(XMLValidator.validate(fs.readFileSync(deploy(file), 'utf8'))).toBe(true);
    }
  });

  it('gives example policies that the extension accepts with no problem, for every platform', () => {
    const linux = JSON.parse(fs.readFileSync(deploy('linux/chromium/second-opinion.json'), 'utf8'));
    const [chromeSettings] = Object.values(linux['3rdparty'].extensions);
    expect(parsePolicy(chromeSettings).problems).toEqual([]);
    const firefox = JSON.parse(fs.readFileSync(deploy('firefox/policies.json'), 'utf8'));
    const [firefoxSettings] = Object.values(firefox.policies['3rdparty'].Extensions);
    expect(parsePolicy(firefoxSettings).problems).toEqual([]);
    const admin = JSON.parse(fs.readFileSync(deploy('google-admin/second-opinion.json'), 'utf8')) as Record<string, { Value: unknown }>;
    expect(parsePolicy(Object.fromEntries(Object.entries(admin).map(([key, value]) => [key, value.Value]))).problems).toEqual([]);
  });

  it('refuses a malformed extension id with a clear message', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/policy-templates.mjs'), '--check', '--chrome-id', 'not-an-id'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/32-letter Chromium extension id/);
  });
});
