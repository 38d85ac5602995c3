// One side of `npm run bench`'s comparison (scripts/bench.mjs, section 2), in a process of its
// own: `node scripts/bench-sizes.mjs engine|harper RUNS WARMUP_MS` reads {name: text} as JSON
// on stdin and prints {name: {p50, p95}} in milliseconds.
//
// Why a process each: timed in one process, each side ran in the other's leftover heap.
// Timed in turn, the check's p95 measured harper.js's garbage (beside it the heap grew 2 MB
// a scavenge, and freeing its lints did not change that); timed after the engine, harper.js's
// p95 at 280 characters was about twice what it is alone. Both now start from a fresh heap and are timed alike.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { percentile } from './bench-stats.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [side, runsArg, warmupArg] = process.argv.slice(2);
const RUNS = Number(runsArg);
const WARMUP_RUNS = 50;
const WARMUP_MS = Number(warmupArg);
const TEXTS = JSON.parse(readFileSync(0, 'utf8'));

// Warmed up until at least WARMUP_RUNS runs and WARMUP_MS have passed, so JIT compilation
// is not what gets compared (after 50 runs alone V8 was still optimising the engine, and its
// 280-character p95 measured that: 5-10 ms, against 0.7 once warm). `run` may return a
// promise (harper.js) or not (the engine, timed without an await).
async function timeRuns(run) {
  const settle = (r) => (r && typeof r.then === 'function' ? r : undefined);
  const warmUntil = performance.now() + WARMUP_MS;
  for (let i = 0; i < WARMUP_RUNS || performance.now() < warmUntil; i++) await settle(run(i));
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const pending = settle(run(i));
    if (pending) await pending;
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

let run;
if (side === 'engine') {
  // The engine remembers compromise's matches for text it has parsed before (a draft changes
  // a little at a time); here it must not, or it would be timed on answers it already had.
  const engineModule = require(path.join(root, 'dist/engine/node.cjs'));
  const engine = engineModule.createEngine(engineModule.getRuleBundle(), { rememberWindows: 0 });
  run = (text, spaced) => (i) => engine.check({ text: i % 2 ? text : spaced }); // two texts in turn, as always
} else if (side === 'harper') {
  const harper = await import('harper.js');
  const { binaryInlined } = await import('harper.js/binaryInlined');
  const linter = new harper.LocalLinter({ binary: binaryInlined });
  await linter.setup();
  run = (text) => () => linter.lint(text);
} else {
  throw new Error(`bench-sizes: which side, engine or harper? (got ${side})`);
}
const out = {};
for (const [name, text] of Object.entries(TEXTS)) out[name] = await timeRuns(run(text, `${text} `));
process.stdout.write(JSON.stringify(out));
