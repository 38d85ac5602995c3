// npm run bench: speed of the engine, measured side by side with harper.js (a local
// grammar checker of the same kind) on the same texts. Speed lives here, never in tests.
//   node scripts/bench.mjs [--quick] [--json]
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENGINE = path.join(root, 'dist/engine/node.cjs');
const CLI = path.join(root, 'dist/cli/second-opinion.js');
const quick = process.argv.includes('--quick');
const RUNS = quick ? 40 : 200;

const posts = readFileSync(path.join(root, 'test/fixtures/corpus/dev.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const corpusText = posts.map((p) => p.text).join(' ');
const sized = (n, offset = 0) => {
  let s = '';
  while (s.length < n + offset) s += `${corpusText} `;
  return s.slice(offset, offset + n);
};
const TEXTS = { '280-char tweet': sized(280, 1000), '2,000-char post': sized(2000, 5000), '10,000-char post': sized(10000, 20000) };

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => `${x.toFixed(2)} ms`;
const results = { date: new Date().toISOString(), node: process.version, runs: RUNS, sizes: {}, targets: {} };

// 1. Start-up, in fresh processes: load the engine, build it, check one tweet.
const startupScript = `
const { performance } = require('node:perf_hooks');
const t0 = performance.now();
const e = require(${JSON.stringify(ENGINE)});
const engine = e.getEngine();
const t1 = performance.now();
engine.check({ text: ${JSON.stringify(TEXTS['280-char tweet'])} });
const t2 = performance.now();
console.log(JSON.stringify({ ready: t1 - t0, first: t2 - t1 }));`;
const startups = [];
for (let i = 0; i < (quick ? 3 : 7); i++) startups.push(JSON.parse(spawnSync(process.execPath, ['-e', startupScript], { encoding: 'utf8' }).stdout));
const ready = percentile(startups.map((s) => s.ready), 50);
const first = percentile(startups.map((s) => s.first), 50);
results.startup = { readyMs: ready, firstCheckMs: first, totalMs: ready + first };

// 2. check() against harper.js on the same texts.
const engine = require(ENGINE);
const harper = await import('harper.js');
const { binaryInlined } = await import('harper.js/binaryInlined');
const linter = new harper.LocalLinter({ binary: binaryInlined });
await linter.setup();
for (const [name, text] of Object.entries(TEXTS)) {
  // Warm both up the same way, so JIT compilation is not what gets compared.
  for (let i = 0; i < 50; i++) {
    engine.check({ text: i % 2 ? text : `${text} ` });
    await linter.lint(text);
  }
  const ours = [];
  const theirs = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    engine.check({ text: i % 2 ? text : `${text} ` }); // defeat any caching by identity
    ours.push(performance.now() - t);
    t = performance.now();
    await linter.lint(text);
    theirs.push(performance.now() - t);
  }
  results.sizes[name] = {
    chars: text.length,
    check: { p50: percentile(ours, 50), p95: percentile(ours, 95) },
    harper: { p50: percentile(theirs, 50), p95: percentile(theirs, 95) },
  };
}

// 3. CLI batch throughput, from a file of JSONL posts (process start included).
const dir = mkdtempSync(path.join(tmpdir(), 'so-bench-'));
const batchFile = path.join(dir, 'posts.jsonl');
const N = quick ? 2000 : 10000;
writeFileSync(batchFile, Array.from({ length: N }, (_, i) => JSON.stringify({ id: String(i), text: posts[i % posts.length].text, audience: posts[i % posts.length].audience })).join('\n'));
let t = performance.now();
const batch = spawnSync(process.execPath, [CLI, 'check', '--jsonl', batchFile], { encoding: 'utf8', maxBuffer: 1 << 30 });
const batchMs = performance.now() - t;
rmSync(dir, { recursive: true, force: true });
const lines = batch.stdout.trim().split('\n').length;
results.batch = { posts: N, answered: lines, seconds: batchMs / 1000, postsPerSecond: N / (batchMs / 1000) };

// 4. Megabyte drafts, ordinary and hostile.
const MB = 1_000_000;
const huge = {
  'clinical posts': sized(MB),
  'one repeated letter': 'a'.repeat(MB),
  apostrophes: "'".repeat(MB),
  emoji: '😂'.repeat(MB / 2),
  'titles and initials': 'Dr Dr A. '.repeat(MB / 9),
  'mixed identifiers': 'Mr A 1/1/11 07700 9 '.repeat(MB / 20),
};
results.megabyte = {};
for (const [name, text] of Object.entries(huge)) {
  t = performance.now();
  engine.check({ text });
  results.megabyte[name] = performance.now() - t;
}

// Targets from the checking-core issue.
const worstMb = Math.max(...Object.values(results.megabyte));
results.targets = {
  'check p95 <= half of harper.js p95 at each size': Object.values(results.sizes).every((s) => s.check.p95 <= s.harper.p95 / 2),
  'start-up (load, build, first check) <= 50 ms': results.startup.totalMs <= 50,
  'batch >= 1,000 posts/s': results.batch.postsPerSecond >= 1000,
  '1 MB draft < 2 s': worstMb < 2000,
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const out = [`Second Opinion benchmark (${results.node}, ${RUNS} runs per size)`, ''];
  out.push('size                 check p50   check p95   harper p50  harper p95  p95 ratio');
  for (const [name, s] of Object.entries(results.sizes)) {
    out.push(`${name.padEnd(20)} ${ms(s.check.p50).padStart(10)} ${ms(s.check.p95).padStart(11)} ${ms(s.harper.p50).padStart(11)} ${ms(s.harper.p95).padStart(11)}  ${(s.check.p95 / s.harper.p95).toFixed(2)}`);
  }
  out.push('', `start-up: engine ready ${ms(ready)}, first check ${ms(first)}, total ${ms(ready + first)} (median of ${startups.length} fresh processes)`);
  out.push(`CLI batch: ${N} posts in ${results.batch.seconds.toFixed(2)} s = ${Math.round(results.batch.postsPerSecond)} posts/s (process start included)`);
  out.push('', '1 MB drafts:');
  for (const [name, v] of Object.entries(results.megabyte)) out.push(`  ${name.padEnd(22)} ${ms(v)}`);
  out.push('', 'targets:');
  for (const [k, v] of Object.entries(results.targets)) out.push(`  ${v ? 'met    ' : 'MISSED '} ${k}`);
  console.log(out.join('\n'));
}
