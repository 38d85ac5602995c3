/**
 * Candidate terms for a signal, proposed from word embeddings: a tool for rule authors
 * (scripts/suggest-terms.mjs), never run by the engine or the build.
 *
 * Why: a lexicon written by hand holds the words its author thought of, and a writer the
 * project has never seen uses others for the same thing ("blootered" for "drunk",
 * "numpty" for "idiot"). Words used in the same contexts as a signal's terms sit near them
 * in an embedding space, so the space proposes the ones the author missed. It only
 * proposes: each candidate is read and kept or dropped by a person against
 * docs/phenomena.md, because neighbours in such a space include opposites ("sober" sits
 * near "drunk") and words of another sense.
 *
 * A candidate is scored by its mean similarity to its k nearest seed terms, not to the
 * nearest one alone, so that a word near several of a signal's terms (the phenomenon)
 * ranks above a word near one term only (often that term's other sense).
 */
import { withInflections } from './inflect';

/** Unit vectors of words, in the embedding's order of frequency, most frequent first. */
export interface WordVectors {
  readonly words: readonly string[];
  vector(word: string): Float32Array | undefined;
}

export interface SuggestOptions {
  /** How many candidates to return (default 40). */
  top?: number;
  /** A candidate's score is its mean similarity to this many nearest seeds (default 3). */
  neighbours?: number;
  /** Only the N most frequent words of the embedding are candidates (default 100,000): rarer ones are mostly noise. */
  vocabulary?: number;
  /** Other signals' terms by signal name: a candidate one of them holds already is shown with its name. */
  others?: Readonly<Record<string, readonly string[]>>;
}

export interface Suggestion {
  word: string;
  /** Mean cosine similarity to the nearest seeds, 0 to 1 for words of the same use. */
  score: number;
  /** The seeds nearest the word, most similar first: why it was proposed. */
  nearest: { seed: string; similarity: number }[];
  /** Other signals that hold the word already, by name. */
  elsewhere: string[];
}

export interface Suggestions {
  /** The seeds the embedding knows. */
  seeds: string[];
  /** Terms that could not be seeds: phrases, patterns, or words the embedding lacks. */
  unused: string[];
  suggestions: Suggestion[];
}

/** A plain word of letters (an inner apostrophe or hyphen allowed), as the embedding writes it. */
const PLAIN_WORD = /^[a-z](?:[a-z'-]*[a-z])?$/;

/** A term as written in a signal file, lower-cased, with the case-sensitive mark ("=ED") taken off. */
function plainTerm(term: string): string {
  return term.replace(/^=/, '').trim().toLowerCase();
}

/** Every form the terms already match: the terms and their inflections, lower-cased. */
export function coveredForms(terms: readonly string[]): Set<string> {
  const plain = terms.map(plainTerm);
  return new Set(withInflections(plain).map((t) => t.toLowerCase()));
}

/** Whether the terms match a word already: one of their forms, or a term such as `plank*` that ends a word with `*`. */
export function coveredBy(terms: readonly string[]): (word: string) => boolean {
  const forms = coveredForms(terms);
  const prefixes = terms.map(plainTerm).filter((t) => /^[a-z'-]+\*$/.test(t)).map((t) => t.slice(0, -1));
  return (word) => forms.has(word) || prefixes.some((p) => word.startsWith(p));
}

/**
 * Words near the seed terms in the embedding that no seed term covers yet, best first.
 * Deterministic: ties are broken by the embedding's order.
 */
export function suggestTerms(vectors: WordVectors, terms: readonly string[], options: SuggestOptions = {}): Suggestions {
  const top = options.top ?? 40;
  const k = Math.max(1, options.neighbours ?? 3);
  const vocabulary = options.vocabulary ?? 100_000;
  const seeds: string[] = [];
  const seedVectors: Float32Array[] = [];
  const unused: string[] = [];
  for (const term of terms) {
    const word = plainTerm(term);
    const v = PLAIN_WORD.test(word) ? vectors.vector(word) : undefined;
    if (!v) {
      unused.push(term);
      continue;
    }
    if (seeds.includes(word)) continue;
    seeds.push(word);
    seedVectors.push(v);
  }
  if (seeds.length === 0) return { seeds, unused, suggestions: [] };
  const covered = coveredBy(terms);
  const holds: [string, (word: string) => boolean][] = [];
  for (const [name, list] of Object.entries(options.others ?? {})) {
    holds.push([name, coveredBy(list)]);
  }
  const n = Math.min(k, seeds.length);
  const scored: { word: string; order: number; score: number; sims: Float64Array }[] = [];
  const limit = Math.min(vocabulary, vectors.words.length);
  for (let order = 0; order < limit; order++) {
    const word = vectors.words[order]!;
    if (!PLAIN_WORD.test(word) || word.length < 3 || covered(word)) continue;
    const v = vectors.vector(word);
    if (!v) continue;
    const sims = new Float64Array(seedVectors.length);
    for (let s = 0; s < seedVectors.length; s++) {
      const u = seedVectors[s]!;
      let dot = 0;
      for (let d = 0; d < u.length; d++) dot += u[d]! * v[d]!;
      sims[s] = dot;
    }
    const best = Float64Array.from(sims).sort().reverse();
    let sum = 0;
    for (let i = 0; i < n; i++) sum += best[i]!;
    scored.push({ word, order, score: sum / n, sims });
  }
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const suggestions = scored.slice(0, top).map(({ word, score, sims }) => ({
    word,
    score: Math.round(score * 1000) / 1000,
    nearest: [...sims]
      .map((similarity, s) => ({ seed: seeds[s]!, similarity: Math.round(similarity * 1000) / 1000 }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, n),
    elsewhere: holds.filter(([, has]) => has(word)).map(([name]) => name),
  }));
  return { seeds, unused, suggestions };
}

/** Scales a vector to unit length, so that a dot product is the cosine similarity. */
export function unitVector(values: ArrayLike<number>, dimensions: number): Float32Array {
  const v = new Float32Array(dimensions);
  let norm = 0;
  for (let d = 0; d < dimensions; d++) {
    v[d] = values[d]!;
    norm += v[d]! * v[d]!;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let d = 0; d < dimensions; d++) v[d] = v[d]! / norm;
  return v;
}
