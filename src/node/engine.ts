/**
 * The engine as Node runs it: the command-line checker, `npm run eval` and `npm run bench`
 * load it from here (built to dist/engine/node.cjs). It is the engine of src/engine,
 * unchanged, with one setting of V8's.
 *
 * Why: V8 first runs a regular expression in its interpreter, compiling it to bytecode,
 * and compiles it again to machine code when it runs a second time ("tier-up"). Nearly
 * every pattern of the engine runs more than once in a check, so each was compiled twice,
 * and those compiles were most of a fresh process's first check (about 45 ms of 50).
 * With tier-up off each pattern is compiled once, straight to machine code: the first
 * check takes about half as long, and no result changes. Browsers keep V8's defaults;
 * the extension loads the engine once per page, not once per check.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-regexp-tier-up');

export * from '../engine';
