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
  /** Evidence name -> weight; evidence absent from the map weighs nothing. */
  weights: Record<string, number>;
  /** The score from which the category is reported. */
  threshold: number;
  /** The score from which one clause alone reports the category (1 or more: never). */
  clauseThreshold?: number;
  /** The score from which its findings are high severity. */
  high: number;
}

export interface LearnedModel {
  version: 1;
  /** How the model was trained, for the eval report and docs/quality.md. */
  trainedOn: { posts: number; groups: Record<string, number>; seed: number };
  categories: Partial<Record<Category, CategoryModel>>;
}

/** Evidence present in one draft: each name with the spans that carry it (possibly none). */
export type Evidence = Map<string, Span[]>;

export interface Scored {
  score: number;
  /** The evidence that raised the score, heaviest first, with its weight. */
  support: { name: string; weight: number; spans: Span[] }[];
}

const logistic = (z: number): number => 1 / (1 + Math.exp(-z));

export function scoreCategory(model: CategoryModel, evidence: Evidence): Scored {
  let z = model.bias;
  const support: Scored['support'] = [];
  for (const [name, spans] of evidence) {
    const w = model.weights[name];
    if (w === undefined) continue;
    z += w;
    if (w > 0) support.push({ name, weight: w, spans });
  }
  support.sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { score: logistic(z), support };
}

/** The signal names a model's evidence refers to (s:NAME, and both halves of p:A&B). */
export function signalsUsed(model: LearnedModel): Set<string> {
  const out = new Set<string>();
  for (const m of Object.values(model.categories)) {
    if (!m) continue;
    for (const name of Object.keys(m.weights)) {
      if (name.startsWith('s:')) out.add(name.slice(2));
      else if (name.startsWith('p:')) for (const s of name.slice(2).split('&')) out.add(s);
    }
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
