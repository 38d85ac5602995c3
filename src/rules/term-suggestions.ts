/**
 * Candidate terms for a signal, proposed from word embeddings: a tool for rule authors
 * (scripts/suggest-terms.mjs), never run by the engine or the build.
 *
 * Why: a lexicon written by hand holds the words its author thought of, and a writer the
 * project has never seen uses others for the same thing ("blootered" for "drunk",
 * "numpty" for "idiot"). Words used in the same contexts as a signal's terms sit near them
 * in an embedding space, so the space proposes the ones the author missed. It only
 * proposes: each candidate is read and kept or dropped by a person against
 * docs/phenomena.md, because neighbours in such a space include opposites ("win" sits near
 * "lose"), words of the same topic without the risk, and words of another sense.
 *
 * A candidate is scored by its mean similarity to its k nearest seeds, not to the nearest
 * one alone, so that a word near several of a signal's terms (the phenomenon) ranks above a
 * word near one term only (often that term's other sense). Seeds of one stem ("shouted",
 * "shouting") count as one seed, at the similarity of the nearer: otherwise one word's
 * inflections would fill the k alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import stemWord from 'wink-porter2-stemmer';
import { termGroups, TermMatcher, tokenise } from '../engine/terms';
import { signalForms } from './inflect';
import { signalFileSchema } from './schema';

/** Unit vectors of words, in the embedding's order of frequency, most frequent first. */
export interface WordVectors {
  readonly words: readonly string[];
  vector(word: string): Float32Array | undefined;
}

/** A signal's terms as the engine reads them. */
export interface SignalTerms {
  terms: readonly string[];
  /** Whether the engine also matches the terms' other forms (a signal's `inflect`, default true). */
  inflect?: boolean;
}

export interface SuggestOptions {
  /** How many candidates to return (default 40). */
  top?: number;
  /** A candidate's score is its mean similarity to this many nearest seeds (default 3). */
  neighbours?: number;
  /** Only the N most frequent words of the embedding are candidates (default 100,000): rarer ones are mostly noise. */
  vocabulary?: number;
  /**
   * The signals whose terms already match a word, by name (see signalCoverage). A candidate
   * that `self` matches is left out; the others are shown with it. Without it, only a seed
   * itself is left out.
   */
  holders?: (word: string) => readonly string[];
  /** The name under which `holders` reports the signal the seeds come from. */
  self?: string;
}

export interface Suggestion {
  word: string;
  /** Mean cosine similarity to the nearest seeds: near 1 for words of the same use, 0 or less for unrelated words. */
  score: number;
  /** The seeds nearest the word, most similar first (one per stem): why it was proposed. */
  nearest: { seed: string; similarity: number }[];
  /** Other signals whose terms match the word already, by name. */
  elsewhere: string[];
}

export interface Suggestions {
  /** The seeds the embedding knows. */
  seeds: string[];
  /** Terms that could not be seeds: phrases, patterns, case-sensitive terms, or words the embedding lacks. */
  unused: string[];
  suggestions: Suggestion[];
}

/** A plain word of letters (an inner apostrophe or hyphen allowed), as the embedding writes it. */
const PLAIN_WORD = /^[a-z](?:[a-z'-]*[a-z])?$/;

/**
 * For each word, the signals whose terms (and the forms the build makes of them) match that
 * word alone, as the engine's term matcher reads it: the same normalisation of case,
 * apostrophes and hyphens, `word*` terms, case-sensitive `=` terms, and no forms for a
 * signal with `inflect: false`.
 */
export function signalCoverage(signals: Readonly<Record<string, SignalTerms>>): (word: string) => string[] {
  const withForms: Record<string, { terms: readonly string[]; forms: readonly string[] }> = {};
  for (const [name, def] of Object.entries(signals)) withForms[name] = { terms: def.terms, forms: signalForms(name, { terms: def.terms, inflect: def.inflect ?? true }) };
  const matcher = new TermMatcher(termGroups(withForms));
  return (word) => {
    const out: string[] = [];
    for (const [name, spans] of matcher.matchAll(tokenise(word))) if (spans.some((s) => s.start === 0 && s.end === word.length)) out.push(name);
    return out.sort();
  };
}

/**
 * Words near the seed terms in the embedding that the signal does not match yet, best first.
 * Deterministic: ties are broken by the embedding's order.
 */
export function suggestTerms(vectors: WordVectors, terms: readonly string[], options: SuggestOptions = {}): Suggestions {
  const top = options.top ?? 40;
  const k = Math.max(1, options.neighbours ?? 3);
  const vocabulary = options.vocabulary ?? 100_000;
  const seeds: string[] = [];
  const seedVectors: Float32Array[] = [];
  const seedStem: number[] = [];
  const stems = new Map<string, number>();
  const unused: string[] = [];
  for (const term of terms) {
    // A case-sensitive term ("=ICE", the results system) is another word in lower case.
    const word = term.trim().toLowerCase();
    const v = !term.startsWith('=') && PLAIN_WORD.test(word) ? vectors.vector(word) : undefined;
    if (!v) {
      unused.push(term);
      continue;
    }
    if (seeds.includes(word)) continue;
    const stem = stemWord(word);
    if (!stems.has(stem)) stems.set(stem, stems.size);
    seeds.push(word);
    seedVectors.push(v);
    seedStem.push(stems.get(stem)!);
  }
  if (seeds.length === 0) return { seeds, unused, suggestions: [] };
  const n = Math.min(k, stems.size);
  const isSeed = new Set(seeds);
  // Per stem, the similarity of its nearest seed to `v`, and which seed that is.
  const nearestByStem = (v: Float32Array) => {
    const best = new Float64Array(stems.size).fill(-Infinity);
    const bestSeed = new Int32Array(stems.size);
    for (let s = 0; s < seedVectors.length; s++) {
      const u = seedVectors[s]!;
      let dot = 0;
      for (let d = 0; d < u.length; d++) dot += u[d]! * v[d]!;
      const g = seedStem[s]!;
      if (dot > best[g]!) {
        best[g] = dot;
        bestSeed[g] = s;
      }
    }
    return { best, bestSeed };
  };
  // Only the score is kept for every word of the vocabulary; the nearest seeds are worked out
  // again for the few words shown.
  const scored: { word: string; order: number; score: number }[] = [];
  const limit = Math.min(vocabulary, vectors.words.length);
  for (let order = 0; order < limit; order++) {
    const word = vectors.words[order]!;
    if (!PLAIN_WORD.test(word) || word.length < 3 || isSeed.has(word)) continue;
    const v = vectors.vector(word);
    if (!v) continue;
    const sorted = nearestByStem(v).best.sort().reverse();
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i]!;
    scored.push({ word, order, score: sum / n });
  }
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  // Coverage is asked only of the best words, until enough are not covered: the matcher for
  // every word of the vocabulary would be most of the run.
  const suggestions: Suggestion[] = [];
  for (const { word, score } of scored) {
    if (suggestions.length >= top) break;
    const held = options.holders?.(word) ?? [];
    if (options.self !== undefined && held.includes(options.self)) continue;
    const { best, bestSeed } = nearestByStem(vectors.vector(word)!);
    const nearest = [...best]
      .map((similarity, g) => ({ seed: seeds[bestSeed[g]!]!, similarity: Math.round(similarity * 1000) / 1000 }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, n);
    suggestions.push({ word, score: Math.round(score * 1000) / 1000, nearest, elsewhere: held.filter((h) => h !== options.self) });
  }
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

/**
 * Every signal of the rule files in `signalsDir`, validated as the build validates them (a
 * file that does not validate is an error naming it and what is wrong).
 */
export function readSignals(signalsDir: string): Map<string, SignalTerms> {
  const out = new Map<string, SignalTerms>();
  for (const file of fs.readdirSync(signalsDir).filter((f) => f.endsWith('.yaml')).sort()) {
    let doc: unknown;
    try {
      doc = parseYaml(fs.readFileSync(path.join(signalsDir, file), 'utf8'));
    } catch (error) {
      throw new Error(`${file}: not valid YAML: ${(error as Error).message}`);
    }
    const parsed = signalFileSchema.safeParse(doc);
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    for (const [name, def] of Object.entries(parsed.data.signals)) out.set(name, { terms: def.terms, inflect: def.inflect });
  }
  return out;
}
