/**
 * dist/engine/node.cjs: the Node engine (./engine.ts, built to engine-core.cjs) loaded
 * with the code cache the build made for it (see ./code-cache.ts).
 */
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { loadWithCodeCache } from './code-cache';

// Set before the bundle is compiled: V8 takes a code cache only under the flags it was
// made with, and the bundle sets this flag (see ./engine.ts).
setFlagsFromString('--no-regexp-tier-up');

declare const ENGINE_CORE_SHA256: string; // written in by the build

const loaded = loadWithCodeCache(path.join(__dirname, 'engine-core.cjs'), path.join(__dirname, 'engine-core.v8cache'), ENGINE_CORE_SHA256, require);
Object.defineProperty(loaded.exports, 'codeCache', { value: loaded.state, enumerable: false });
module.exports = loaded.exports;
