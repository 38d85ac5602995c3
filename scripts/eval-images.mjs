// npm run eval (second part): the image set of issue 19, drawn in Chromium by the tests'
// renderer (test/fixtures/images/), read by `second-opinion check-image`. Prints identifier
// recall and precision on clean pictures, recall on each kind of degraded picture, and the
// share of benign pictures flagged.
//   node scripts/eval-images.mjs [--json]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const renderer = path.join(root, 'build/tools/render-images.cjs');
await build({ entryPoints: [path.join(root, 'test/fixtures/images/render.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: renderer, logLevel: 'warning' });
const images = await require(renderer).renderImageSet();

const started = Date.now();
let out;
try {
  out = execFileSync(process.execPath, [path.join(root, 'dist/cli/second-opinion.js'), 'check-image', '--format', 'json', ...images.map((i) => i.file)], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
} catch (e) {
  // Exit 1 means something was flagged: the output is still the report.
  if (e.status !== 1) throw e;
  out = e.stdout;
}
const elapsed = Date.now() - started;
const byFile = new Map(JSON.parse(out.toString('utf8')).images.map((o) => [o.file, o]));

const groups = new Map();
const count = (key, hit) => {
  const g = groups.get(key) ?? { hit: 0, of: 0 };
  g.hit += hit ? 1 : 0;
  g.of += 1;
  groups.set(key, g);
};
let flaggedIdentifier = 0;
let flaggedIdentifierRisky = 0;
let unreadable = 0;
let locationNotes = 0;
let exifPictures = 0;
for (const image of images) {
  const o = byFile.get(image.file);
  if (!o || o.error) {
    unreadable++;
    continue;
  }
  const categories = new Set(o.report.findings.map((f) => f.category));
  const state = image.degradations.length ? image.degradations.join('+') : 'clean';
  if (image.risky) count(`risky ${state}`, categories.has('patient-identifier'));
  else count(`benign ${state}`, categories.size > 0);
  if (!image.degradations.length && categories.has('patient-identifier')) {
    flaggedIdentifier++;
    if (image.risky) flaggedIdentifierRisky++;
  }
  if (image.exif) {
    exifPictures++;
    if (o.report.notes.some((n) => n.kind === 'location')) locationNotes++;
  }
}
const rate = (g) => (g ? g.hit / g.of : NaN);
const sum = (prefix) => [...groups].filter(([k]) => k.startsWith(prefix)).reduce((acc, [, g]) => ({ hit: acc.hit + g.hit, of: acc.of + g.of }), { hit: 0, of: 0 });
const degradedRisky = [...groups].filter(([k]) => k.startsWith('risky ') && k !== 'risky clean').reduce((acc, [, g]) => ({ hit: acc.hit + g.hit, of: acc.of + g.of }), { hit: 0, of: 0 });
const summary = {
  images: images.length,
  cleanIdentifierRecall: rate(groups.get('risky clean')),
  cleanIdentifierPrecision: flaggedIdentifier ? flaggedIdentifierRisky / flaggedIdentifier : NaN,
  degradedIdentifierRecall: rate(degradedRisky),
  benignFlagged: rate(sum('benign ')),
  locationNoted: `${locationNotes}/${exifPictures}`,
  unreadable,
  msPerImage: Math.round(elapsed / images.length),
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ summary, groups: Object.fromEntries(groups) }, null, 2));
} else {
  const f = (x) => (Number.isNaN(x) ? ' n/a' : x.toFixed(2));
  console.log(`\nImages (${images.length}, drawn by test/fixtures/images/; targets: clean identifier recall >= 0.90, benign flagged <= 0.05)`);
  console.log('group                          found / of');
  for (const [key, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) console.log(`${key.padEnd(30)} ${String(g.hit).padStart(5)} / ${g.of}`);
  console.log(`clean pictures: identifier recall ${f(summary.cleanIdentifierRecall)} precision ${f(summary.cleanIdentifierPrecision)} | degraded recall ${f(summary.degradedIdentifierRecall)} | benign flagged ${f(summary.benignFlagged)} | location noted ${summary.locationNoted} | unreadable ${unreadable} | ${summary.msPerImage} ms per picture`);
}
