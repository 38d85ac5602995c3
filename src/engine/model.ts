/**
 * The learned part of a check: each category's decision is a score over named pieces of
 * evidence, combined by weights that the build learns from labelled posts
 * (src/rules/train.ts). Pure and DOM-free, like the rest of the engine.
 *
 * Evidence is named so that a governance team can read a model:
 *   s:NAME      the signal NAME matched somewhere in the post
 *   r:ID        the rule ID fired
 *   e:TYPE      the recognisers found an entity of TYPE
 *   a:AUDIENCE  the draft's audience
 *   p:A&B       signals A and B matched in the same sentence (A before B alphabetically)
 *   w:STEM      a word of three or more letters (inner apostrophes allowed), by its Porter2
 *               stem STEM, which may be shorter ("it's" is w:it)
 *   m:WORD      a word of two or more letters, by what it means: its weights are made from the
 *               word's vector (src/rules/meaning.ts), so words no training post used weigh too
 * Each piece of evidence present has the value 1; a score is the logistic of the bias
 * plus the weights of the evidence present.
 */
import { CATEGORIES, type Category, type Span } from './types';
import { fileByPart, indexHolding, pushAll } from './spans';
import { runToEnd, type Steps } from './steps';
import { isSorted, remembered, SortedWords, WordPlaces } from './sorted-words';
import type { Integers } from './packed-numbers';

export interface CategoryModel {
  bias: number;
  /**
   * The weights, flat: pairs of an evidence index (a place in evidenceNames(model), which is
   * LearnedModel.evidence unless the pairs' names were left out) and the weight times 1,000
   * (an integer). Evidence not listed weighs nothing. In the shipped bundle
   * (LearnedModel.denseWeights), every evidence index's weight times 1,000 instead.
   */
  weights: Integers;
  /** The score from which the category is reported. */
  threshold: number;
  /** The score from which one clause alone reports the category (1 or more: never). */
  clauseThreshold?: number;
  /**
   * The score from which one clause in which a rule of the category fires reports it,
   * whatever the rest of the post says (the high-severity mark; absent: never).
   */
  ruleClauseThreshold?: number;
  /**
   * Lower marks than ruleClauseThreshold for the rules whose clauses, held out in training,
   * added only posts of the category (by rule id).
   */
  ruleMarks?: Record<string, number>;
  /**
   * The score from which the whole draft reports the category when another category is
   * reported on its own marks already (absent: never). Lower than `threshold`: such a draft
   * is flagged anyway, so training holds this mark to the category's precision, not to the
   * benign budget (chooseAlsoThreshold in src/rules/train.ts).
   */
  alsoThreshold?: number;
  /** The score from which its findings are high severity. */
  high: number;
}

/**
 * The model format this engine reads. 6: the model may weigh words by meaning (`meaning`),
 * with the bias of each category shifted to suit; an engine of 5 would ignore the words and
 * score every draft too high. 5: the shipped bundle may leave out the pairs' names
 * (pairNamesOmitted), which an engine of 4 would count wrong. 4: the shipped bundle may carry its weights dense and
 * packed (denseWeights, ./packed-numbers.ts), which an engine of 3 would read as no weights
 * at all. 3: words are named by their Porter2 stem (w:STEM); in 2 they were the word itself,
 * and a model of 2 would weigh almost no word of a draft.
 */
export const MODEL_VERSION = 6;

export interface LearnedModel {
  version: typeof MODEL_VERSION;
  /** How the model was trained, for the eval report and docs/quality.md. */
  trainedOn: { posts: number; groups: Record<string, number>; seed: number };
  /**
   * The names of the evidence any category weighs, once each, sorted (as training writes
   * them); in the shipped bundle without the pairs' names (pairNamesOmitted).
   */
  evidence: string[];
  categories: Partial<Record<Category, CategoryModel>>;
  /** The pairs among the evidence as numbers (see pairsOf), written by training; made from the names when absent. */
  pairs?: ModelPairs;
  /**
   * In the shipped bundle (src/engine/packed-numbers.ts): each category's `weights` is every
   * evidence index's weight times 1,000, in index order, instead of (index, weight) pairs.
   * Training writes pairs (build/rules.json), which people and tests read.
   */
  denseWeights?: true;
  /** What the words mean, by word (m:WORD; see src/rules/meaning.ts): absent, words' meanings weigh nothing. */
  meaning?: MeaningTable;
  /**
   * In the shipped bundle (src/engine/shipped-bundle.ts): `evidence` leaves out the pairs'
   * names (p:A&B), which `pairs` holds as numbers. A weight's index counts them all the
   * same: the names are those of evidenceNames(), in order.
   */
  pairNamesOmitted?: true;
}

/**
 * The weights of words by what they mean (m:WORD), written by training from the words'
 * vectors (src/rules/meaning.ts): some 20,000 words, each with a weight per category. Not in
 * `evidence`, as so many names would be most of the bundle: the words are one string, and
 * the weights one list. A word's evidence index is the count of the other evidence plus its
 * place among `words`.
 */
export interface MeaningTable {
  /** The words, sorted, joined by line breaks (as PackedWords reads them). */
  words: string;
  /** The categories the weights are of, in the order of each word's weights. */
  categories: Category[];
  /**
   * Each word's weight times 1,000, category after category (in the order of `categories`),
   * each category's in the order of `words`: a category's are then one run, which a fresh
   * engine copies in one call (a loop over 220,000 numbers took milliseconds of start-up).
   */
  weights: Integers;
}

/**
 * The pairs (p:A&B) among a model's evidence as numbers: `signals` are the halves of all
 * pairs, sorted (a signal's ordinal is its place here), and pair k, at evidence index
 * `at[k]`, has the key ordinal(A) * signals.length + ordinal(B).
 *
 * Why training writes them: cutting some three thousand pair names into halves and hashing
 * the halves (with every other name) was some 10 ms of every fresh engine's start-up.
 */
export interface ModelPairs {
  signals: string[];
  at: Integers;
  keys: Integers;
}

/** The pairs of a model's evidence names (see ModelPairs). */
export function pairsOf(names: readonly string[]): ModelPairs {
  const at: number[] = [];
  const halves: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (!name.startsWith('p:')) continue;
    const amp = name.indexOf('&');
    at.push(i);
    halves.push(name.slice(2, amp), name.slice(amp + 1));
  }
  const signals = [...new Set(halves)].sort();
  const ordinal = new Map(signals.map((s, k) => [s, k]));
  const keys = at.map((_, k) => ordinal.get(halves[2 * k]!)! * signals.length + ordinal.get(halves[2 * k + 1]!)!);
  return { signals, at, keys };
}

/** Evidence names to their indexes: get(name) is the index, has(name) whether it has one. */
export interface EvidenceIndex {
  get(name: string): number | undefined;
  has(name: string): boolean;
}

/** A category's model as the engine uses it: a weight per evidence index. */
export interface ReadyCategory {
  bias: number;
  /**
   * Each evidence index's weight times 1,000, as the bundle holds it: a weight is
   * `milli[i] / 1000`, the same number that a table of weights divided once would hold.
   * Why not that table: the shipped bundle has these numbers ready to use (see
   * LearnedModel.denseWeights), and spreading some 31,000 (index, weight) pairs into eleven
   * new tables, not yet optimised by V8, was milliseconds of each fresh engine's start.
   */
  milli: Float64Array | Integers;
  threshold: number;
  clauseThreshold: number;
  ruleClauseThreshold: number;
  /** Each rule's mark where lower than ruleClauseThreshold. */
  ruleMarks: ReadonlyMap<string, number>;
  /** 1 or more: never. */
  alsoThreshold: number;
  high: number;
}

/** A model read for use: evidence names to indexes, and each category's weights. */
export interface ReadyModel {
  index: EvidenceIndex;
  categories: Partial<Record<Category, ReadyCategory>>;
  /**
   * The pairs the model weighs, as numbers: signals get ordinals in name order, and the pair
   * of a before b is a * (count of signals) + b. A draft's pairs are tested by number, and a
   * pair's name is only written when the model weighs it.
   */
  pairs: {
    ordinal: Map<string, number>;
    /** The evidence index of each pair key. */
    indexOf: Map<number, number>;
    /**
     * The name of the pair at evidence index `index`, whose signals are `a` and `b`: made the
     * first time and kept, so that each check gets the same string (a new one each time was
     * hashed again wherever it was looked up: some 6-8% of checking a long draft).
     */
    nameAt(index: number, a: string, b: string): string;
  };
  /** The signals the model weighs, alone (s:NAME) or in a pair (both halves of p:A&B). */
  signalsUsed: ReadonlySet<string>;
  /** Whether it weighs any word (w:STEM): if not, a draft's words are not read as evidence. */
  weighsWords: boolean;
  /** Whether it weighs any word's meaning (m:WORD; see src/rules/meaning.ts). */
  weighsMeanings: boolean;
}

export function readyModel(model: LearnedModel): ReadyModel {
  // A bundle built by another version of the build scores silently wrong, so it is refused.
  if (model.version !== MODEL_VERSION) throw new Error(`the rule bundle's learned model is version ${String(model.version)}, and this engine reads version ${MODEL_VERSION}: rebuild the bundle with npm run build`);
  // This runs at every fresh engine's start (the CLI, and each page where a compose box gets
  // focus), so nothing here hashes or cuts the thousands of names: training writes them sorted,
  // and they are searched by halving (memoised); the pairs come as numbers (ModelPairs).
  const names = model.evidence;
  const used = new Set<string>();
  let weighsWords = false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name.startsWith('w:')) weighsWords = true;
    else if (name.startsWith('s:')) used.add(name.slice(2));
  }
  if (model.pairNamesOmitted && !model.pairs) throw new Error("the rule bundle's model omits its pair names but has no pairs: rebuild the bundle with npm run build");
  const pairs = model.pairs ?? pairsOf(names);
  for (const s of pairs.signals) used.add(s);
  const ordinal = new Map<string, number>();
  for (let k = 0; k < pairs.signals.length; k++) ordinal.set(pairs.signals[k]!, k);
  // The evidence's size counts the pairs whether or not their names came with it.
  const size = model.pairNamesOmitted ? names.length + pairs.at.length : names.length;
  // A damaged pair would never be weighed, or be weighed under another's name, without a sign: refused instead.
  const isPair = checkPairs(pairs, size);
  const indexOf = new Map<number, number>();
  for (let k = 0; k < pairs.at.length; k++) indexOf.set(pairs.keys[k]!, pairs.at[k]!);
  const byName: EvidenceIndex = isSorted(names) ? new SortedWords(names, true) : new Map(names.map((n, i) => [n, i]));
  const named = model.pairNamesOmitted ? pairsByNumber(byName, names.length, isPair, pairs.signals.length, ordinal, indexOf) : byName;
  const meaning = model.meaning ? readMeaning(model.meaning) : undefined;
  const index = meaning ? withMeanings(named, meaning.words, size) : named;
  const categories: ReadyModel['categories'] = {};
  for (const [category, m] of Object.entries(model.categories) as [Category, CategoryModel][]) {
    let milli: ReadyCategory['milli'];
    // Weights that do not fit the names are refused, not scored: a model whose dense weights
    // lost their flag, or whose pairs point past the names, would quietly find nothing.
    const wrong = (what: string) => new Error(`the rule bundle's ${category} weights ${what}: rebuild the bundle with npm run build`);
    const list = m.weights;
    if (!Array.isArray(list) && !ArrayBuffer.isView(list)) throw wrong('are not a list of numbers');
    if (model.denseWeights) {
      if (list.length !== size) throw wrong(`are ${list.length} for ${size} evidence names`);
      milli = list;
    } else {
      milli = spreadWeights(list, size, wrong);
    }
    if (meaning) milli = withMeaningWeights(milli, size, meaning, category);
    categories[category] = { bias: m.bias, milli, threshold: m.threshold, clauseThreshold: m.clauseThreshold ?? m.threshold, ruleClauseThreshold: m.ruleClauseThreshold ?? 1, ruleMarks: new Map(Object.entries(m.ruleMarks ?? {})), alsoThreshold: m.alsoThreshold ?? 1, high: m.high };
  }
  const pairNames: string[] = [];
  const nameAt = (index: number, a: string, b: string) => (pairNames[index] ??= pairName(a, b));
  return { index, categories, pairs: { ordinal, indexOf, nameAt }, signalsUsed: used, weighsWords, weighsMeanings: meaning !== undefined };
}

/** The evidence name prefix of a word by meaning (m:WORD). */
export const MEANING_PREFIX = 'm:';

/** A model's MeaningTable read for use, its damage refused: the words to look up, and each category's column of weights. */
function readMeaning(table: MeaningTable): ReadMeaning {
  const fail = (what: string) => new Error(`the rule bundle's word meanings ${what}: rebuild the bundle with npm run build`);
  if (typeof table.words !== 'string' || !Array.isArray(table.categories) || !(Array.isArray(table.weights) || ArrayBuffer.isView(table.weights))) throw fail('are not words, categories and weights');
  const k = table.categories.length;
  if (k === 0 || new Set(table.categories).size !== k || table.categories.some((c) => !CATEGORIES.includes(c))) throw fail(`name categories that are not the engine's, or one twice: ${table.categories.join(', ')}`);
  if (table.weights.length % k !== 0) throw fail(`have ${table.weights.length} weights, not a whole number for each of ${k} categories`);
  // How many words there are is the weights' to say; the words are counted at the first
  // lookup (WordPlaces), and their order was checked when the build wrote them.
  const words = new WordPlaces(table.words, table.weights.length / k);
  // A shipped copy's bytes are whole numbers within a byte by their type; any other list is checked.
  if (!(table.weights instanceof Int8Array)) {
    for (let i = 0; i < table.weights.length; i++) {
      const w = table.weights[i]!;
      if (!Number.isInteger(w) || w < -127 || w > 127) throw fail(`have a weight ${String(w)} (at ${i}) that is not a whole number within ±127`);
    }
  }
  return { words, columns: new Map(table.categories.map((c, i) => [c, i])), weights: table.weights };
}

/** The evidence index `named`, with each word's meaning (m:WORD) at `size` plus its place among the words. */
function withMeanings(named: EvidenceIndex, words: WordPlaces, size: number): EvidenceIndex {
  const get = (name: string): number | undefined => {
    if (!name.startsWith(MEANING_PREFIX)) return named.get(name);
    const place = words.placeOf(name.slice(MEANING_PREFIX.length));
    return place < 0 ? undefined : size + place;
  };
  return { get, has: (name) => get(name) !== undefined };
}

/** A model's MeaningTable as readyModel uses it. */
interface ReadMeaning {
  words: WordPlaces;
  /** Each category's place in MeaningTable.categories. */
  columns: Map<Category, number>;
  weights: Integers;
}

/** A category's weights with its words' meanings' after them (none for a category the table has no weights for). */
function withMeaningWeights(milli: ReadyCategory['milli'], size: number, meaning: ReadMeaning, category: Category): Int16Array | Int32Array {
  const n = meaning.words.size;
  // 16 bits where the other weights came in 16 (the shipped bundle's): half the memory to
  // allocate at every start. A meaning's weight always fits (within ±127).
  const out = milli instanceof Int16Array ? new Int16Array(size + n) : new Int32Array(size + n);
  out.set(milli);
  const column = meaning.columns.get(category);
  if (column !== undefined) {
    const { weights } = meaning;
    out.set(ArrayBuffer.isView(weights) ? weights.subarray(column * n, (column + 1) * n) : weights.slice(column * n, (column + 1) * n), size);
  }
  return out;
}

/**
 * Refuses pairs that a check could never meet, or would meet under another's name: keys that
 * are not (a before b) of two of the pair signals (a draft's pairs are keyed in name order),
 * a key given twice, not one key for each pair, signals out of name order, and evidence
 * indexes out of range or given twice (`size`: the count of evidence names, pairs included).
 * Returns which evidence indexes are pairs (1).
 */
function checkPairs(pairs: ModelPairs, size: number): Uint8Array {
  const fail = (what: string) => new Error(`the rule bundle's model ${what}: rebuild the bundle with npm run build`);
  const n = pairs.signals.length;
  for (let s = 1; s < n; s++) if (!(pairs.signals[s - 1]! < pairs.signals[s]!)) throw fail(`has its pair signals out of order at ${s}`);
  if (pairs.keys.length !== pairs.at.length) throw fail(`has ${pairs.keys.length} pair keys for ${pairs.at.length} pairs`);
  const seen = new Set<number>();
  const isPair = new Uint8Array(size);
  for (let k = 0; k < pairs.keys.length; k++) {
    const key = pairs.keys[k]!;
    if (!(Number.isInteger(key) && key >= 0 && key < n * n && Math.floor(key / n) < key % n)) throw fail(`has pair key ${key}, which names no two of its ${n} pair signals in order`);
    if (seen.has(key)) throw fail(`names the pair of key ${key} twice`);
    seen.add(key);
    const at = pairs.at[k]!;
    if (!Number.isInteger(at) || at < 0 || at >= size || isPair[at] === 1) throw fail(`names pair ${k} at evidence index ${at}, which is out of range or named twice`);
    isPair[at] = 1;
  }
  return isPair;
}

/**
 * The index of a model whose pairs' names were left out (LearnedModel.pairNamesOmitted): a
 * pair's name is read as its two signals' numbers, any other name is found among the names
 * given, and its place there is moved past the pairs' indexes before it.
 */
function pairsByNumber(byName: EvidenceIndex, count: number, isPair: Uint8Array, n: number, ordinal: ReadonlyMap<string, number>, indexOf: ReadonlyMap<number, number>): EvidenceIndex {
  const indexOfName = new Int32Array(count);
  for (let i = 0, next = 0; i < isPair.length; i++) if (isPair[i] === 0) indexOfName[next++] = i;
  const findPair = (name: string): number => {
    const amp = name.indexOf('&');
    const a = ordinal.get(name.slice(2, amp));
    const b = ordinal.get(name.slice(amp + 1));
    return (a === undefined || b === undefined ? undefined : indexOf.get(a * n + b)) ?? -1;
  };
  // A pair's answer is remembered, as SortedWords (byName) remembers the other names'.
  const pairAnswers = new Map<string, number>();
  const get = (name: string): number | undefined => {
    if (name.startsWith('p:')) {
      const i = remembered(pairAnswers, name, findPair);
      return i < 0 ? undefined : i;
    }
    const i = byName.get(name);
    return i === undefined ? undefined : indexOfName[i];
  };
  return { get, has: (name) => get(name) !== undefined };
}

/**
 * The highest score any part of the draft could reach: the bias and every positive weight
 * present. A clause's evidence is part of its draft's (its pairs are pairs of the draft's
 * sentences), so no clause can score more.
 */
export function ceilingOf(m: ReadyCategory, known: readonly KnownEvidence[]): number {
  let z = m.bias;
  for (let k = 0; k < known.length; k++) {
    const w = m.milli[known[k]!.index]! / 1000;
    if (w > 0) z += w;
  }
  return logistic(z);
}

/**
 * A category's (index, weight) pairs spread into a table with a number for each of `size`
 * evidence indexes (0 where no pair names it): the engine's table for a model as trained, and
 * the shipped bundle's dense weights (./packed-numbers.ts). Pairs that cannot be spread (an
 * odd count, an index that is not a whole number below `size`, or one given twice) throw
 * `wrong(what)`, each caller saying where.
 */
export function spreadWeights(pairs: Integers, size: number, wrong: (what: string) => Error): Float64Array {
  if (pairs.length % 2 !== 0) throw wrong(`are (index, weight) pairs, but an odd count (${pairs.length})`);
  const table = new Float64Array(size);
  const seen = new Uint8Array(size);
  for (let k = 0; k < pairs.length; k += 2) {
    const index = pairs[k]!;
    if (!Number.isInteger(index) || index < 0 || index >= size || seen[index] === 1) throw wrong(`name evidence index ${index}, which is out of range or weighed twice`);
    seen[index] = 1;
    table[index] = pairs[k + 1]!;
  }
  return table;
}

/**
 * Calls `each` with the evidence index and the weight times 1,000 of every piece of evidence
 * the category weighs (not zero), in index order, whether the bundle is as trained or shipped.
 */
export function forEachWeight(model: LearnedModel, m: CategoryModel, each: (index: number, milli: number) => void): void {
  const w = m.weights;
  if (model.denseWeights) {
    for (let i = 0; i < w.length; i++) if (w[i] !== 0) each(i, w[i]!);
  } else {
    for (let k = 0; k + 1 < w.length; k += 2) each(w[k]!, w[k + 1]!);
  }
}

/**
 * Every evidence name of a model in index order, the pairs' too, whichever copy the model
 * came from (./shipped-bundle.ts leaves the pairs' names out): what reads the weights by
 * name needs (weightsOf, scripts/eval.mjs). A check never makes the whole list.
 */
export function evidenceNames(model: LearnedModel): string[] {
  if (!model.pairNamesOmitted) return [...model.evidence];
  const pairs = model.pairs;
  if (!pairs) throw new Error("the rule bundle's model omits its pair names but has no pairs: rebuild the bundle with npm run build");
  const size = model.evidence.length + pairs.at.length;
  checkPairs(pairs, size);
  const names = new Array<string | undefined>(size);
  const count = pairs.signals.length;
  for (let k = 0; k < pairs.at.length; k++) {
    const key = pairs.keys[k]!;
    const at = pairs.at[k]!;
    if (!Number.isInteger(at) || at < 0 || at >= size || names[at] !== undefined) throw new Error(`the rule bundle's model names pair ${k} at evidence index ${at}, which is out of range or named twice: rebuild the bundle with npm run build`);
    names[at] = pairName(pairs.signals[Math.floor(key / count)]!, pairs.signals[key % count]!);
  }
  let next = 0;
  for (let i = 0; i < size; i++) if (names[i] === undefined) names[i] = model.evidence[next++];
  if (next !== model.evidence.length || names.some((n) => n === undefined)) throw new Error("the rule bundle's model pairs do not fit its evidence: rebuild the bundle with npm run build");
  return names as string[];
}

/** A category's weights by evidence name: for people reading a model, and for tests. */
export function weightsOf(model: LearnedModel, category: Category): Record<string, number> {
  const m = model.categories[category];
  const out: Record<string, number> = {};
  const names = evidenceNames(model);
  if (m) forEachWeight(model, m, (index, milli) => (out[names[index]!] = milli / 1000));
  const words = meaningNames(model);
  forEachMeaningWeight(model, category, (place, milli) => (out[words[place]!] = milli / 1000));
  return out;
}

/** The names of the words by meaning (m:WORD; MeaningTable), in the table's order: the evidence after evidenceNames(). */
export function meaningNames(model: LearnedModel): string[] {
  return model.meaning?.words ? model.meaning.words.split('\n').map((word) => `${MEANING_PREFIX}${word}`) : [];
}

/** Calls `each` with the place (in meaningNames) and the weight times 1,000 of each word the category weighs by meaning. */
export function forEachMeaningWeight(model: LearnedModel, category: Category, each: (place: number, milli: number) => void): void {
  const meaning = model.meaning;
  const column = meaning?.categories.indexOf(category) ?? -1;
  if (!meaning || column < 0) return;
  const n = meaning.weights.length / meaning.categories.length;
  for (let place = 0; place < n; place++) {
    const milli = meaning.weights[column * n + place]!;
    if (milli !== 0) each(place, milli);
  }
}

/** Evidence present in one draft: each name with the spans that carry it (possibly none). */
export type Evidence = Map<string, Span[]>;

export interface Scored {
  score: number;
  /** The evidence that raised the score, heaviest first, with its weight. */
  support: { name: string; weight: number; spans: Span[] }[];
}

export const logistic = (z: number): number => 1 / (1 + Math.exp(-z));

/** A piece of evidence a model weighs: its name, its index in the model, its spans. */
export interface KnownEvidence {
  name: string;
  index: number;
  spans: Span[];
}

/** The evidence a model weighs, each looked up once: every category then scores from indexes. */
export function knownEvidence(index: EvidenceIndex, evidence: Evidence): KnownEvidence[] {
  const out: KnownEvidence[] = [];
  evidence.forEach((spans, name) => {
    const i = index.get(name);
    if (i !== undefined) out.push({ name, index: i, spans });
  });
  return out;
}

/** A category's score (0 to 1) for the evidence. */
export function scoreOf(m: ReadyCategory, known: readonly KnownEvidence[]): number {
  let z = m.bias;
  for (let k = 0; k < known.length; k++) z += m.milli[known[k]!.index]! / 1000;
  return logistic(z);
}

/** The evidence that raised a category's score, heaviest first. */
export function supportOf(m: ReadyCategory, known: readonly KnownEvidence[]): Scored['support'] {
  const support: Scored['support'] = [];
  for (const e of known) {
    const w = m.milli[e.index]! / 1000;
    if (w > 0) support.push({ name: e.name, weight: w, spans: e.spans });
  }
  return support.sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Score and support together (for tests and people reading a model). */
export function scoreCategory(m: ReadyCategory, index: EvidenceIndex, evidence: Evidence): Scored {
  const known = knownEvidence(index, evidence);
  return { score: scoreOf(m, known), support: supportOf(m, known) };
}

/**
 * The evidence of each clause alone, from the evidence of the whole draft: each piece keeps
 * the spans that start in the clause, and the pairs are those of the signals in the clause.
 * A category is also reported when one clause alone reaches its threshold, so that a
 * look-alike in one clause ("leaving drinks were worth it") cannot exempt another
 * ("Hungover on shift"). `clauses` are sorted and do not overlap. Training uses it; the
 * engine scores clauses with clauseIndices, which gives the same scores.
 */
export function clauseEvidence(evidence: Evidence, clauses: readonly Span[]): { clause: number; evidence: Evidence }[] {
  // Only clauses that hold some evidence get a map: a megabyte of "a, a, a" has a third of a
  // million clauses and none of them holds any.
  const byClause = new Map<number, Evidence>();
  const audience: [string, Span[]][] = [];
  for (const [name, spans] of evidence) {
    if (name.startsWith('p:')) continue;
    if (name.startsWith('a:')) {
      audience.push([name, spans]);
      continue;
    }
    fileByPart(byClause, clauses, name, spans);
  }
  const out: { clause: number; evidence: Evidence }[] = [];
  for (const [clause, e] of [...byClause].sort((x, y) => x[0] - y[0])) {
    for (const [name, spans] of audience) e.set(name, spans);
    const signals = [...e.keys()].filter((k) => k.startsWith('s:')).sort();
    for (let i = 0; i < signals.length; i++) {
      for (let j = i + 1; j < signals.length; j++) {
        e.set(pairName(signals[i]!.slice(2), signals[j]!.slice(2)), [...e.get(signals[i]!)!, ...e.get(signals[j]!)!]);
      }
    }
    out.push({ clause, evidence: e });
  }
  return out;
}

/**
 * The same clauses' evidence as the model's indices alone, which is all a score needs: no
 * maps, no names, no copied spans. A megabyte draft has tens of thousands of clauses, and
 * building their evidence as clauseEvidence does took most of a second there. The clause
 * that wins gets its spans back from knownInClause.
 */
export function clauseIndices(evidence: Evidence, clauses: readonly Span[], model: ReadyModel): { clause: number; indices: number[] }[] {
  return runToEnd(clauseIndicesInSteps(evidence, clauses, model));
}

/** Spans or clauses placed per step of clauseIndicesInSteps: about a millisecond's work. */
const CLAUSE_WORK_PER_STEP = 2000;

/** The same, a step at a time (see ./steps.ts): a megabyte's 22,000 clauses took 200 ms at once. */
export function* clauseIndicesInSteps(evidence: Evidence, clauses: readonly Span[], model: ReadyModel): Steps<{ clause: number; indices: number[] }[]> {
  let work = 0;
  // Indexed by clause: arrays, not maps, since a megabyte's tens of thousands of clauses
  // made hashing and then sorting the keys a fifth of a second.
  const byClause: (number[] | undefined)[] = new Array(clauses.length);
  const ordsByClause: (number[] | undefined)[] = new Array(clauses.length);
  const audience: number[] = [];
  // By key, not by entry: iterating a map's entries allocated a pair per entry.
  for (const name of evidence.keys()) {
    if (name.startsWith('p:')) continue;
    const spans = evidence.get(name)!;
    const i = model.index.get(name);
    if (name.startsWith('a:')) {
      if (i !== undefined) audience.push(i);
      continue;
    }
    const ord = name.startsWith('s:') ? model.pairs.ordinal.get(name.slice(2)) : undefined;
    if (i === undefined && ord === undefined) continue;
    for (let k = 0; k < spans.length; k++) {
      if (++work % CLAUSE_WORK_PER_STEP === 0) yield;
      const c = indexHolding(clauses, spans[k]!.start);
      if (c < 0) continue;
      // One evidence at a time: if this clause has it already, it was the last thing added there.
      if (i !== undefined) {
        const list = (byClause[c] ??= []);
        if (list[list.length - 1] === i) continue;
        list.push(i);
      } else byClause[c] ??= [];
      if (ord !== undefined) {
        const ords = (ordsByClause[c] ??= []);
        if (ords[ords.length - 1] !== ord) ords.push(ord);
      }
    }
  }
  const n = model.pairs.ordinal.size;
  const out: { clause: number; indices: number[] }[] = [];
  for (let clause = 0; clause < byClause.length; clause++) {
    const indices = byClause[clause];
    if (!indices) continue;
    if (++work % CLAUSE_WORK_PER_STEP === 0) yield;
    const ords = ordsByClause[clause];
    if (ords && ords.length > 1) {
      // In place, by insertion: a clause holds a few signals, and sort() allocated per clause.
      for (let a = 1; a < ords.length; a++) {
        const x = ords[a]!;
        let b = a - 1;
        for (; b >= 0 && ords[b]! > x; b--) ords[b + 1] = ords[b]!;
        ords[b + 1] = x;
      }
      for (let a = 0; a < ords.length; a++) {
        for (let b = a + 1; b < ords.length; b++) {
          const pair = model.pairs.indexOf.get(ords[a]! * n + ords[b]!);
          if (pair !== undefined) indices.push(pair);
        }
      }
    }
    if (indices.length) {
      pushAll(indices, audience); // into the clause's own list: a copy per clause was garbage by the ten thousand on a megabyte
      out.push({ clause, indices });
    }
  }
  return out;
}

/**
 * A clause's known evidence with its spans (those starting in the clause), for the clause
 * clauseIndices chose: read from the draft's known evidence (knownEvidence) by index, as
 * looking each name up again cost a tenth of a 2,000-character check. `positions` (from
 * positionsOf, made once per draft) finds a clause's few pieces among the draft's many
 * without reading them all; the pieces keep the draft's order, in which scores are summed.
 */
export function knownInClause(known: readonly KnownEvidence[], clause: Span, indices: readonly number[], positions: ReadonlyMap<number, number> = positionsOf(known)): KnownEvidence[] {
  const at: number[] = [];
  for (let k = 0; k < indices.length; k++) {
    const position = positions.get(indices[k]!);
    if (position !== undefined) at.push(position);
  }
  at.sort((x, y) => x - y);
  const out: KnownEvidence[] = [];
  for (let k = 0; k < at.length; k++) {
    if (k > 0 && at[k] === at[k - 1]) continue;
    const e = known[at[k]!]!;
    out.push({ name: e.name, index: e.index, spans: e.name.startsWith('a:') ? e.spans : e.spans.filter((span) => span.start >= clause.start && span.start < clause.end) });
  }
  return out;
}

/** Where each piece of known evidence is in `known`, by its model index. */
export function positionsOf(known: readonly KnownEvidence[]): Map<number, number> {
  const positions = new Map<number, number>();
  for (let k = 0; k < known.length; k++) positions.set(known[k]!.index, k);
  return positions;
}

/** A category's score (0 to 1) from evidence indices. */
export function scoreOfIndices(m: ReadyCategory, indices: readonly number[]): number {
  let z = m.bias;
  for (let k = 0; k < indices.length; k++) z += m.milli[indices[k]!]! / 1000;
  return logistic(z);
}

/** The rule id of a finding that rests on a category's learned score alone. */
export function scoreRuleId(category: Category): string {
  return `${category}-score`;
}

/** Pair evidence name for two signals, in a fixed order. */
export function pairName(a: string, b: string): string {
  return a < b ? `p:${a}&${b}` : `p:${b}&${a}`;
}
