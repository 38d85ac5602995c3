// npm run bench: speed of the engine, measured side by side with harper.js (a local
// grammar checker of the same kind) on the same texts, then the extension's cost in
// Debian's Chromium (scripts/bench-extension.ts). Speed lives here, never in tests.
//   node scripts/bench.mjs [--quick] [--json] [--no-browser]
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { percentile } from './bench-stats.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENGINE = path.join(root, 'dist/engine/node.cjs');
const CLI = path.join(root, 'dist/cli/second-opinion.js');
const quick = process.argv.includes('--quick');
const RUNS = quick ? 40 : 200;

const posts = readFileSync(path.join(root, 'rules/training/dev.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const corpusText = posts.map((p) => p.text).join(' ');
const sized = (n, offset = 0) => {
  let s = '';
  while (s.length < n + offset) s += `${corpusText} `;
  return s.slice(offset, offset + n);
};
const TEXTS = { '280-char tweet': sized(280, 1000), '2,000-char post': sized(2000, 5000), '10,000-char post': sized(10000, 20000) };

const ms = (x) => `${x.toFixed(2)} ms`;
const ROUNDS = quick ? 1 : 3;
const results = { date: new Date().toISOString(), node: process.version, runs: RUNS, rounds: ROUNDS, sizes: {}, targets: {} };

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

// 2. check() against harper.js on the same texts, each side in a fresh process of its own,
// warmed up and timed alike (scripts/bench-sizes.mjs says how, and why apart).
const WARMUP_MS = quick ? 300 : 1000;
const timeSide = (side) => {
  const child = spawnSync(process.execPath, [path.join(root, 'scripts/bench-sizes.mjs'), side, String(RUNS), String(WARMUP_MS)], { input: JSON.stringify(TEXTS), encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`bench-sizes ${side} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout);
};
// The sides take turns for several rounds, which one goes first alternating, and the target
// is judged on the median over the rounds of each round's ratio (the engine's p95 over
// harper.js's, two processes started moments apart). One process a side, once, compared
// more than the checkers: on the 2-core reference machine a process runs at one of two
// speeds, probably by the core it lands on (pinned with taskset, a fresh engine started in
// about 97 ms on one core and 135 on the other), and the bench has measured the engine
// several times slower than by hand, for reasons not known. Rounds make one process that
// landed badly count less; they do not rule that out, nor explain the rest (docs/quality.md,
// "Speed", session 41). Each side's p50 and p95 are also medians over the rounds, taken apart, so the
// ratio printed is not always their quotient.
const perRound = [];
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? ['harper', 'engine'] : ['engine', 'harper'];
  const round = {};
  for (const side of order) round[side] = timeSide(side);
  perRound.push(round);
}
const medianOf = (xs) => percentile(xs, 50); // the middle one of an odd number
for (const [name, text] of Object.entries(TEXTS)) {
  const rounds = perRound.map((round) => ({ check: round.engine[name], harper: round.harper[name], p95Ratio: round.engine[name].p95 / round.harper[name].p95 }));
  const over = (side, p) => medianOf(rounds.map((round) => round[side][p]));
  results.sizes[name] = {
    chars: text.length,
    check: { p50: over('check', 'p50'), p95: over('check', 'p95') },
    harper: { p50: over('harper', 'p50'), p95: over('harper', 'p95') },
    p95Ratio: medianOf(rounds.map((round) => round.p95Ratio)),
    rounds,
  };
}
const engineModule = require(ENGINE);
const engine = engineModule.createEngine(engineModule.getRuleBundle(), { rememberWindows: 0 });

// 2b. Re-checking a 5,000-character draft after one more keystroke, as the extension
// does, with the engine's memory of the windows it has parsed.
{
  const warm = engineModule.createEngine(engineModule.getRuleBundle());
  const draft = sized(5000, 3000);
  const times = [];
  for (let i = 0; i < RUNS + 20; i++) {
    const t = performance.now();
    warm.check({ text: `${draft}${'abcdefghij'.slice(0, i % 10)}` });
    if (i >= 20) times.push(performance.now() - t);
  }
  const cold = [];
  for (let i = 0; i < Math.min(RUNS, 60); i++) {
    const t = performance.now();
    engine.check({ text: `${draft}${'abcdefghij'.slice(0, i % 10)}` });
    cold.push(performance.now() - t);
  }
  results.recheck = { chars: draft.length, warm: { p50: percentile(times, 50), p95: percentile(times, 95) }, cold: { p50: percentile(cold, 50), p95: percentile(cold, 95) } };
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
  // One long line of names and labels: each looked at its line's start and end, which
  // once meant searching the whole draft per word (quadratic: about 20 s before session 10).
  'labels, one line': 'Where: Ubul: Mrs Kaur and Kaur, '.repeat(MB / 32),
  'names in lists': 'Smith, Jones and Brown is adam, eva and kaur '.repeat(MB / 45),
  // A name beside every eponym, a street after every "lives on": each looked up among all
  // the others once (quadratic: 6.9 and 2.8 s before the review in session 10).
  'eponyms and streets': "Mrs Crohn's lives on Via Tasso 1 ".repeat(MB / 33),
  // Runs of stops with no space after them, and one capitalised word that never ends:
  // each was tried from every character (quadratic: 40,000 stops took 4.9 s, a megabyte did
  // not finish in 600 s, and 'A' + 80,000 letters + '1' took 8.4 s, before session 11).
  'full stops': '.'.repeat(MB),
  'exclamation marks': '!'.repeat(MB),
  'one capitalised word': `A${'a'.repeat(MB - 2)}1`,
  'clauses without end': 'a, '.repeat(MB / 3),
};
results.megabyte = {};
for (const [name, text] of Object.entries(huge)) {
  t = performance.now();
  engine.check({ text });
  results.megabyte[name] = performance.now() - t;
}

// 4b. Auditing an archive (`second-opinion audit`): 50,000 posts in an X archive, and an
// archive of 2 GB that is mostly media, each in a fresh process that reports its peak memory.
{
  const { configure, TextReader, Uint8ArrayReader, ZipWriter } = await import('@zip.js/zip.js/index-native.js');
  const { Writable } = await import('node:stream');
  const { createWriteStream } = await import('node:fs');
  configure({ useWebWorkers: false });
  const auditDir = mkdtempSync(path.join(tmpdir(), 'so-bench-audit-'));
  const writeArchive = async (file, fill) => {
    const stream = createWriteStream(file);
    const zip = new ZipWriter(Writable.toWeb(stream));
    await fill(zip);
    await zip.close();
  };
  const POSTS = quick ? 10_000 : 50_000;
  const tweets = Array.from({ length: POSTS }, (_, i) => {
    const p = posts[i % posts.length];
    return { tweet: { id_str: String(1e15 + i), full_text: p.text, created_at: new Date(Date.UTC(2015 + (i % 10), i % 12, 1 + (i % 28))).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) (.+) GMT$/, '$1 $3 $2 $5 +0000 $4') } };
  });
  const account = 'window.YTD.account.part0 = [{"account":{"username":"bench","accountId":"1"}}]';
  const textArchive = path.join(auditDir, 'x-50k.zip');
  await writeArchive(textArchive, async (zip) => {
    await zip.add('data/account.js', new TextReader(account));
    await zip.add('data/tweets.js', new TextReader(`window.YTD.tweets.part0 = ${JSON.stringify(tweets)}`));
  });
  const mediaArchive = path.join(auditDir, 'x-media-2gb.zip');
  const photo = new Uint8Array(32 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
  await writeArchive(mediaArchive, async (zip) => {
    await zip.add('data/account.js', new TextReader(account));
    await zip.add('data/tweets.js', new TextReader(`window.YTD.tweets.part0 = ${JSON.stringify(tweets.slice(0, 2000))}`));
    for (let i = 0; i < (quick ? 8 : 64); i++) await zip.add(`data/tweets_media/${i}.jpg`, new Uint8ArrayReader(photo), { level: 0 });
  });
  const auditRun = (archive) => {
    const probe = `const { main } = require(${JSON.stringify(CLI)}); main(['node', 'second-opinion', 'audit', ${JSON.stringify(archive)}, '--format', 'json']).then((code) => process.stderr.write('\\n' + JSON.stringify({ code, maxRssMb: process.resourceUsage().maxRSS / 1024 })));`;
    const started = performance.now();
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    const seconds = (performance.now() - started) / 1000;
    const last = JSON.parse(r.stderr.trim().split('\n').pop());
    return { seconds, maxRssMb: Math.round(last.maxRssMb), code: last.code };
  };
  const { statSync } = await import('node:fs');
  results.audit = {
    posts: POSTS,
    text: auditRun(textArchive),
    media: { archiveMb: Math.round(statSync(mediaArchive).size / 1e6), ...auditRun(mediaArchive) },
  };
  rmSync(auditDir, { recursive: true, force: true });
}

// 5. The extension in Chromium: typing latency and the cost on a page with no compose box.
if (!process.argv.includes('--no-browser')) {
  const bundle = path.join(root, 'build/bench/extension.cjs');
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(root, 'scripts/bench-extension.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    outfile: bundle,
    logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, [bundle, ...(quick ? ['--quick'] : [])], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) {
    console.error('the browser benchmark failed (is Chromium installed? see README); run with --no-browser to skip it');
    process.exit(1);
  }
  results.extension = JSON.parse(run.stdout.trim().split('\n').pop());
}

// 6. Pictures (issue 19): the OCR in Node on a 12-megapixel phone photo and a 1080p screenshot, each in a fresh process.
{
  const bundle = path.join(root, 'build/bench/ocr.cjs');
  const { build } = await import('esbuild');
  await build({ entryPoints: [path.join(root, 'scripts/bench-ocr.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: bundle, logLevel: 'warning' });
  results.ocr = JSON.parse(spawnSync(process.execPath, [bundle], { encoding: 'utf8', maxBuffer: 1 << 24 }).stdout);
}

// Targets from the checking-core issue.
const worstMb = Math.max(...Object.values(results.megabyte));
results.targets = {
  'check p95 <= half of harper.js p95 at each size': Object.values(results.sizes).every((s) => s.p95Ratio <= 0.5),
  'start-up (load, build, first check) <= 50 ms': results.startup.totalMs <= 50,
  'batch >= 1,000 posts/s': results.batch.postsPerSecond >= 1000,
  '1 MB draft < 2 s': worstMb < 2000,
  'audit of 50,000 posts in the CLI <= 30 s': results.audit.posts === 50_000 && results.audit.text.seconds <= 30,
  'audit of a 2 GB archive, mostly media: peak memory <= 500 MB': results.audit.media.archiveMb >= 2000 && results.audit.media.maxRssMb <= 500,
};
// Targets from the pictures issue.
results.targets['OCR of a 12-megapixel photo <= 3 s'] = results.ocr.photo.readMs <= 3000;
results.targets['OCR of a 1080p screenshot <= 1.5 s'] = results.ocr.screenshot.readMs <= 1500;
results.targets['OCR peak memory <= 250 MB'] = Math.max(results.ocr.photo.maxRssMb, results.ocr.screenshot.maxRssMb) <= 250;
if (results.extension) {
  // Targets from the extension issue.
  results.targets['typing: < 4 ms added per keystroke at p95, 5,000-char draft, every rich editor measured'] = results.extension.typing.every((t) => t.addedP95 < 4);
  results.targets['page with no compose box: < 5 ms of main-thread time'] = results.extension.noComposeBox.totalMs < 5;
  // Target from the pictures issue: typing is never slowed, even with photos just attached.
  results.targets['typing with two 12-megapixel photos just attached: < 4 ms added per keystroke at p95'] = results.extension.pictures.typing.addedP95 < 4;
  results.targets['attached photo to its finding in the extension <= 3 s'] = results.extension.pictures.photoToFindingMs <= 3000;
  // Targets from the page-security issue.
  const hostile = results.extension.hostile;
  results.targets['scroll frame, 250+ findings on a 100 KB textarea: < 16 ms'] = hostile.findings >= 250 && hostile.scrollLongestTaskMs < 16;
  results.targets['scroll frame with 100 compose boxes open: < 16 ms'] = hostile.manyBoxesScrollLongestTaskMs < 16;
  results.targets['megabyte pastes checked and posted: no task of ours over 50 ms'] = Object.values(hostile.pasteLongestTaskMs).every((ms) => ms <= 50);
  // Target from the archive-audit issue.
  results.targets['audit of 50,000 posts in the extension page <= 60 s'] = results.extension.auditPage.posts === 50_000 && results.extension.auditPage.seconds <= 60;
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const out = [`Second Opinion benchmark (${results.node}, ${RUNS} runs per size${ROUNDS > 1 ? `; ${ROUNDS} rounds in turn, each figure the median over them` : ''})`, ''];
  out.push(`size                 check p50   check p95   harper p50  harper p95  p95 ratio${ROUNDS > 1 ? " (the median of the rounds' ratios)" : ''}`);
  for (const [name, s] of Object.entries(results.sizes)) {
    out.push(`${name.padEnd(20)} ${ms(s.check.p50).padStart(10)} ${ms(s.check.p95).padStart(11)} ${ms(s.harper.p50).padStart(11)} ${ms(s.harper.p95).padStart(11)}  ${s.p95Ratio.toFixed(2)}${ROUNDS > 1 ? ` (rounds: ${s.rounds.map((round) => round.p95Ratio.toFixed(2)).join(', ')})` : ''}`);
  }
  out.push('', `start-up: engine ready ${ms(ready)}, first check ${ms(first)}, total ${ms(ready + first)} (median of ${startups.length} fresh processes)`);
  out.push(`CLI batch: ${N} posts in ${results.batch.seconds.toFixed(2)} s = ${Math.round(results.batch.postsPerSecond)} posts/s (process start included)`);
  out.push('', '1 MB drafts:');
  for (const [name, v] of Object.entries(results.megabyte)) out.push(`  ${name.padEnd(22)} ${ms(v)}`);
  out.push('', `audit (second-opinion audit, a fresh process each): ${results.audit.posts} posts in ${results.audit.text.seconds.toFixed(1)} s, peak ${results.audit.text.maxRssMb} MB; a ${results.audit.media.archiveMb} MB archive of mostly media in ${results.audit.media.seconds.toFixed(1)} s, peak ${results.audit.media.maxRssMb} MB`);
  out.push('');
  for (const [name, o] of Object.entries(results.ocr)) out.push(`OCR (Node), ${name} ${o.width}×${o.height}: read in ${o.readMs} ms after a ${o.startupMs} ms start-up, ${o.words} words, peak ${o.maxRssMb} MB`);
  out.push('', `re-check of a ${results.recheck.chars}-char draft after a keystroke: p50 ${ms(results.recheck.warm.p50)}, p95 ${ms(results.recheck.warm.p95)} (from cold: p50 ${ms(results.recheck.cold.p50)}, p95 ${ms(results.recheck.cold.p95)})`);
  if (results.extension) {
    out.push('', 'extension in Chromium, keystroke to paint (event timestamp to the frame after it):');
    out.push('editor        draft   without p50/p95       with p50/p95          added p50/p95');
    for (const t of results.extension.typing) {
      out.push(`${t.editor.padEnd(12)} ${String(t.draftChars).padStart(6)}   ${ms(t.without.p50)} / ${ms(t.without.p95)}   ${ms(t.with.p50)} / ${ms(t.with.p95)}   ${ms(t.addedP50)} / ${ms(t.addedP95)}  (${t.with.samples} keys)`);
    }
    const pictures = results.extension.pictures;
    const t = pictures.typing;
    out.push(`${'draft-js, photos'.padEnd(12)} ${String(t.draftChars).padStart(6)}   ${ms(t.without.p50)} / ${ms(t.without.p95)}   ${ms(t.with.p50)} / ${ms(t.with.p95)}   ${ms(t.addedP50)} / ${ms(t.addedP95)}  (${t.with.samples} keys; ${t.picturesPerRound} 12 MP photos attached each round)`);
    out.push(`attached 12 MP photo to its finding in the pictures badge (reader open, after the pause it waits for): ${pictures.photoToFindingMs} ms`);
    const idle = results.extension.noComposeBox;
    out.push(`page with no compose box (${idle.page}, median of ${idle.loads} loads): ${ms(idle.totalMs)} of main-thread time in our scripts; any content script costs ${ms(idle.anyContentScriptMs)}; engine loaded: ${idle.engineLoaded}`);
    const hostile = results.extension.hostile;
    out.push(`hostile textarea (${hostile.site}): ${hostile.draftChars} chars, ${hostile.findings} findings; scroll (${hostile.scrollFrames} frames): longest task of ours ${ms(hostile.scrollLongestTaskMs)}, p95 ${ms(hostile.scrollP95TaskMs)}`);
    out.push(`  ${hostile.manyBoxes} compose boxes open, page scrolled: longest task of ours ${ms(hostile.manyBoxesScrollLongestTaskMs)}`);
    for (const [name, v] of Object.entries(hostile.pasteLongestTaskMs)) out.push(`  paste then Post, ${name}: longest task of ours ${ms(v)}`);
    for (const f of results.extension.firstFocus) out.push(`first focus of a compose box (${f.site}: the engine injected and made ready, the first words checked): longest task of ours ${ms(f.longestTaskMs)} (${f.longest.map((t) => `${t.script} ${ms(t.ms)}`).join(', ')})`);
    out.push(`audit page (Chromium): ${results.extension.auditPage.posts} posts in ${results.extension.auditPage.seconds} s`);
  }
  out.push('', 'targets:');
  for (const [k, v] of Object.entries(results.targets)) out.push(`  ${v ? 'met    ' : 'MISSED '} ${k}`);
  console.log(out.join('\n'));
}
