/**
 * Loading the Node engine with a V8 code cache made at build time.
 *
 * Why: a fresh `second-opinion` process, or any script that requires the engine, spends
 * several milliseconds parsing the engine's code and compiling each function the first
 * time it runs. V8 can save what it compiled (`createCachedData`) and take it back in
 * another process, skipping that work. Node 22 does this itself (module.enableCompileCache);
 * Node 20, which this project supports, does not. The build runs the engine over the
 * development corpus, saves V8's code for it beside the bundle, and the loader hands it
 * back to V8 with the source.
 *
 * Nothing here changes what runs: the code is the bundle's own, compiled by the same V8.
 * V8 refuses a cache made by another V8 version or with other flags, and the loader
 * refuses one made for another build of the bundle (the header holds the bundle's
 * SHA-256); either way the bundle is then compiled as usual.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { wrap } from 'node:module';

export type CodeCacheState = 'accepted' | 'rejected' | 'absent';

const HEADER_BYTES = 64; // the bundle's SHA-256, in hex

/** Runs a CommonJS bundle as `require` would, with the code cache beside it if it fits. */
export function loadWithCodeCache(bundleFile: string, cacheFile: string, bundleHash: string, requireFn: NodeJS.Require): { exports: unknown; state: CodeCacheState } {
  let cachedData: Buffer | undefined;
  try {
    const cache = fs.readFileSync(cacheFile);
    if (cache.subarray(0, HEADER_BYTES).toString('latin1') === bundleHash) cachedData = cache.subarray(HEADER_BYTES);
  } catch {
    // No cache (a build without one, or a copy of the bundle alone): compile as usual.
  }
  const { script, module } = run(bundleFile, cachedData, requireFn);
  return { exports: module.exports, state: cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted' };
}

/**
 * At build time: runs the bundle, lets `warmUp` exercise it, and writes V8's code for
 * everything that ran, after the header.
 */
export function makeCodeCache(bundleFile: string, cacheFile: string, bundleHash: string, requireFn: NodeJS.Require, warmUp: (exports: unknown) => void): void {
  const { script, module } = run(bundleFile, undefined, requireFn);
  warmUp(module.exports);
  fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(bundleHash, 'latin1'), script.createCachedData()]));
}

function run(bundleFile: string, cachedData: Buffer | undefined, requireFn: NodeJS.Require) {
  const source = fs.readFileSync(bundleFile, 'utf8');
  const script = new vm.Script(wrap(source), { filename: bundleFile, cachedData });
  const module = { exports: {} as unknown };
  const compiled = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  compiled.call(module.exports, module.exports, requireFn, module, bundleFile, path.dirname(bundleFile));
  return { script, module };
}
