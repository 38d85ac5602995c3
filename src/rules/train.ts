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
import { createEngine } from '../engine/engine';
import { CATEGORIES, type Audience, type Category } from '../engine/types';
import type { CategoryModel, LearnedModel } from '../engine/model';
import type { RuleBundle } from './schema';

export interface TrainingPost {
  id: string;
  text: string;
  site?: string;
  audience?: Audience;
  labels: Category[];
}

export interface TrainOptions {
  /** Evidence seen in fewer posts than this is not weighed (it would only memorise them). */
  minPosts?: number;
  /** L2 penalty per weight. */
  l2?: number;
  /** Gradient steps. */
  steps?: number;
  /** The share of benign posts a category may flag in the held-out predictions. */
  benignBudget?: number;
  /** Weights smaller than this are dropped from the model (they change nothing measurable). */
  prune?: number;
}

const DEFAULTS: Required<TrainOptions> = { minPosts: 3, l2: 0.005, steps: 300, benignBudget: 0.006, prune: 0.02 };

/** A post's author group: its id's prefix ("tra-0012" -> "tra"). */
export const groupOf = (id: string): string => id.replace(/-.*$/, '');

interface Matrix {
  /** Feature ids of each post (sorted, distinct). */
  rows: Int32Array[];
  /** Feature ids of each clause of each post (none for a post of one clause). */
  clauseRows: Int32Array[][];
  names: string[];
}

/** The evidence of each post, as feature ids over a vocabulary of evidence seen in enough posts. */
export function featurise(bundle: RuleBundle, posts: readonly TrainingPost[], minPosts: number): Matrix {
  const engine = createEngine({ ...bundle, model: undefined });
  const drafts = posts.map((p) => ({ text: p.text, site: p.site, audience: p.audience }));
  const lists = drafts.map((d) => [...engine.evidence(d).keys()]);
  const clauseLists = drafts.map((d) => engine.clauseEvidence(d).map((e) => [...e.keys()]));
  const df = new Map<string, number>();
  for (const l of lists) for (const n of l) df.set(n, (df.get(n) ?? 0) + 1);
  const names = [...df.entries()].filter(([, n]) => n >= minPosts).map(([k]) => k).sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const toRow = (l: string[]) => Int32Array.from(l.map((n) => index.get(n)).filter((i): i is number => i !== undefined)).sort();
  return { rows: lists.map(toRow), clauseRows: clauseLists.map((c) => c.map(toRow)), names };
}

/** Fits one category: returns the bias and a weight per feature. */
export function fit(rows: readonly Int32Array[], y: Uint8Array, nFeatures: number, opts: Required<TrainOptions>): { bias: number; w: Float64Array } {
  const n = rows.length;
  const w = new Float64Array(nFeatures);
  const g = new Float64Array(nFeatures);
  const m1 = new Float64Array(nFeatures + 1);
  const m2 = new Float64Array(nFeatures + 1);
  let bias = 0;
  const lr = 0.1;
  const b1 = 0.9;
  const b2 = 0.999;
  for (let step = 1; step <= opts.steps; step++) {
    g.fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      let z = bias;
      for (let k = 0; k < r.length; k++) z += w[r[k]!]!;
      const err = 1 / (1 + Math.exp(-z)) - y[i]!;
      gb += err;
      for (let k = 0; k < r.length; k++) g[r[k]!]! += err;
    }
    const update = (j: number, grad: number): number => {
      m1[j] = b1 * m1[j]! + (1 - b1) * grad;
      m2[j] = b2 * m2[j]! + (1 - b2) * grad * grad;
      const mh = m1[j]! / (1 - b1 ** step);
      const vh = m2[j]! / (1 - b2 ** step);
      return (lr * mh) / (Math.sqrt(vh) + 1e-8);
    };
    for (let j = 0; j < nFeatures; j++) w[j] = w[j]! - update(j, g[j]! / n + opts.l2 * w[j]!);
    bias -= update(nFeatures, gb / n);
  }
  return { bias, w };
}

function scoreRow(r: Int32Array, bias: number, w: Float64Array): number {
  let z = bias;
  for (let k = 0; k < r.length; k++) z += w[r[k]!]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * The threshold with the best F1 among those that flag at most the budget's share of the
 * benign posts (posts with no label at all), on held-out scores.
 */
export function chooseThreshold(scores: Float64Array, y: Uint8Array, benign: Uint8Array, budget: number): { threshold: number; precision: number; recall: number } {
  const order = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);
  const positives = y.reduce((s, v) => s + v, 0);
  const benignCount = benign.reduce((s, v) => s + v, 0);
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
 * The clause threshold that, with the post threshold fixed, gives the best F1 while
 * flagging at most the budget's share of benign posts (1: clauses never decide alone).
 */
export function chooseClauseThreshold(post: Float64Array, postThreshold: number, clause: Float64Array, y: Uint8Array, benign: Uint8Array, budget: number): { threshold: number; precision: number; recall: number } {
  const positives = y.reduce((s, v) => s + v, 0);
  const benignCount = benign.reduce((s, v) => s + v, 0);
  const candidates = [...new Set(clause)].filter((c) => c >= postThreshold).sort((a, b) => b - a);
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
    return { ok: b <= budget * benignCount, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
  };
  let best = { threshold: 1, ...score(1.01) };
  for (const c of candidates) {
    const s = score(c);
    if (!s.ok) break;
    if (s.f1 > best.f1) best = { threshold: c, ...s };
  }
  return { threshold: best.threshold, precision: best.precision, recall: best.recall };
}

export interface TrainingReport {
  /** Held-out (leave-one-author-out) scores per category, at the chosen threshold. */
  heldOut: Record<string, { precision: number; recall: number; posts: number }>;
  /** Held-out share of benign posts with any category reported. */
  benignFlagged: number;
  features: number;
}

export function trainModel(bundle: RuleBundle, posts: readonly TrainingPost[], options: TrainOptions = {}): { model: LearnedModel; report: TrainingReport } {
  const opts = { ...DEFAULTS, ...options };
  const { rows, clauseRows, names } = featurise(bundle, posts, opts.minPosts);
  const groups = posts.map((p) => groupOf(p.id));
  const groupNames = [...new Set(groups)].sort();
  const benign = Uint8Array.from(posts.map((p) => (p.labels.length === 0 ? 1 : 0)));
  const categories: LearnedModel['categories'] = {};
  const heldOut: TrainingReport['heldOut'] = {};
  const flaggedAny = new Uint8Array(posts.length);
  for (const category of CATEGORIES) {
    const y = Uint8Array.from(posts.map((p) => (p.labels.includes(category) ? 1 : 0)));
    if (!y.some((v) => v)) continue;
    // Held-out scores: each author's posts scored by a model trained on the others.
    const oof = new Float64Array(posts.length);
    const oofClause = new Float64Array(posts.length);
    for (const held of groupNames) {
      const train = rows.map((_, i) => i).filter((i) => groups[i] !== held);
      if (train.length === rows.length) continue;
      const m = fit(train.map((i) => rows[i]!), Uint8Array.from(train.map((i) => y[i]!)), names.length, opts);
      // As the engine decides: the whole post, and its highest-scoring clause alone.
      rows.forEach((r, i) => {
        if (groups[i] !== held) return;
        oof[i] = scoreRow(r, m.bias, m.w);
        oofClause[i] = Math.max(0, ...clauseRows[i]!.map((c) => scoreRow(c, m.bias, m.w)));
      });
    }
    const post = groupNames.length > 1 ? chooseThreshold(oof, y, benign, opts.benignBudget) : { threshold: 0.5, precision: NaN, recall: NaN };
    // A clause alone has less context than its post, so it answers to a threshold of its own,
    // chosen given the post's: the best F1 of the two together that flags at most a quarter
    // more of the benign posts.
    const clause = groupNames.length > 1 ? chooseClauseThreshold(oof, post.threshold, oofClause, y, benign, opts.benignBudget * 1.25) : { threshold: 1, precision: post.precision, recall: post.recall };
    const t = { threshold: post.threshold, precision: clause.precision, recall: clause.recall };
    oof.forEach((s, i) => {
      if (s >= post.threshold || oofClause[i]! >= clause.threshold) flaggedAny[i] = 1;
    });
    heldOut[category] = { precision: t.precision, recall: t.recall, posts: y.reduce((s, v) => s + v, 0) };
    const final = fit(rows, y, names.length, opts);
    const weights: Record<string, number> = {};
    final.w.forEach((v, j) => {
      if (Math.abs(v) >= opts.prune) weights[names[j]!] = Math.round(v * 1e4) / 1e4;
    });
    const model: CategoryModel = {
      bias: Math.round(final.bias * 1e4) / 1e4,
      weights,
      threshold: Math.round(t.threshold * 1e4) / 1e4,
      clauseThreshold: Math.round(clause.threshold * 1e4) / 1e4,
      high: Math.round(Math.max(t.threshold, 0.85) * 1e4) / 1e4,
    };
    categories[category] = model;
  }
  const benignCount = benign.reduce((s, v) => s + v, 0);
  const benignFlagged = benign.reduce((s, v, i) => s + (v && flaggedAny[i] ? 1 : 0), 0) / (benignCount || 1);
  const groupCounts: Record<string, number> = {};
  for (const g of groups) groupCounts[g] = (groupCounts[g] ?? 0) + 1;
  return {
    model: { version: 1, trainedOn: { posts: posts.length, groups: groupCounts, seed: 0 }, categories },
    report: { heldOut, benignFlagged, features: names.length },
  };
}
