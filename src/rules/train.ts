/**
 * Learns each category's weights from labelled posts (rules/training/*.jsonl), at build
 * time. Logistic regression with an L2 penalty, fitted by full-batch gradient descent
 * (Adam) from zero for a fixed number of steps over posts in file order: the same rule
 * files and posts always give the same weights, to the last bit.
 *
 * The thresholds are chosen on predictions for posts the model did not see: each author
 * (a post id's prefix: dev-, tra-, aua-…) is left out in turn, a model is trained on the
 * others and scores that author's posts. That is the honest proxy for what the engine
 * meets in use, posts by people it has never seen.
 */
import { createEngine, emojiRuleScore, MEANING_WORDS_MAX, type RestingOnEmoji } from '../engine/engine';
import { CATEGORIES, type Audience, type Category } from '../engine/types';
import { clauseEvidence, MODEL_VERSION, pairsOf, type LearnedModel, type MeaningTable } from '../engine/model';
import type { RuleBundle } from './schema';
import { MEANING_PREFIX, type WordVectors } from './meaning';

export interface TrainingPost {
  id: string;
  text: string;
  site?: string;
  audience?: Audience;
  labels: Category[];
  /**
   * The categories this post's labels speak for; none given, all of them. A rule's example
   * says whether its own category applies and nothing of the others ("CXR attached, guess
   * what he swallowed" is an example for patient-identifier and is silent on disrespect).
   */
  only?: readonly Category[];
}

/**
 * The author group of the rules' own examples (`rule-` ids): always trained on, never held
 * out, and never counted when thresholds are chosen, which rests on real authors' posts.
 */
export const EXAMPLES_GROUP = 'rule';

/**
 * Each rule's examples as training posts for the rule's category alone: `flag` ones as
 * positives, `pass` ones as negatives. They are the phenomena as the guidance states them,
 * short and plain, which the corpora's longer posts teach the weights too seldom.
 *
 * Two guards keep them honest:
 * - An example that copies a corpus post (half or more of its four-word runs in one post)
 *   joins that post's author group, so it is held out with that author and cannot lift the
 *   author's held-out scores or the thresholds chosen from them.
 * - A pass example only says that its own rule does not fire. If another rule of the same
 *   category fires on it, it says nothing of the category and is left out.
 */
export function ruleExamplePosts(bundle: RuleBundle, corpus: readonly TrainingPost[] = []): TrainingPost[] {
  const engine = createEngine({ ...bundle, model: undefined });
  const categoryOfRule = rulesCategories(bundle);
  const copied = copiedFrom(corpus);
  const posts: TrainingPost[] = [];
  for (const rule of bundle.rules) {
    const category = rule.category as Category;
    const texts = (list: readonly unknown[] | undefined) => (list ?? []).filter((t): t is string => typeof t === 'string');
    const idOf = (text: string, kind: string, i: number) => `${copied(text) ?? EXAMPLES_GROUP}-example-${rule.id}-${kind}-${i}`;
    texts(rule.examples?.flag).forEach((text, i) => posts.push({ id: idOf(text, 'flag', i), text, labels: [category], only: [category] }));
    texts(rule.examples?.pass).forEach((text, i) => {
      const others = [...engine.evidence({ text }).keys()].some((k) => k.startsWith('r:') && k.slice(2) !== rule.id && categoryOfRule.get(k.slice(2)) === category);
      if (!others) posts.push({ id: idOf(text, 'pass', i), text, labels: [], only: [category] });
    });
  }
  return posts;
}

/** Each rule's category by its id, the jigsaw (which is not in `bundle.rules`) included. */
function rulesCategories(bundle: RuleBundle): Map<string, Category> {
  const categories = new Map<string, Category>(bundle.rules.map((r) => [r.id, r.category as Category]));
  categories.set('jigsaw', 'patient-identifier');
  return categories;
}

/** Lower-case word runs of four, the unit a copy is recognised by. */
function fourWordRuns(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const runs: string[] = [];
  for (let i = 0; i + 4 <= words.length; i++) runs.push(words.slice(i, i + 4).join(' '));
  return runs;
}

/** A function giving the author group of the corpus post a text copies, if it copies one. */
export function copiedFrom(corpus: readonly TrainingPost[]): (text: string) => string | undefined {
  const postsOfRun = new Map<string, number[]>();
  corpus.forEach((post, i) => {
    for (const run of new Set(fourWordRuns(post.text))) {
      const list = postsOfRun.get(run);
      if (list) list.push(i);
      else postsOfRun.set(run, [i]);
    }
  });
  return (text) => {
    const runs = [...new Set(fourWordRuns(text))];
    if (!runs.length) return undefined;
    const shared = new Map<number, number>();
    for (const run of runs) for (const i of postsOfRun.get(run) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    let best: number | undefined;
    for (const [i, n] of shared) if (n * 2 >= runs.length && (best === undefined || n > shared.get(best)!)) best = i;
    return best === undefined ? undefined : groupOf(corpus[best]!.id);
  };
}

export interface TrainOptions {
  /** Evidence seen in fewer posts than this is not weighed (it would only memorise them). */
  minPosts?: number;
  /** L2 penalty per weight. */
  l2?: number;
  /** Gradient steps. */
  steps?: number;
  /** Adam's step size. */
  lr?: number;
  /**
   * The share of benign posts a category may flag in the held-out predictions, counting only
   * those no other category flags (see `jointRounds`).
   */
  benignBudget?: number;
  /**
   * At most this many rounds in which each category's thresholds are chosen again given the
   * others' (chooseJointly); 0: each category's choice alone stands.
   */
  jointRounds?: number;
  /** Weights smaller than this are dropped from the model (they change nothing measurable). */
  prune?: number;
  /**
   * The L2 penalty of each kind of evidence (the prefix of its name: `w`, `p`, `r`, `s`, `e`,
   * `a`), as a share of `l2`; 1 for a kind not named. Words at 0.2 carry more weight: better
   * on the held-out authors, the unseen authors and the blind set alike (docs/quality.md,
   * session 20), where a lower penalty for every kind had cost precision. Rules at 0.3 and
   * signal pairs at 2 as well were better on the first two and not on the blind set.
   */
  penaltyByKind?: Readonly<Record<string, number>>;
  /**
   * The L2 penalty of each weight of a word's meaning (src/rules/meaning.ts), as a share of
   * `l2`: heavy, so that a word weighs little. 80: the value a first experiment chose on the
   * unseen authors' ranking, and of 5 to 80 the one with the best held-out recall; less
   * penalty ranked a little better (docs/quality.md, session 38).
   */
  meaningPenalty?: number;
}

const DEFAULTS: Required<TrainOptions> = { minPosts: 3, l2: 0.001, steps: 150, lr: 0.3, benignBudget: 0.0045, jointRounds: 10, prune: 0.05, penaltyByKind: { w: 0.2 }, meaningPenalty: 80 };

/** A post's author group: its id's prefix ("tra-0012" -> "tra"). */
export const groupOf = (id: string): string => id.split('-', 1)[0]!;

interface Matrix {
  /** Feature ids of each post (sorted, distinct). */
  rows: Int32Array[];
  /** Feature ids of each clause of each post (none for a post of one clause). */
  clauseRows: Int32Array[][];
  /**
   * The rules that fire in each of those clauses, by id, whether or not their evidence is
   * common enough to be weighed: the engine lets a clause decide from the rule mark when
   * any rule of the category fires in it, so training must know the same of every rule.
   */
  clauseRules: string[][][];
  names: string[];
  /** The categories whose `needs` each post meets, as the engine reads them (Engine.needsMet). */
  needsMet: ReadonlySet<Category>[];
  /** The places in the word vectors of each post's distinct words (m:WORD), without vectors none. */
  meaningPlaces: Int32Array[];
  /** The same for each clause of `clauseRows`. */
  clauseMeaningPlaces: Int32Array[][];
  /** What the emoji rule reads of each post (undefined: no emoji), as feature ids. */
  onEmoji: (OnEmoji | undefined)[];
  /** The same for each clause of `clauseRows`. */
  clauseOnEmoji: (OnEmoji | undefined)[][];
}

/** The engine's RestingOnEmoji as feature ids: the evidence resting on emoji alone, and that with the pairs with an emoji. */
interface OnEmoji {
  alone: ReadonlySet<number>;
  all: ReadonlySet<number>;
  longEnough: boolean;
}

/** The evidence of each post, as feature ids over a vocabulary of evidence seen in enough posts. */
export function featurise(bundle: RuleBundle, posts: readonly TrainingPost[], minPosts: number, vectors?: WordVectors): Matrix {
  const engine = createEngine({ ...bundle, model: undefined });
  const drafts = posts.map((p) => ({ text: p.text, site: p.site, audience: p.audience }));
  const lists: string[][] = [];
  const clauseLists: string[][][] = [];
  const clauseRules: string[][][] = [];
  const meaningPlaces: Int32Array[] = [];
  const clauseMeaningPlaces: Int32Array[][] = [];
  const resting: (RestingOnEmoji | undefined)[] = [];
  const clauseResting: (RestingOnEmoji | undefined)[][] = [];
  // A word's meaning is not a feature of its own: its vector's numbers are (meaningOf). Only
  // the post's first MEANING_WORDS_MAX words of the vectors count, as in the engine, which
  // with a model reads only the words of the vectors (the model holds each).
  const placesOf = (keys: string[]) => (vectors ? keys.filter((k) => k.startsWith(MEANING_PREFIX)).map((k) => vectors.placeOf(k.slice(MEANING_PREFIX.length)) ?? -1).filter((p) => p >= 0) : []);
  const notMeaning = (keys: string[]) => keys.filter((k) => !k.startsWith(MEANING_PREFIX));
  drafts.forEach((d, i) => {
    // Each post's evidence once; its clauses' evidence is cut from it, as the engine does.
    const evidence = engine.evidence(d);
    const clauses = engine.clauses(d.text);
    const keys = [...evidence.keys()]; // in the order the words first come
    lists.push(notMeaning(keys));
    const counted = placesOf(keys).slice(0, MEANING_WORDS_MAX);
    meaningPlaces.push(Int32Array.from(counted));
    const held = clauses.length > 1 ? clauseEvidence(evidence, clauses) : [];
    const parts = held.map((c) => [...c.evidence.keys()]);
    clauseLists.push(parts.map(notMeaning));
    const onEmoji = engine.restingOnEmoji(d, { evidence, clauses });
    resting.push(onEmoji?.draft);
    clauseResting.push(held.map((c) => onEmoji?.clauses[c.clause]));
    const countedSet = new Set(counted);
    clauseMeaningPlaces.push(parts.map((part) => Int32Array.from(placesOf(part).filter((p) => countedSet.has(p)))));
    clauseRules.push(parts.map((keys) => keys.filter((key) => key.startsWith('r:')).map((key) => key.slice(2))));
  });
  const df = new Map<string, number>();
  for (const l of lists) for (const n of l) df.set(n, (df.get(n) ?? 0) + 1);
  // The audience (a:…) is never weighed. categories.md: where a draft is written changes the
  // wording and severity of findings, never whether the risk exists. Weighed, it had learned
  // the corpora's habits (risky posts set in closed groups more often), so every public
  // draft started below the rest: the plain "hungover at work" fell under its threshold.
  const names = [...df.entries()].filter(([k, n]) => n >= minPosts && !k.startsWith('a:')).map(([k]) => k).sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const toRow = (l: string[]) => Int32Array.from(l.map((n) => index.get(n)).filter((i): i is number => i !== undefined)).sort();
  const anyNeeds = Object.values(bundle.learnedFindings ?? {}).some((f) => f?.needs?.length);
  const needsMet = posts.map((p) => new Set(anyNeeds ? engine.needsMet(p.text) : []));
  const ids = (l: readonly string[]) => l.map((n) => index.get(n)).filter((i): i is number => i !== undefined);
  const toOnEmoji = (r: RestingOnEmoji | undefined): OnEmoji | undefined => (r ? { alone: new Set(ids(r.alone)), all: new Set([...ids(r.alone), ...ids(r.inContext)]), longEnough: r.longEnough } : undefined);
  return { rows: lists.map(toRow), clauseRows: clauseLists.map((c) => c.map(toRow)), clauseRules, names, needsMet, meaningPlaces, clauseMeaningPlaces, onEmoji: resting.map(toOnEmoji), clauseOnEmoji: clauseResting.map((c) => c.map(toOnEmoji)) };
}

/** Numbers of each post beyond its features, for fitAll: `x[i]` holds post i's `dimensions` numbers. */
export interface Dense {
  x: readonly Float32Array[];
  dimensions: number;
  /** Each number's weights' share of the L2 penalty. */
  penalty: number;
}

/**
 * The meaning of posts (or clauses) for training: the sum of the vectors of each one's
 * distinct words (`places`, src/rules/meaning.ts), each number standardised by `scale`
 * (the mean and spread over the training posts, made from the posts when not given).
 */
export function meaningOf(vectors: WordVectors, places: readonly Int32Array[], scale?: MeaningScale): { x: Float32Array[]; scale: MeaningScale } {
  const dims = vectors.dimensions;
  // Each vector less the mean word's: otherwise every word adds the mean word's direction,
  // and a sum would say mostly how long the post is.
  let centre = scale?.centre;
  if (!centre) {
    centre = new Float64Array(dims);
    let words = 0;
    for (const list of places) for (const p of list) {
      words++;
      for (let d = 0; d < dims; d++) centre[d]! += vectors.values[p * dims + d]!;
    }
    for (let d = 0; d < dims; d++) centre[d]! /= words || 1;
  }
  const sums = places.map((list) => {
    const sum = new Float64Array(dims);
    for (const p of list) for (let d = 0; d < dims; d++) sum[d]! += vectors.values[p * dims + d]! - centre[d]!;
    return sum;
  });
  if (!scale) {
    const mean = new Float64Array(dims);
    const spread = new Float64Array(dims);
    for (const sum of sums) for (let d = 0; d < dims; d++) mean[d]! += sum[d]! / (sums.length || 1);
    for (const sum of sums) for (let d = 0; d < dims; d++) spread[d]! += (sum[d]! - mean[d]!) ** 2 / (sums.length || 1);
    for (let d = 0; d < dims; d++) spread[d] = Math.sqrt(spread[d]!) || 1;
    scale = { centre, mean, spread };
  }
  const { mean, spread } = scale;
  return { x: sums.map((sum) => Float32Array.from(sum, (v, d) => (v - mean[d]!) / spread[d]!)), scale };
}

export interface MeaningScale {
  /** The mean word's vector, which each word's is taken from. */
  centre: Float64Array;
  mean: Float64Array;
  spread: Float64Array;
}

/** A category's (c of k) score from the numbers of meaning of one post or clause (weights after `nFeatures` features). */
function meaningScore(x: Float32Array | undefined, w: Float64Array, nFeatures: number, c: number, k: number): number {
  let z = 0;
  if (x) for (let d = 0; d < x.length; d++) z += w[(nFeatures + d) * k + c]! * x[d]!;
  return z;
}

/** The largest weight times 1,000 a word's meaning may carry: what a signed byte holds. */
const MEANING_MAX_MILLI = 127;

/**
 * The weights, times 1,000, of each word of the vectors (m:WORD), by category, from the weights of the
 * numbers of meaning: a post's standardised sum of vectors times the weights is the sum over
 * its words of each word's vector times the weights divided by the spread, less the mean
 * times the same, which goes into each category's bias (`biasShift`, added to).
 */
function meaningWeights(vectors: WordVectors, scale: MeaningScale, w: Float64Array, nFeatures: number, k: number, biasShift: Float64Array): { word: string; milli: Int32Array }[] {
  const dims = vectors.dimensions;
  const perNumber = new Float64Array(dims * k);
  for (let d = 0; d < dims; d++) {
    for (let c = 0; c < k; c++) {
      perNumber[d * k + c] = w[(nFeatures + d) * k + c]! / scale.spread[d]!;
      biasShift[c]! -= scale.mean[d]! * perNumber[d * k + c]!;
    }
  }
  const out: { word: string; milli: Int32Array }[] = [];
  const sum = new Float64Array(k);
  vectors.words.forEach((word, p) => {
    sum.fill(0);
    for (let d = 0; d < dims; d++) {
      const v = vectors.values[p * dims + d]! - scale.centre[d]!;
      for (let c = 0; c < k; c++) sum[c]! += v * perNumber[d * k + c]!;
    }
    // Held within a byte (±0.127), as the shipped bundle packs them: of some 220,000, fewer
    // than a hundred were larger, and none by more than 0.04 (docs/quality.md, session 38).
    const milli = Int32Array.from(sum, (z) => Math.max(-MEANING_MAX_MILLI, Math.min(MEANING_MAX_MILLI, Math.round(z * 1000))));
    // Every word, even one whose weights round to nothing: the engine counts a draft's first
    // MEANING_WORDS_MAX words of the model's table, as training counts those of the vectors.
    out.push({ word, milli });
  });
  return out;
}

/**
 * Fits every category at once (one pass over the posts per step serves all of them):
 * returns a bias per category and the weights as a matrix, feature by feature
 * (`w[feature * k + category]`), k being the number of categories in `ys`.
 */
export function fitAll(
  rows: readonly Int32Array[],
  ys: readonly Uint8Array[],
  nFeatures: number,
  opts: Required<TrainOptions>,
  counts?: readonly Uint8Array[],
  /** Each feature's share of the L2 penalty (1 each without it). */
  penalty?: Float64Array,
  /**
   * Numbers of each post beyond its features (a word's meaning: meaningOf), weighed after
   * them: the weight of number d of category c is at `(nFeatures + d) * k + c`.
   */
  dense?: Dense,
): { bias: Float64Array; w: Float64Array } {
  const n = rows.length;
  const k = ys.length;
  const dims = dense?.dimensions ?? 0;
  const size = (nFeatures + dims) * k;
  const w = new Float64Array(size);
  const g = new Float64Array(size);
  const m1 = new Float64Array(size);
  const m2 = new Float64Array(size);
  const bias = new Float64Array(k);
  const gb = new Float64Array(k);
  const mb1 = new Float64Array(k);
  const mb2 = new Float64Array(k);
  const z = new Float64Array(k);
  // Each category's gradient is averaged over the posts that speak for it (all, without `counts`).
  const nc = new Float64Array(k).fill(n);
  if (counts) for (let c = 0; c < k; c++) nc[c] = counts[c]!.reduce((s, v) => s + v, 0) || 1;
  const b1 = 0.9;
  const b2 = 0.999;
  for (let step = 1; step <= opts.steps; step++) {
    g.fill(0);
    gb.fill(0);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      z.set(bias);
      for (let f = 0; f < r.length; f++) {
        const base = r[f]! * k;
        for (let c = 0; c < k; c++) z[c]! += w[base + c]!;
      }
      const x = dense?.x[i];
      if (x) {
        for (let d = 0; d < dims; d++) {
          const base = (nFeatures + d) * k;
          for (let c = 0; c < k; c++) z[c]! += w[base + c]! * x[d]!;
        }
      }
      for (let c = 0; c < k; c++) {
        // A post silent on this category (`counts` 0) moves none of its weights.
        z[c] = counts && !counts[c]![i] ? 0 : 1 / (1 + Math.exp(-z[c]!)) - ys[c]![i]!;
        gb[c]! += z[c]!;
      }
      for (let f = 0; f < r.length; f++) {
        const base = r[f]! * k;
        for (let c = 0; c < k; c++) g[base + c]! += z[c]!;
      }
      if (x) {
        for (let d = 0; d < dims; d++) {
          const base = (nFeatures + d) * k;
          for (let c = 0; c < k; c++) g[base + c]! += z[c]! * x[d]!;
        }
      }
    }
    // Adam, its bias corrections worked out once per step.
    const c1 = opts.lr / (1 - b1 ** step);
    const c2 = 1 / (1 - b2 ** step);
    for (let j = 0; j < size; j++) {
      const feature = (j / k) | 0;
      const share = feature >= nFeatures ? dense!.penalty : penalty ? penalty[feature]! : 1;
      const grad = g[j]! / nc[j % k]! + opts.l2 * share * w[j]!;
      const a = (m1[j] = b1 * m1[j]! + (1 - b1) * grad);
      const v = (m2[j] = b2 * m2[j]! + (1 - b2) * grad * grad);
      w[j] = w[j]! - (c1 * a) / (Math.sqrt(v * c2) + 1e-8);
    }
    for (let c = 0; c < k; c++) {
      const grad = gb[c]! / nc[c]!;
      const a = (mb1[c] = b1 * mb1[c]! + (1 - b1) * grad);
      const v = (mb2[c] = b2 * mb2[c]! + (1 - b2) * grad * grad);
      bias[c] = bias[c]! - (c1 * a) / (Math.sqrt(v * c2) + 1e-8);
    }
  }
  return { bias, w };
}

/** Sets weights smaller than `threshold` to zero: they change nothing measurable and cost space. */
function prune(w: Float64Array, threshold: number, end = w.length): void {
  for (let j = 0; j < end; j++) if (Math.abs(w[j]!) < threshold) w[j] = 0;
}

/** The score from which a finding is high severity (or the category's threshold, if higher). */
const HIGH_SCORE = 0.85;

/**
 * Average precision: the precision at each positive post, the posts ordered by score, averaged
 * over the positives (NaN without one). Ties go against the ranking: among posts of one score,
 * those without the label come first, so a score that separates nothing gains nothing. The
 * scores must be numbers (not NaN). scripts/eval.mjs ranks the unseen authors' posts by the
 * same definition in its own averagePrecision (it reads the built engine, not this file):
 * change both together.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || labels[a]! - labels[b]! || a - b);
  let positives = 0;
  let sum = 0;
  order.forEach((i, rank) => {
    if (labels[i]) sum += ++positives / (rank + 1);
  });
  return positives ? sum / positives : NaN;
}

/** The score of category `c` (of `k`) for a row of features. */
function scoreRow(r: Int32Array, bias: number, w: Float64Array, c = 0, k = 1, meaning = 0, leaving?: ReadonlySet<number>): number {
  let z = bias + meaning;
  for (let f = 0; f < r.length; f++) if (!leaving?.has(r[f]!)) z += w[r[f]! * k + c]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * A row's score as the engine holds it to a mark under its emoji rule (emojiRuleScore):
 * emoji may tip a post of some length over a threshold, never carry it. Chosen on raw
 * scores, the thresholds assumed that posts resting on emoji would be reported; the engine
 * then stopped many of them, so it flagged fewer posts, risky and benign, than the budget
 * had bought.
 */
function heldScore(r: Int32Array, bias: number, w: Float64Array, c: number, k: number, meaning: number, onEmoji: OnEmoji | undefined): number {
  const score = scoreRow(r, bias, w, c, k, meaning);
  if (!onEmoji || onEmoji.all.size === 0) return score;
  return emojiRuleScore(score, scoreRow(r, bias, w, c, k, meaning, onEmoji.alone), scoreRow(r, bias, w, c, k, meaning, onEmoji.all), onEmoji.longEnough);
}


/**
 * The threshold with the best F1 among those that flag at most the budget's share of the
 * benign posts (posts with no label at all), on held-out scores. The budget is a share of
 * `benignTotal` (default: the posts `benign` marks), spent on the posts `benign` marks: so a
 * caller can leave out benign posts that cost nothing (another category flags them already).
 */
export function chooseThreshold(scores: Float64Array, y: Uint8Array, benign: Uint8Array, budget: number, benignTotal?: number): { threshold: number; precision: number; recall: number } {
  const order = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);
  const positives = y.reduce((s, v) => s + v, 0);
  const benignCount = benignTotal ?? benign.reduce((s, v) => s + v, 0);
  let tp = 0;
  let fp = 0;
  let benignFlagged = 0;
  let best = { threshold: 0.99, f1: -1, precision: 0, recall: 0 };
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (y[i]) tp++;
    else fp++;
    if (benign[i]) benignFlagged++;
    // A threshold sits between distinct scores only.
    const next = order[k + 1];
    if (next !== undefined && scores[next] === scores[i]) continue;
    if (benignFlagged > budget * benignCount) break;
    const precision = tp / (tp + fp);
    const recall = positives ? tp / positives : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > best.f1) {
      const below = next === undefined ? 0 : scores[next]!;
      best = { threshold: Math.max(0.05, (scores[i]! + below) / 2), f1, precision, recall };
    }
  }
  return { threshold: best.threshold, precision: best.precision, recall: best.recall };
}

/**
 * The precision below which a category's also-threshold (chooseAlsoThreshold) may not take
 * it: the goal's floor for the design-card categories (issue 16), or the category's own
 * precision where that is lower already.
 */
const ALSO_PRECISION_FLOOR = 0.85;
/** An also-threshold must raise the F1 of at least this many authors... */
const ALSO_MIN_AUTHORS_UP = 3;
/** ... and of at least this many times as many authors as it lowers. */
const ALSO_AUTHORS_RATIO = 2;

/**
 * The threshold from which a category is reported in a draft that another category is
 * reported for already (`others`), below its own threshold. A post that is flagged anyway
 * costs no benign post more, so this threshold is not held to the benign budget but to the
 * category's F1 and its precision: the best F1 over the held-out scores, never taking the
 * category's precision under ALSO_PRECISION_FLOOR (or its own, if lower). And since the goal is
 * authors never seen, the gain must hold author by author (`groups`): the category's F1 on
 * each author's posts rises for at least ALSO_MIN_AUTHORS_UP authors and ALSO_AUTHORS_RATIO
 * times as many as it falls for. The labels go together by convention: a patient's case
 * discussed is patient-discussion even when the draft is reported for the identifier or the
 * mockery in it first. 1 (never) when no lower threshold qualifies.
 */
export function chooseAlsoThreshold(scores: Float64Array, y: Uint8Array, flagged: Uint8Array, others: Uint8Array, groups: readonly string[]): { threshold: number; precision: number; recall: number } {
  const names = [...new Set(groups)].sort();
  const groupOfPost = groups.map((g) => names.indexOf(g));
  // Per author: positives, and true and false positives flagged so far.
  const pos = new Int32Array(names.length);
  const tp = new Int32Array(names.length);
  const fp = new Int32Array(names.length);
  flagged.forEach((f, i) => {
    const g = groupOfPost[i]!;
    if (y[i]) pos[g] = pos[g]! + 1;
    if (f && y[i]) tp[g] = tp[g]! + 1;
    else if (f) fp[g] = fp[g]! + 1;
  });
  const f1Of = (t: number, f: number, p: number) => (p + t + f ? (2 * t) / (p + t + f) : 0);
  const baseF1 = names.map((_, g) => f1Of(tp[g]!, fp[g]!, pos[g]!));
  const baseFp = Int32Array.from(fp);
  const sum = (a: Int32Array) => a.reduce((s, v) => s + v, 0);
  const positives = sum(pos);
  let allTp = sum(tp);
  let allFp = sum(fp);
  const base = { threshold: 1, precision: allTp + allFp ? allTp / (allTp + allFp) : 1, recall: positives ? allTp / positives : 0 };
  const floor = Math.min(ALSO_PRECISION_FLOOR, base.precision);
  let best = { ...base, f1: f1Of(allTp, allFp, positives) };
  // No threshold is under 0.05 (as chooseThreshold's), so no post scoring under it is counted.
  const order = [...scores.keys()].filter((i) => others[i] && !flagged[i] && scores[i]! >= 0.05).sort((a, b) => scores[b]! - scores[a]! || a - b);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (y[i]) {
      allTp++;
      tp[groupOfPost[i]!] = tp[groupOfPost[i]!]! + 1;
    } else {
      allFp++;
      fp[groupOfPost[i]!] = fp[groupOfPost[i]!]! + 1;
    }
    // A threshold sits between distinct scores only.
    const next = order[k + 1];
    if (next !== undefined && scores[next] === scores[i]) continue;
    const precision = allTp / (allTp + allFp);
    const f1 = f1Of(allTp, allFp, positives);
    if (precision < floor || f1 <= best.f1) continue;
    let up = 0;
    let down = 0;
    // An author with no post of the category has an F1 of 0 whatever is flagged: false
    // alarms added to their posts count against the gain all the same.
    names.forEach((_, g) => {
      const change = f1Of(tp[g]!, fp[g]!, pos[g]!) - baseF1[g]!;
      if (change > 1e-12) up++;
      else if (change < -1e-12 || (change === 0 && fp[g]! > baseFp[g]!)) down++;
    });
    if (up < ALSO_MIN_AUTHORS_UP || up < ALSO_AUTHORS_RATIO * down) continue;
    // Halfway to the next lower score; at the lowest, the score itself (nothing measured below).
    const below = next === undefined ? scores[i]! : scores[next]!;
    best = { threshold: Math.max(0.05, (scores[i]! + below) / 2), precision, recall: positives ? allTp / positives : 0, f1 };
  }
  return { threshold: best.threshold, precision: best.precision, recall: best.recall };
}

/** Fewer posts than this gained by a lower mark are too few to measure a rule by. */
const RULE_MARK_MIN_GAIN = 3;
/** ... and they must come from at least this many authors, or the mark fits one voice. */
const RULE_MARK_MIN_AUTHORS = 2;

/**
 * The mark from which a clause in which one rule fires decides, for that rule. A clause is
 * scored with less context than its post, so it answers to the high mark (`high`), unless the
 * held-out scores show the rule to be right where it fires: walking down from `high` to
 * `floor`, the mark is the lowest clause score at which every post the rule's clauses add to
 * those flagged anyway (`covered`: by the post score, or by a clause at the high mark) is one
 * of the category, at least RULE_MARK_MIN_GAIN of them from RULE_MARK_MIN_AUTHORS authors.
 * The first post of another label stops the walk, and the mark stays at the last right score,
 * not below it.
 */
export function chooseRuleMark(rule: Float64Array, covered: Uint8Array, y: Uint8Array, groups: readonly string[], floor: number, high: number): number {
  const candidates = [...new Set(rule.filter((r, i) => !covered[i] && r >= floor && r < high))].sort((a, b) => b - a);
  let best = high;
  let gained = 0;
  const authors = new Set<string>();
  for (const t of candidates) {
    let wrong = false;
    for (let i = 0; i < rule.length; i++) {
      if (covered[i] || rule[i]! !== t) continue;
      if (!y[i]) wrong = true;
      else {
        gained++;
        authors.add(groups[i]!);
      }
    }
    if (wrong) break;
    if (gained >= RULE_MARK_MIN_GAIN && authors.size >= RULE_MARK_MIN_AUTHORS) best = t;
  }
  return best;
}

/**
 * The clause threshold that, with the post threshold fixed, gives the best F1 while
 * flagging at most the budget's share of benign posts (1: clauses never decide alone). F1
 * scores within 1/positives of the best (a post or two) count as the best, and of those the
 * one that lets clauses flag the most posts wins: within the budget, clauses deciding is
 * preferred, even when what they add is not a positive. (A clause in which a rule of the
 * category fires decides from the high-severity mark whatever this threshold: pass such posts
 * in `post` as flagged.)
 */
export function chooseClauseThreshold(post: Float64Array, postThreshold: number, clause: Float64Array, y: Uint8Array, benign: Uint8Array, budget: number, benignTotal?: number): { threshold: number; precision: number; recall: number } {
  const positives = y.reduce((s, v) => s + v, 0);
  const benignCount = benignTotal ?? benign.reduce((s, v) => s + v, 0);
  // Only the clauses of posts their post score leaves unflagged can change what is flagged.
  const candidates = [...new Set(clause.filter((c, i) => post[i]! < postThreshold && c >= postThreshold))].sort((a, b) => b - a);
  const score = (t: number) => {
    let tp = 0;
    let fp = 0;
    let b = 0;
    for (let i = 0; i < post.length; i++) {
      if (post[i]! < postThreshold && clause[i]! < t) continue;
      if (y[i]) tp++;
      else fp++;
      if (benign[i]) b++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = positives ? tp / positives : 0;
    return { ok: b <= budget * benignCount, flagged: tp + fp, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
  };
  // A post or two more or less is noise on a few hundred, so F1 within 1/positives of the best
  // is a tie, and a tie goes to the threshold that lets clauses flag the most posts: clauses
  // deciding is what keeps an exemption to its own clause ("Hungover on shift, leaving drinks
  // were worth it"). Choosing by a hair's breadth of F1 let a retrain move a clause threshold
  // from 0.70 to 0.99 for one post.
  const tie = 1 / (positives || 1);
  const all = [{ threshold: 1, ...score(1.01) }];
  for (let j = 0; j < candidates.length; j++) {
    const s = score(candidates[j]!);
    if (!s.ok) break;
    // Halfway to the next clause score down, as chooseThreshold does (the post threshold if
    // none): the middle of the gap between what is flagged and what is not.
    all.push({ ...s, threshold: (candidates[j]! + (candidates[j + 1] ?? postThreshold)) / 2 });
  }
  const top = Math.max(...all.map((x) => x.f1));
  let best = all[0]!;
  for (const x of all) if (x.f1 >= top - tie - 1e-12 && (best.f1 < top - tie - 1e-12 || x.flagged >= best.flagged)) best = x;
  // Clauses that flag no post their posts do not are never given a say.
  if (best.flagged === all[0]!.flagged) best = all[0]!;
  return { threshold: best.threshold, precision: best.precision, recall: best.recall };
}

/** What a category's thresholds flag, held out: 1 for each post it flags. */
export interface JointChoice {
  flagged: Uint8Array;
}

/**
 * Each category's thresholds chosen given the others': the goal counts benign posts flagged at
 * all, so a benign post one category flags already costs another nothing. `alone` holds each
 * category's choice with its budget spent on every benign post; `choose(c, free)` chooses
 * category c with its budget spent only on the benign posts `free` marks. Round after round,
 * each category is chosen again with `free` the benign posts (ids in `benign`) no other
 * category flagged at the end of the last round. A new choice is taken only if it flags every
 * post the last one did: flags only grow, so no choice takes room another counted on, every
 * choice stays within its budget to the end, and a round in which no flagged set changes ends
 * it (at most `maxRounds`; the last choices stand then too, each within its budget). A
 * category may so keep a choice it would have replaced by one that flags fewer posts.
 */
export function chooseJointly<T extends JointChoice>(alone: readonly T[], choose: (c: number, free: Uint8Array) => T, benign: readonly number[], maxRounds: number): { chosen: T[]; rounds: number; settled: boolean } {
  const chosen = [...alone];
  const n = alone[0]?.flagged.length ?? 0;
  for (let round = 1; round <= maxRounds; round++) {
    let changed = false;
    // Every category of a round is chosen against the same state, the last round's, so the
    // result does not depend on the categories' order.
    const last = [...chosen];
    for (let c = 0; c < chosen.length; c++) {
      const free = new Uint8Array(n);
      for (const i of benign) if (!last.some((o, d) => d !== c && o.flagged[i])) free[i] = 1;
      const next = choose(c, free);
      const was = chosen[c]!;
      if (!was.flagged.every((f, i) => !f || next.flagged[i])) continue;
      if (!next.flagged.every((f, i) => f === was.flagged[i])) changed = true;
      chosen[c] = next;
    }
    if (!changed) return { chosen, rounds: round, settled: true };
  }
  return { chosen, rounds: maxRounds, settled: maxRounds === 0 };
}

export interface TrainingReport {
  /** Held-out (leave-one-author-out) scores per category, at the chosen threshold. */
  heldOut: Record<string, {
    precision: number;
    recall: number;
    posts: number;
    /** Benign posts the category flags held out, and of those, the ones no other category flags. */
    benignFlagged?: number;
    benignAlone?: number;
    /**
     * How well the post's held-out score, before the emoji rule and the category's needs,
     * ranks the category's posts above the rest, whatever the threshold (averagePrecision),
     * as scripts/eval.mjs ranks the unseen authors' posts; NaN (null in the JSON) when no
     * scored post has the category. A retrain moves every threshold, so precision and recall
     * move with it; the ranking says whether the evidence itself separates better.
     */
    averagePrecision?: number;
  }>;
  /** Held-out share of benign posts with any category reported. */
  benignFlagged: number;
  /** The benign posts the held-out figures rest on. */
  benignPosts?: number;
  /** Rounds of the joint choice of thresholds (chooseJointly), and whether the last changed nothing. */
  jointRounds?: { rounds: number; settled: boolean };
  /**
   * The same for each author (a post id's prefix) alone: the design-card categories'
   * recall and precision (each averaged over the four) and the benign posts flagged.
   * Authors write differently, and those nearest the blind set's tell most about it.
   */
  byAuthor: Record<string, { posts: number; designCard: { recall: number; precision: number }; benignFlagged: number }>;
  features: number;
}

/** The design-card categories (docs/quality.md), which the per-author report sums up. */
const DESIGN_CARD: readonly Category[] = ['patient-identifier', 'alcohol-at-work', 'colleague-criticism', 'unverifiable-claim'];

export function trainModel(bundle: RuleBundle, posts: readonly TrainingPost[], options: TrainOptions = {}, vectors?: WordVectors): { model: LearnedModel; report: TrainingReport } {
  // Kinds not named in the options keep their default share ({ r: 0.3 } leaves words at 0.2).
  const opts = { ...DEFAULTS, ...options, penaltyByKind: { ...DEFAULTS.penaltyByKind, ...options.penaltyByKind } };
  const { rows, clauseRows, clauseRules, names, needsMet, meaningPlaces, clauseMeaningPlaces, onEmoji, clauseOnEmoji } = featurise(bundle, posts, opts.minPosts, vectors);
  // What the words mean (src/rules/meaning.ts): numbers weighed after the features.
  const meaning = vectors ? meaningOf(vectors, meaningPlaces) : undefined;
  const clauseMeaning = vectors && meaning ? clauseMeaningPlaces.map((list) => meaningOf(vectors, list, meaning.scale).x) : undefined;
  const nFeatures = names.length;
  const denseOf = (at: readonly number[]): Dense | undefined => (meaning ? { x: at.map((i) => meaning.x[i]!), dimensions: vectors!.dimensions, penalty: opts.meaningPenalty } : undefined);
  const groups = posts.map((p) => groupOf(p.id));
  // Rule examples are trained on in every fold and never held out (EXAMPLES_GROUP).
  const groupNames = [...new Set(groups)].filter((g) => g !== EXAMPLES_GROUP).sort();
  // The posts thresholds and the report rest on: real authors' posts, each speaking for every category.
  const scored = posts.map((p, i) => groups[i] !== EXAMPLES_GROUP && p.only === undefined);
  const benign = Uint8Array.from(posts.map((p, i) => (scored[i] && p.labels.length === 0 ? 1 : 0)));
  const categories: LearnedModel['categories'] = {};
  const heldOut: TrainingReport['heldOut'] = {};
  const flaggedAny = new Uint8Array(posts.length);
  // The categories each scored post is reported for, held out.
  const flaggedFor = posts.map(() => new Set<Category>());
  const learned = CATEGORIES.filter((c) => posts.some((p) => p.labels.includes(c)));
  const ys = learned.map((c) => Uint8Array.from(posts.map((p) => (p.labels.includes(c) ? 1 : 0))));
  const counts = posts.some((p) => p.only) ? learned.map((c) => Uint8Array.from(posts.map((p) => (!p.only || p.only.includes(c) ? 1 : 0)))) : undefined;
  const k = learned.length;
  const penalty = Float64Array.from(names.map((n) => opts.penaltyByKind[n.slice(0, n.indexOf(':'))] ?? 1));
  // Held-out scores: each author's posts scored by a model trained on the others, as the
  // engine decides: the whole post, and its highest-scoring clause alone.
  const oof = learned.map(() => new Float64Array(posts.length));
  const oofClause = learned.map(() => new Float64Array(posts.length));
  // The post's score itself, held out, for the ranking (averagePrecision): before the emoji
  // rule and the category's needs, as npm run eval ranks the unseen authors' posts.
  const oofRanked = learned.map(() => new Float64Array(posts.length));
  // Each post's highest score of a clause in which a rule of the category fires (0: none).
  const oofRuleClause = learned.map(() => new Float64Array(posts.length));
  // The same for each rule of the category alone (0: it fires in none of the post's clauses).
  const oofByRule = learned.map(() => new Map<string, Float64Array>());
  const categoryOfRule = rulesCategories(bundle);
  const crossValidated = groupNames.length > 1;
  if (crossValidated) {
    for (const held of groupNames) {
      const train = rows.map((_, i) => i).filter((i) => groups[i] !== held);
      const pick = (a: Uint8Array) => Uint8Array.from(train.map((i) => a[i]!));
      const m = fitAll(train.map((i) => rows[i]!), ys.map(pick), nFeatures, opts, counts?.map(pick), penalty, denseOf(train));
      prune(m.w, opts.prune, nFeatures * k); // scored as the engine will use it: small weights dropped (meaning's are all small)
      rows.forEach((r, i) => {
        if (groups[i] !== held) return;
        for (let c = 0; c < k; c++) {
          const clauseScore = (j: number) => heldScore(clauseRows[i]![j]!, m.bias[c]!, m.w, c, k, meaningScore(clauseMeaning?.[i]![j], m.w, nFeatures, c, k), clauseOnEmoji[i]![j]);
          const postMeaning = meaningScore(meaning?.x[i], m.w, nFeatures, c, k);
          oofRanked[c]![i] = scoreRow(r, m.bias[c]!, m.w, c, k, postMeaning);
          oof[c]![i] = heldScore(r, m.bias[c]!, m.w, c, k, postMeaning, onEmoji[i]);
          // Each clause scored once: held to the emoji rule, a score is three sums.
          const clauseScores = clauseRows[i]!.map((_, j) => clauseScore(j));
          oofClause[c]![i] = Math.max(0, ...clauseScores);
          oofRuleClause[c]![i] = 0;
          clauseRows[i]!.forEach((_, j) => {
            const mine = clauseRules[i]![j]!.filter((rule) => categoryOfRule.get(rule) === learned[c]);
            if (!mine.length) return;
            const s = clauseScores[j]!;
            oofRuleClause[c]![i] = Math.max(oofRuleClause[c]![i]!, s);
            for (const rule of mine) {
              // The jigsaw's evidence lies in every clause that holds one of its details, but the
              // engine's finding starts in the first only: it is not measured for a mark.
              if (rule === 'jigsaw') continue;
              let byPost = oofByRule[c]!.get(rule);
              if (!byPost) oofByRule[c]!.set(rule, (byPost = new Float64Array(posts.length)));
              byPost[i] = Math.max(byPost[i]!, s);
            }
          });
        }
      });
    }
  }
  // A post without anything a category needs is never reported for it (the engine's rule),
  // so its held-out scores are nothing, for the thresholds and the report alike.
  learned.forEach((category, c) => {
    const needs = bundle.learnedFindings?.[category]?.needs ?? [];
    if (!needs.length) return;
    needsMet.forEach((met, i) => {
      if (met.has(category)) return;
      oof[c]![i] = 0;
      oofClause[c]![i] = 0;
      oofRuleClause[c]![i] = 0;
      for (const byPost of oofByRule[c]!.values()) byPost[i] = 0;
    });
  });
  const final = fitAll(rows, ys, nFeatures, opts, counts, penalty, denseOf(rows.map((_, i) => i)));
  prune(final.w, opts.prune, nFeatures * k);
  // Only the evidence some category weighs is written, each name once, in name order, with
  // its weights times 1,000. The words' meanings go in a table of their own (MeaningTable).
  const written: { name: string; milli: Int32Array }[] = [];
  for (let j = 0; j < nFeatures; j++) {
    const milli = Int32Array.from({ length: k }, (_, c) => Math.round(final.w[j * k + c]! * 1000));
    if (milli.some((v) => v !== 0)) written.push({ name: names[j]!, milli });
  }
  const evidence = written.map((e) => e.name);
  const biasShift = new Float64Array(k);
  let meaningTable: MeaningTable | undefined;
  if (vectors && meaning) {
    const rows = meaningWeights(vectors, meaning.scale, final.w, nFeatures, k, biasShift).sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
    meaningTable = { words: rows.map((r) => r.word).join('\n'), categories: [...learned], weights: learned.flatMap((_, c) => rows.map((r) => r.milli[c]!)) };
  }
  const at = posts.map((_, i) => i).filter((i) => scored[i]);
  function only(a: Uint8Array): Uint8Array;
  function only(a: Float64Array): Float64Array;
  function only(a: Uint8Array | Float64Array): Uint8Array | Float64Array {
    if (at.length === posts.length) return a;
    return a instanceof Uint8Array ? Uint8Array.from(at, (i) => a[i]!) : Float64Array.from(at, (i) => a[i]!);
  }
  const benignScored = only(benign);
  const benignTotal = benignScored.reduce((s, v) => s + v, 0);
  // How a category decides, chosen on the held-out scores within the benign budget. `free`
  // marks (by post) the benign posts the budget is spent on: those no other category flags.
  const choose = (c: number, freePosts: Uint8Array) => {
    const free = only(freePosts);
    const y = only(ys[c]!);
    const clauseScores = only(oofClause[c]!);
    const ruleClauseScores = only(oofRuleClause[c]!);
    const postAlone = crossValidated ? chooseThreshold(only(oof[c]!), y, free, opts.benignBudget, benignTotal) : { threshold: 0.5, precision: NaN, recall: NaN };
    // A clause in which a rule of the category fires, and which alone reaches the high mark,
    // decides whatever the rest of the post says: the rule found the risk there, and an
    // exemption elsewhere does not excuse it. Those posts count as flagged from here on.
    const ruleMark = Math.max(postAlone.threshold, HIGH_SCORE);
    // A rule whose clauses, held out, add only posts of its category below that mark decides
    // from a lower one (chooseRuleMark): "Hungover on shift, leaving drinks were worth it".
    // Only halfway down from the high mark to the post threshold: below that, a clause of a few
    // words would decide as readily as a whole post, and a denial or a quotation in the next
    // clause is not read with it.
    const ruleMarks: Record<string, number> = {};
    if (crossValidated) {
      const covered = Uint8Array.from(only(oof[c]!), (s, j) => (s >= postAlone.threshold || ruleClauseScores[j]! >= ruleMark || clauseScores[j]! >= ruleMark ? 1 : 0));
      const scoredGroups = at.map((i) => groups[i]!);
      for (const [rule, byPost] of [...oofByRule[c]!].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        const mark = chooseRuleMark(only(byPost), covered, y, scoredGroups, (postAlone.threshold + ruleMark) / 2, ruleMark);
        if (mark < ruleMark) ruleMarks[rule] = Math.round(mark * 1e4) / 1e4;
      }
    }
    // A rule without a mark of its own decides from ruleMark, which oofRuleClause already holds.
    const decide = () => {
      const marked = Object.entries(ruleMarks).map(([rule, mark]) => ({ mark, byPost: oofByRule[c]!.get(rule)! }));
      const ruleDecides = (i: number) => oofRuleClause[c]![i]! >= ruleMark || marked.some((r) => r.byPost[i]! >= r.mark);
      const postScores = only(oof[c]!).map((s, j) => (ruleDecides(at[j]!) ? 1 : s));
      const post = crossValidated ? chooseThreshold(postScores, y, free, opts.benignBudget, benignTotal) : postAlone;
      // A clause alone has less context than its post, so it answers to a threshold of its own,
      // chosen given the post's: the best F1 of the two together within the same benign budget.
      const clause = crossValidated ? chooseClauseThreshold(postScores, post.threshold, clauseScores, y, free, opts.benignBudget, benignTotal) : { threshold: 1, precision: post.precision, recall: post.recall };
      return { ruleDecides, post, clause };
    };
    let { ruleDecides, post, clause } = decide();
    // The rules' decisions take some of the budget, so the post threshold can end higher than
    // the one the marks were measured against: a mark below halfway to it is dropped, and the
    // thresholds chosen again without it, until none is (each round drops one at least).
    for (;;) {
      const lowest = (post.threshold + ruleMark) / 2;
      const under = Object.keys(ruleMarks).filter((rule) => ruleMarks[rule]! < lowest);
      if (!under.length) break;
      for (const rule of under) delete ruleMarks[rule];
      ({ ruleDecides, post, clause } = decide());
    }
    // A mark at or above the clause threshold changes nothing (any clause reaching it decides
    // anyway), so it is not written.
    for (const rule of Object.keys(ruleMarks)) if (ruleMarks[rule]! >= clause.threshold) delete ruleMarks[rule];
    // As the engine decides: a post over the threshold only through emoji is under it here
    // (its held score), so its clauses, rule clauses and also-threshold count, as they do in
    // the engine (session 45; before, the engine searched no clause of such a post).
    const flagged = Uint8Array.from(oof[c]!, (s, i) => (scored[i] && (s >= post.threshold || oofClause[c]![i]! >= clause.threshold || ruleDecides(i)) ? 1 : 0));
    return { post, clause, ruleMark, ruleMarks, flagged };
  };
  // The goal counts benign posts flagged at all, not per category, so a category's budget is
  // spent only on the benign posts no other category flags (chooseJointly).
  const alone = learned.map((_, c) => choose(c, benign));
  const joint = crossValidated ? chooseJointly(alone, choose, at.filter((i) => benign[i]), opts.jointRounds) : { chosen: alone, rounds: 0, settled: true };
  const chosen = joint.chosen;
  // Each category's also-threshold (chooseAlsoThreshold), given what the others flag: one
  // stage, as in the engine, where only the categories reported on their own thresholds count.
  const also = learned.map((_, c) => {
    const others = Uint8Array.from(posts, (_, i) => (chosen.some((o, d) => d !== c && o.flagged[i]) ? 1 : 0));
    const choice = crossValidated ? chooseAlsoThreshold(only(oof[c]!), only(ys[c]!), only(chosen[c]!.flagged), only(others), at.map((i) => groups[i]!)) : { threshold: 1, precision: NaN, recall: NaN };
    const flagged = Uint8Array.from(chosen[c]!.flagged, (f, i) => (f || (others[i] && scored[i] && oof[c]![i]! >= choice.threshold) ? 1 : 0));
    return { choice, flagged };
  });
  learned.forEach((category, c) => {
    const y = only(ys[c]!);
    const { post, clause, ruleMark, ruleMarks } = chosen[c]!;
    const { choice: alsoChoice, flagged } = also[c]!;
    const high = Math.max(post.threshold, HIGH_SCORE);
    flagged.forEach((f, i) => {
      if (f) {
        flaggedAny[i] = 1;
        flaggedFor[i]!.add(category);
      }
    });
    const benignFlagged = at.filter((i) => benign[i] && flagged[i]).length;
    const benignAlone = at.filter((i) => benign[i] && flagged[i] && !chosen.some((o, d) => d !== c && o.flagged[i])).length;
    heldOut[category] = {
      precision: alsoChoice.threshold < 1 ? alsoChoice.precision : clause.precision,
      recall: alsoChoice.threshold < 1 ? alsoChoice.recall : clause.recall,
      posts: y.reduce((s, v) => s + v, 0),
      benignFlagged,
      benignAlone,
      ...(crossValidated ? { averagePrecision: averagePrecision(only(oofRanked[c]!), y) } : {}),
    };
    const weights: number[] = [];
    written.forEach((e, at) => {
      if (e.milli[c] !== 0) weights.push(at, e.milli[c]!);
    });
    categories[category] = {
      bias: Math.round((final.bias[c]! + biasShift[c]!) * 1e4) / 1e4,
      weights,
      threshold: Math.round(post.threshold * 1e4) / 1e4,
      clauseThreshold: Math.round(clause.threshold * 1e4) / 1e4,
      high: Math.round(high * 1e4) / 1e4,
      ruleClauseThreshold: Math.round(ruleMark * 1e4) / 1e4,
      ...(Object.keys(ruleMarks).length ? { ruleMarks } : {}),
      // Rounded down, so that the lowest score it takes is still taken.
      ...(alsoChoice.threshold < 1 ? { alsoThreshold: Math.floor(alsoChoice.threshold * 1e4) / 1e4 } : {}),
    };
  });
  const benignFlagged = benign.reduce((s, v, i) => s + (v && flaggedAny[i] ? 1 : 0), 0) / (benignTotal || 1);
  const groupCounts: Record<string, number> = {};
  for (const g of groups) groupCounts[g] = (groupCounts[g] ?? 0) + 1;
  return {
    model: { version: MODEL_VERSION, trainedOn: { posts: posts.length, groups: groupCounts, seed: 0 }, evidence, categories, pairs: pairsOf(evidence), ...(meaningTable ? { meaning: meaningTable } : {}) },
    report: { heldOut, benignFlagged, benignPosts: benignTotal, jointRounds: { rounds: joint.rounds, settled: joint.settled }, byAuthor: crossValidated ? byAuthor(posts, groups, scored, flaggedFor) : {}, features: names.length },
  };
}

/** The held-out report of each author alone (see TrainingReport.byAuthor). */
function byAuthor(posts: readonly TrainingPost[], groups: readonly string[], scored: readonly boolean[], flaggedFor: readonly Set<Category>[]): TrainingReport['byAuthor'] {
  const out: TrainingReport['byAuthor'] = {};
  for (const group of [...new Set(groups)].sort()) {
    const mine = posts.map((_, i) => i).filter((i) => scored[i] && groups[i] === group);
    if (!mine.length) continue;
    // A category an author has no post of says nothing of recall, one never flagged nothing
    // of precision: each is averaged over the categories that have one (NaN if none).
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
    const recall: number[] = [];
    const precision: number[] = [];
    for (const c of DESIGN_CARD) {
      const tp = mine.filter((i) => posts[i]!.labels.includes(c) && flaggedFor[i]!.has(c)).length;
      const positives = mine.filter((i) => posts[i]!.labels.includes(c)).length;
      const flagged = mine.filter((i) => flaggedFor[i]!.has(c)).length;
      if (positives) recall.push(tp / positives);
      if (flagged) precision.push(tp / flagged);
    }
    const benign = mine.filter((i) => posts[i]!.labels.length === 0);
    out[group] = {
      posts: mine.length,
      designCard: { recall: mean(recall), precision: mean(precision) },
      benignFlagged: benign.length ? benign.filter((i) => flaggedFor[i]!.size > 0).length / benign.length : NaN,
    };
  }
  return out;
}
