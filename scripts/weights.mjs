// What the learned model weighs for one category, heaviest first: for governance teams
// reading a model after `npm run build`. Negative weights are the look-alikes.
//   node scripts/weights.mjs CATEGORY [--top N]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const category = args.find((a) => !a.startsWith('--'));
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
let bundle;
try {
  bundle = JSON.parse(readFileSync(path.join(root, 'build/rules.json'), 'utf8'));
} catch {
  console.error('weights: no build/rules.json; run npm run build first');
  process.exit(2);
}
const model = bundle.model;
const m = model?.categories?.[category];
if (!m) {
  console.error(`weights: give a category: ${Object.keys(model?.categories ?? {}).join(', ')}`);
  process.exit(2);
}
const weights = [];
for (let k = 0; k + 1 < m.weights.length; k += 2) weights.push([model.evidence[m.weights[k]], m.weights[k + 1] / 1000]);
weights.sort((a, b) => b[1] - a[1]);
const show = (list) => list.map(([name, w]) => `  ${w >= 0 ? '+' : ''}${w.toFixed(3)}  ${name}`).join('\n');
console.log(`${category}: bias ${m.bias}, reported from ${m.threshold} (a clause alone from ${m.clauseThreshold ?? m.threshold}${m.alsoThreshold === undefined ? '' : `, beside another category from ${m.alsoThreshold}`}), high from ${m.high}; ${weights.length} weights`);
console.log(`\nraise the score most:\n${show(weights.slice(0, top))}`);
console.log(`\nlower it most (the look-alikes):\n${show(weights.slice(-top).reverse())}`);

// The words by meaning (m:WORD: weights made from each word's vector, src/rules/meaning.ts),
// apart: some 20,000 small weights, which a sum over a draft's words makes count.
const meaning = model.meaning;
const column = meaning ? meaning.categories.indexOf(category) : -1;
if (column >= 0) {
  const list = meaning.words.split('\n');
  // Category after category, each in the words' order (MeaningTable in src/engine/model.ts).
  const words = list.map((word, w) => [`m:${word}`, meaning.weights[column * list.length + w] / 1000]).filter(([, w]) => w !== 0);
  words.sort((a, b) => b[1] - a[1]);
  console.log(`\nwords by meaning (${words.length}), raise it most:\n${show(words.slice(0, top))}`);
  console.log(`\nwords by meaning, lower it most:\n${show(words.slice(-top).reverse())}`);
}
