import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadWithCodeCache, makeCodeCache } from '../../src/node/code-cache';

describe('loading a bundle with a V8 code cache', () => {
  let dir: string;
  let bundle: string;
  let cache: string;
  const hash = 'a'.repeat(64);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-code-cache-'));
    bundle = path.join(dir, 'bundle.cjs');
    cache = path.join(dir, 'bundle.v8cache');
    fs.writeFileSync(bundle, "const path = require('node:path'); exports.twice = (n) => n * 2; exports.dir = __dirname; exports.base = path.basename(__filename);");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes back the cache made for the same bundle, and the bundle runs as under require', () => {
    makeCodeCache(bundle, cache, hash, require, (e) => expect((e as { twice(n: number): number }).twice(2)).toBe(4));
    const loaded = loadWithCodeCache(bundle, cache, hash, require);
    expect(loaded.state).toBe('accepted');
    expect(loaded.exports).toMatchObject({ dir, base: 'bundle.cjs' });
    expect((loaded.exports as { twice(n: number): number }).twice(21)).toBe(42);
  });

  it('compiles as usual without a cache, with a cache for another build, or with a damaged one', () => {
    expect(loadWithCodeCache(bundle, cache, hash, require).state).toBe('absent');
    makeCodeCache(bundle, cache, hash, require, () => undefined);
    expect(loadWithCodeCache(bundle, cache, 'b'.repeat(64), require).state).toBe('absent');
    // A source this process has not compiled yet: V8 reuses code it compiled earlier in the
    // same process without looking at the cache.
    fs.appendFileSync(bundle, '\n// damaged cache');
    fs.writeFileSync(cache, Buffer.concat([Buffer.from(hash, 'latin1'), Buffer.from('not code at all')]));
    const damaged = loadWithCodeCache(bundle, cache, hash, require);
    expect(damaged.state).toBe('rejected');
    expect((damaged.exports as { twice(n: number): number }).twice(3)).toBe(6);
  });

  it('is taken back by the built engine (dist/engine/node.cjs) in a fresh process', () => {
    const engine = path.resolve(__dirname, '../../dist/engine/node.cjs');
    const out = execFileSync(process.execPath, ['-e', `const e = require(${JSON.stringify(engine)}); console.log(e.codeCache, e.check({ text: 'NHS no 943 476 5919' }).length > 0)`], { encoding: 'utf8' });
    expect(out.trim()).toBe('accepted true');
  });
});
