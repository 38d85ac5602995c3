/** scripts/same-findings.mjs: whether two builds of the engine give the same findings (for speed work). */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const run = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'scripts/same-findings.mjs'), ...args], { encoding: 'utf8' });

/** A stand-in for a built engine: `flags` decides which drafts get a finding. */
function fakeEngine(dir: string, name: string, flags: string): string {
  const file = path.join(dir, `${name}.cjs`);
  fs.writeFileSync(file, `exports.getRuleBundle = () => ({});\nexports.createEngine = () => ({ check: (d) => (${flags})(d.text) ? [{ rule: 'r', start: 0, end: 1 }] : [] });\n`);
  return file;
}

describe('same-findings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-same-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says the findings are the same, and exits 0, when they are', () => {
    const engine = fakeEngine(dir, 'a', '(t) => t.includes("bed")');
    const r = run(engine, fakeEngine(dir, 'b', '(t) => t.includes("bed")'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d{4,} drafts from \d+ files: 0 with other findings$/m);
  });

  it('counts the drafts whose findings differ by index, never printing a text, and exits 1', () => {
    const r = run(fakeEngine(dir, 'c', '() => false'), fakeEngine(dir, 'd', '(t) => t.length > 5000'));
    expect(r.status).toBe(1);
    // The joined drafts of more than 5,000 characters (20 of the 30) get a finding from one engine only.
    expect(r.stdout).toMatch(/: \d+ with other findings \(indices [\d, …]+\)$/m);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('refuses anything but two engine files, with exit code 2', () => {
    expect(run('only-one.cjs').status).toBe(2);
    const r = run(path.join(dir, 'missing.cjs'), path.join(dir, 'missing.cjs'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: node scripts\/same-findings\.mjs OLD_ENGINE NEW_ENGINE/);
  });
});
