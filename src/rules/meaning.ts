/**
 * What the words mean, for training (src/rules/train.ts): unit vectors of the most frequent
 * English words (rules/training/word-vectors.json, written by scripts/word-vectors.mjs from
 * GloVe). A writer the training posts never saw uses words they never used, or used too
 * seldom to be weighed; "drunk" is near "drinking", "stupid" near "lazy". Most slang is not
 * among them ("hungover", "sloshed"), nor are words with apostrophes ("don't", "patient's":
 * GloVe reads "n't" and "'s" apart); those weigh by their stems and signals alone.
 *
 * How it is weighed: a post's meaning is the sum of the vectors of its distinct words (m:WORD
 * evidence, src/engine/engine.ts; the first MEANING_WORDS_MAX of them), each less the mean
 * word's, each of its numbers standardised over the training posts (all of them, the author
 * held out included: the centre and spread use no label), and each category learns a weight
 * per number, under a heavy penalty. A sum of vectors
 * times weights is a sum over the words of one number per word and category, so the model
 * ships those numbers as the weights of each m:WORD, and the engine scores them as any other
 * evidence (a clause, too, by its own words). Words the table does not hold weigh nothing.
 * Measured on the unseen authors (docs/quality.md, session 38).
 */
import * as fs from 'node:fs';

export interface WordVectors {
  dimensions: number;
  /** The words, most frequent first; a word's place is its vector's. */
  words: readonly string[];
  /** Each word's vector, `dimensions` numbers at `place * dimensions`. */
  values: Float32Array;
  /** A word's place, if the table holds it. */
  placeOf(word: string): number | undefined;
}

export class WordVectorsError extends Error {}

/** The evidence name a word's meaning goes by (m:WORD), as the engine names it. */
export { MEANING_PREFIX } from '../engine/model';

/** Reads rules/training/word-vectors.json (see scripts/word-vectors.mjs); a damaged file is refused. */
export function readWordVectors(file: string): WordVectors {
  let data: { dimensions?: unknown; scale?: unknown; words?: unknown; vectors?: unknown };
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new WordVectorsError(`${file}: cannot be read (${(e as Error).message}); run node scripts/word-vectors.mjs`);
  }
  const { dimensions, scale, words, vectors } = data;
  if (!Number.isInteger(dimensions) || (dimensions as number) < 1 || typeof scale !== 'number' || !(scale > 0) || typeof words !== 'string' || typeof vectors !== 'string') {
    throw new WordVectorsError(`${file}: needs whole "dimensions", a positive "scale", and "words" and "vectors" as strings; run node scripts/word-vectors.mjs`);
  }
  const list = words.split(' ');
  const bytes = Buffer.from(vectors, 'base64');
  const d = dimensions as number;
  if (bytes.length !== list.length * d) throw new WordVectorsError(`${file}: ${bytes.length} numbers for ${list.length} words of ${d}; run node scripts/word-vectors.mjs`);
  const places = new Map<string, number>();
  list.forEach((w, i) => {
    if (places.has(w)) throw new WordVectorsError(`${file}: "${w}" is listed twice`);
    places.set(w, i);
  });
  const values = new Float32Array(bytes.length);
  const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < signed.length; i++) values[i] = signed[i]! / scale;
  return { dimensions: d, words: list, values, placeOf: (word) => places.get(word) };
}
