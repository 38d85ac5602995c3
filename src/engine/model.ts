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
 *   w:WORD      the word WORD (lower case, letters only, three or more)
 * Each piece of evidence present has the value 1; a score is the logistic of the bias
 * plus the weights of the evidence present.
 */
import type { Category, Span } from './types';
import { indexHolding } from './spans';

export interface CategoryModel {
  bias: number;
  /**
   * The weights, flat: pairs of an index into LearnedModel.evidence and the weight times
   * 1,000 (an integer). Evidence not listed weighs nothing.
   */
  weights: number[];
  /** The score from which the category is reported. */
  threshold: number;
  /** The score from which one clause alone reports the category (1 or more: never). */
  clauseThreshold?: number;
  /** The score from which its findings are high severity. */
  high: number;
}

export interface LearnedModel {
  version: 2;
  /** How the model was trained, for the eval report and docs/quality.md. */
  trainedOn: { posts: number; groups: Record<string, number>; seed: number };
  /** The names of the evidence any category weighs, once each. */
  evidence: string[];
  categories: Partial<Record<Category, CategoryModel>>;
}

/** A category's model as the engine uses it: a weight per evidence index. */
export interface ReadyCategory {
  bias: number;
  weights: Float64Array;
  threshold: number;
  clauseThreshold: number;
  high: number;
}

/** A model read for use: evidence names to indexes, and each category's weights. */
export interface ReadyModel {
  index: Map<string, number>;
  names: readonly string[];
  categories: Partial<Record<Category, ReadyCategory>>;
}

export function readyModel(model: LearnedModel): ReadyModel {
  const index = new Map(model.evidence.map((name, i) => [name, i]));
  const categories: ReadyModel['categories'] = {};
  for (const [category, m] of Object.entries(model.categories) as [Category, CategoryModel][]) {
    const weights = new Float64Array(model.evidence.length);
    for (let k = 0; k + 1 < m.weights.length; k += 2) weights[m.weights[k]!] = m.weights[k + 1]! / 1000;
    categories[category] = { bias: m.bias, weights, threshold: m.threshold, clauseThreshold: m.clauseThreshold ?? m.threshold, high: m.high };
  }
  return { index, names: model.evidence, categories };
}

/** A category's weights by evidence name: for people reading a model, and for tests. */
export function weightsOf(model: LearnedModel, category: Category): Record<string, number> {
  const m = model.categories[category];
  const out: Record<string, number> = {};
  if (m) for (let k = 0; k + 1 < m.weights.length; k += 2) out[model.evidence[m.weights[k]!]!] = m.weights[k + 1]! / 1000;
  return out;
}

/** Evidence present in one draft: each name with the spans that carry it (possibly none). */
export type Evidence = Map<string, Span[]>;

export interface Scored {
  score: number;
  /** The evidence that raised the score, heaviest first, with its weight. */
  support: { name: string; weight: number; spans: Span[] }[];
}

const logistic = (z: number): number => 1 / (1 + Math.exp(-z));

export function scoreCategory(m: ReadyCategory, index: ReadonlyMap<string, number>, evidence: Evidence): Scored {
  let z = m.bias;
  const support: Scored['support'] = [];
  for (const [name, spans] of evidence) {
    const i = index.get(name);
    if (i === undefined) continue;
    const w = m.weights[i]!;
    if (w === 0) continue;
    z += w;
    if (w > 0) support.push({ name, weight: w, spans });
  }
  support.sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { score: logistic(z), support };
}

/** The signal names a model's evidence refers to (s:NAME, and both halves of p:A&B). */
export function signalsUsed(model: LearnedModel): Set<string> {
  const out = new Set<string>();
  for (const name of model.evidence) {
    if (name.startsWith('s:')) out.add(name.slice(2));
    else if (name.startsWith('p:')) for (const s of name.slice(2).split('&')) out.add(s);
  }
  return out;
}

/**
 * The evidence of each clause alone, from the evidence of the whole draft: each piece keeps
 * the spans that start in the clause, and the pairs are those of the signals in the clause.
 * A category is also reported when one clause alone reaches its threshold, so that a
 * look-alike in one clause ("leaving drinks were worth it") cannot exempt another
 * ("Hungover on shift"). `clauses` are sorted and do not overlap.
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
    for (const span of spans) {
      const i = indexHolding(clauses, span.start);
      if (i < 0) continue;
      let e = byClause.get(i);
      if (!e) byClause.set(i, (e = new Map()));
      const list = e.get(name);
      if (list) list.push(span);
      else e.set(name, [span]);
    }
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

/** Pair evidence name for two signals, in a fixed order. */
export function pairName(a: string, b: string): string {
  return a < b ? `p:${a}&${b}` : `p:${b}&${a}`;
}
