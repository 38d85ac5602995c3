/**
 * Matching the plain words and phrases that rule authors write, so that
 * governance teams never need a regular expression to add a term.
 *
 *   `hungover`      whole word, any case
 *   `on call`       also matches "on-call" and runs of white space (hyphens separate words)
 *   `plank*`        `*` at the end of a word stands for the rest of it ("planking")
 *   `=ICE`          a leading `=` makes the term case-sensitive (the system, not frozen water)
 *   `don't`         apostrophes are ignored inside words ("dont", "don’t")
 *   `A&E`, `🍺`     punctuation and emoji are tokens of their own
 *
 * All terms of all signals go into one trie of tokens, so a draft is tokenised
 * once and every term found in a single linear pass, however many terms there are.
 * (Large regex alternations of terms cost seconds to compile and scan.)
 */

import { runToEnd, type Steps } from './steps';

export interface Token {
  /** Lower-cased, apostrophes removed. */
  norm: string;
  /** For a possessive ("sister's", "Tonight's"): the word without it, so "ward sister" matches. */
  base?: string;
  raw: string;
  start: number;
  end: number;
}

// Words (letters, digits, inner apostrophes), emoji with their modifiers and joins,
// or any other single non-space character. Hyphens are dropped: "on-call" = "on call".
const TOKEN =
  /[\p{L}\p{N}_\p{M}]+(?:['’][\p{L}\p{N}_\p{M}]+)*|\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}\uFE0F]|\u200D\p{Extended_Pictographic})*|[^\s\p{L}\p{N}_\p{M}-]/gu;

const POSSESSIVE = /\p{L}['’]s$/u;

/**
 * How many tokens a step of tokenising or term matching handles before it yields:
 * about a quarter of a millisecond in a page, so a key pressed meanwhile waits little.
 */
export const TOKENS_PER_STEP = 250;

export function tokenise(text: string): Token[] {
  return runToEnd(tokeniseInSteps(text));
}

/** The same, yielding after every TOKENS_PER_STEP tokens (see ./steps.ts). */
export function* tokeniseInSteps(text: string): Steps<Token[]> {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    if (out.length % TOKENS_PER_STEP === TOKENS_PER_STEP - 1) {
      // TOKEN is global and shared: keep our place across the pause.
      const at = TOKEN.lastIndex;
      yield;
      TOKEN.lastIndex = at;
    }
    const raw = m[0];
    const token: Token = { raw, norm: normalise(raw), start: m.index, end: m.index + raw.length };
    // The cheap test first: the pattern runs for one token in hundreds, not for every one.
    const n = raw.length;
    if (n > 2 && raw.charCodeAt(n - 1) === 115 && (raw[n - 2] === "'" || raw[n - 2] === '’') && POSSESSIVE.test(raw)) token.base = normalise(raw.slice(0, -2));
    out.push(token);
  }
  return out;
}

const normalise = (raw: string) => {
  let s = raw.toLowerCase();
  if (s.length > 1 && (s.includes("'") || s.includes('’'))) s = s.replace(/['’]/g, '');
  return s.includes('\uFE0F') ? s.replace(/\uFE0F/g, '') : s;
};

interface Step {
  value: string;
  caseSensitive: boolean;
  prefix: boolean;
}

/** Plain words of letters and digits separated by single spaces: most terms and places. */
const PLAIN_WORDS = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;

/** A term as the sequence of token steps that match it; throws on a malformed term. */
export function parseTerm(raw: string): Step[] {
  const caseSensitive = raw.startsWith('=');
  const body = (caseSensitive ? raw.slice(1) : raw).trim();
  // A fresh engine parses some 3,500 terms; for plain words the tokeniser's Unicode
  // pattern gives the same steps as splitting at spaces, which costs far less.
  if (PLAIN_WORDS.test(body)) return body.split(' ').map((w) => ({ value: caseSensitive ? w : w.toLowerCase(), caseSensitive, prefix: false }));
  return parseTermByTokens(raw);
}

/** The general way, through the tokeniser (exported so the tests can compare the two). */
export function parseTermByTokens(raw: string): Step[] {
  const caseSensitive = raw.startsWith('=');
  const body = (caseSensitive ? raw.slice(1) : raw).trim();
  const steps: Step[] = [];
  for (const t of tokenise(body)) {
    if (t.raw === '*') {
      const last = steps[steps.length - 1];
      if (!last || last.prefix || t.start === 0 || /\s/.test(body[t.start - 1] ?? ' ')) throw new Error(`"*" must end a word, as in "plank*" (term "${raw}")`);
      last.prefix = true;
      continue;
    }
    steps.push({ value: caseSensitive ? t.raw.replace(/\uFE0F/g, '') : t.norm, caseSensitive, prefix: false });
  }
  if (steps.length === 0) throw new Error(`term "${raw}" has no words`);
  return steps;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * A term matcher's trie in a form the build can write into the rule bundle and a fresh
 * engine can read without parsing a term: `edges` lists each node after the root as
 * "parent<TAB>kind<TAB>token" in the order the nodes were made (so the nth is node n),
 * kind being i (any case), c (case-sensitive), p or P (a prefix, any case or not);
 * `ends` lists "node<TAB>group index" for each node where a term of that group ends.
 */
export interface SerialisedTrie {
  groups: string[];
  edges: string;
  ends: string;
}

interface Prefix {
  value: string;
  caseSensitive: boolean;
  node: number;
}

/** The signals' terms as the term matcher's groups: one group per signal. */
export function termGroups(signals: Record<string, { terms: readonly string[] }>): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(signals).map(([name, def]) => [name, def.terms]));
}

/** Many named term lists, matched together. */
export class TermMatcher {
  // The trie, flat: nodes are numbers (0 is the root), and an edge below the root is
  // keyed "node\u0001token" (any case) or "node\u0002token" (case-sensitive) in one Map.
  // A fresh engine builds several thousand nodes; numbers and one Map cost a fraction
  // of a Map per node. Most tokens of a draft stop at the root, so the root has Maps of
  // its own and a draft's tokens need no key to be built.
  private readonly root = new Map<string, number>();
  private readonly rootCs = new Map<string, number>();
  private readonly edges = new Map<string, number>();
  private readonly prefixes = new Map<number, Prefix[]>();
  /** Per node: the groups (signals) a term ending there belongs to. */
  private readonly ends: (string[] | undefined)[] = [];
  /** Per node: 1 when any edge leaves it. */
  private readonly hasChildren: number[] = [0];
  private nodeCount = 1;
  private readonly groupNames: string[] = [];
  /** What serialise() writes; not kept for a matcher read from the bundle. */
  private log: { edges: string[]; ends: string[] } | undefined = { edges: [], ends: [] };

  constructor(groups: Record<string, readonly string[]> = {}) {
    for (const [group, terms] of Object.entries(groups)) {
      for (const term of terms) {
        this.add(group, parseTerm(term));
      }
    }
  }

  /** The matcher as the build writes it into the rule bundle. */
  serialise(): SerialisedTrie {
    if (!this.log) throw new Error('a matcher read from a bundle is not serialised again');
    return { groups: [...this.groupNames], edges: this.log.edges.join('\t'), ends: this.log.ends.join('\t') };
  }

  /** A matcher read back from `serialise()`; matches exactly as the one serialised. */
  static fromSerialised(data: SerialisedTrie): TermMatcher {
    const m = new TermMatcher();
    m.log = undefined;
    const edges = data.edges ? data.edges.split('\t') : [];
    for (let k = 0; k + 2 < edges.length; k += 3) m.addEdge(Number(edges[k]), edges[k + 1]!, edges[k + 2]!);
    // Each (node, group) pair is written once, so no check for repeats here.
    const ends = data.ends ? data.ends.split('\t') : [];
    for (let k = 0; k + 1 < ends.length; k += 2) {
      const node = Number(ends[k]);
      const group = data.groups[Number(ends[k + 1])]!;
      const list = m.ends[node];
      if (list) list.push(group);
      else m.ends[node] = [group];
    }
    m.groupNames.push(...data.groups);
    return m;
  }

  private add(group: string, steps: Step[]): void {
    let node = 0;
    for (const s of steps) {
      const kind = s.prefix ? (s.caseSensitive ? 'P' : 'p') : s.caseSensitive ? 'c' : 'i';
      node = this.child(node, kind, s.value) ?? this.addEdge(node, kind, s.value);
    }
    this.addEnd(node, group);
  }

  private child(node: number, kind: string, value: string): number | undefined {
    if (kind === 'p' || kind === 'P') return this.prefixes.get(node)?.find((p) => p.value === value && p.caseSensitive === (kind === 'P'))?.node;
    if (node === 0) return (kind === 'c' ? this.rootCs : this.root).get(value);
    return this.edges.get(node + (kind === 'c' ? '\u0002' : '\u0001') + value);
  }

  private addEdge(parent: number, kind: string, value: string): number {
    const node = this.nodeCount++;
    this.hasChildren[node] = 0;
    this.hasChildren[parent] = 1;
    if (kind === 'p' || kind === 'P') {
      let list = this.prefixes.get(parent);
      if (!list) this.prefixes.set(parent, (list = []));
      list.push({ value, caseSensitive: kind === 'P', node });
    } else if (parent === 0) (kind === 'c' ? this.rootCs : this.root).set(value, node);
    else this.edges.set(parent + (kind === 'c' ? '\u0002' : '\u0001') + value, node);
    this.log?.edges.push(String(parent), kind, value);
    return node;
  }

  private addEnd(node: number, group: string): void {
    const list = (this.ends[node] ??= []);
    if (list.includes(group)) return;
    list.push(group);
    let g = this.groupNames.indexOf(group);
    if (g < 0) g = this.groupNames.push(group) - 1;
    this.log?.ends.push(String(node), String(g));
  }

  /** Every term occurrence, grouped by group name; the longest match per group at each token. */
  matchAll(tokens: readonly Token[]): Map<string, Span[]> {
    return runToEnd(this.matchAllInSteps(tokens));
  }

  /** The same, yielding after every TOKENS_PER_STEP tokens (see ./steps.ts). */
  *matchAllInSteps(tokens: readonly Token[]): Steps<Map<string, Span[]>> {
    const out = new Map<string, Span[]>();
    // Reused across tokens: the furthest token index each group reached from this start,
    // and a stack of (node, token index) pairs kept as two arrays. A megabyte draft has
    // half a million tokens, so nothing here allocates per token.
    const reach = new Map<string, number>();
    const nodes: number[] = [];
    const at: number[] = [];
    const advance = (next: number | undefined, i: number) => {
      if (next === undefined) return;
      const groups = this.ends[next];
      if (groups) for (const g of groups) if ((reach.get(g) ?? -1) < i) reach.set(g, i);
      if (this.hasChildren[next] === 1) {
        nodes.push(next);
        at.push(i + 1);
      }
    };
    const hasPrefixes = this.prefixes.size > 0;
    for (let start = 0; start < tokens.length; start++) {
      if (start % TOKENS_PER_STEP === TOKENS_PER_STEP - 1) yield;
      reach.clear();
      nodes.length = 0;
      at.length = 0;
      nodes.push(0);
      at.push(start);
      while (nodes.length > 0) {
        const node = nodes.pop()!;
        const i = at.pop()!;
        const t = tokens[i];
        if (!t) continue;
        const raw = t.raw.includes('\uFE0F') ? t.raw.replace(/\uFE0F/g, '') : t.raw;
        if (node === 0) {
          advance(this.root.get(t.norm), i);
          if (t.base !== undefined) advance(this.root.get(t.base), i);
          advance(this.rootCs.get(raw), i);
        } else {
          advance(this.edges.get(node + '\u0001' + t.norm), i);
          if (t.base !== undefined) advance(this.edges.get(node + '\u0001' + t.base), i);
          advance(this.edges.get(node + '\u0002' + raw), i);
        }
        if (hasPrefixes) {
          const list = this.prefixes.get(node);
          if (list) for (const p of list) if ((p.caseSensitive ? t.raw : t.norm).startsWith(p.value)) advance(p.node, i);
        }
      }
      if (reach.size === 0) continue;
      for (const [group, endIndex] of reach) {
        let list = out.get(group);
        if (!list) out.set(group, (list = []));
        list.push({ start: tokens[start]!.start, end: tokens[endIndex]!.end });
      }
    }
    return out;
  }
}

/** A pattern written by a rule author: case-insensitive unless it starts with `=`. */
export function compilePattern(raw: string): RegExp {
  return raw.startsWith('=') ? new RegExp(raw.slice(1), 'gu') : new RegExp(raw, 'giu');
}

/** Every non-empty match of `re` in `text`, as spans. */
export function allMatches(re: RegExp, text: string, out: Span[], limit = 10_000): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && out.length < limit) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
}
