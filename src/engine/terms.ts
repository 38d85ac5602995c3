/**
 * Matching the plain words and phrases that rule authors write, so that
 * governance teams never need a regular expression to add a term.
 *
 *   `hungover`      whole word, any case
 *   `on call`       also matches "on-call" and runs of white space (hyphens separate words)
 *   `plank*`        `*` at the end of a word stands for the rest of it ("planking")
 *   `=ICE`          a leading `=` makes the term case-sensitive (the system, not frozen water)
 *   `don't`         apostrophes are ignored inside words ("dont", "don’t"), except in contractions that
 *                   would spell another word without them ("we're", "i'll": see normalise below)
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
// A run longer than any word (a pasted megabyte of one "word") is cut into tokens of
// MAX_WORD_CHARS: matched whole, it was one 150 ms step, and every later test of the
// token (capitalised? possessive?) read the megabyte again. A run of four or more of one
// symbol ("!!!!", "....") is one token: no term is written with such a run, and a
// megabyte of full stops made a million tokens, whose garbage collection alone paused
// the page for 50-100 ms at a time.
const TOKEN =
  /[\p{L}\p{N}_\p{M}]{1,100}(?:['’][\p{L}\p{N}_\p{M}]{1,100}){0,8}|\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}\uFE0F]|\u200D\p{Extended_Pictographic}){0,16}|([^\s\p{L}\p{N}_\p{M}\p{Extended_Pictographic}-])\1{3,99}|[^\s\p{L}\p{N}_\p{M}-]/gu;
/** The longest run of letters one token holds (TOKEN's `{1,100}`). */
export const MAX_WORD_CHARS = 100;

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

/**
 * Contractions whose letters alone spell another common word: "we're" is not "were", nor
 * "i'll" "ill" (a clinical word), "she'd" "shed" or "he'll" "hell". These keep their
 * apostrophe (straightened), so a term written with one matches only the contraction and a
 * term without one only the word. Other contractions lose it, as people type them without:
 * "dont", "cant", "its", "im".
 */
const CONTRACTIONS_SPELLING_WORDS = new Set(['were', 'well', 'ill', 'shell', 'hell', 'id', 'shed', 'wed', 'whore']);

const normalise = (raw: string) => {
  let s = raw.toLowerCase();
  if (s.length > 1 && (s.includes("'") || s.includes('’'))) {
    const letters = s.replace(/['’]/g, '');
    s = CONTRACTIONS_SPELLING_WORDS.has(letters) ? s.replace(/’/g, "'") : letters;
  }
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

/**
 * What a token must start with for any of a node's prefixes to match it: their first two
 * UTF-16 units as one number (a one-unit prefix: its one unit), kept apart for the prefixes
 * read in any case (tested on the token's normal form) and those read as written.
 */
interface PrefixStarts {
  anyCase: Set<number>;
  asWritten: Set<number>;
}

/** Keeps a one-unit lead's number apart from every two-unit one (those are below 2^32). */
const ONE_UNIT = 2 ** 32;

/** The first `units` (1 or 2) UTF-16 units of a string as one number. */
const leadOf = (s: string, units: 1 | 2): number => (units === 1 ? ONE_UNIT + s.charCodeAt(0) : s.charCodeAt(0) * 65536 + s.charCodeAt(1));

/** A prefix always has text: parseTerm refuses a "*" that ends no word. */
function prefixStarts(list: readonly Prefix[]): PrefixStarts {
  const starts: PrefixStarts = { anyCase: new Set(), asWritten: new Set() };
  for (const p of list) (p.caseSensitive ? starts.asWritten : starts.anyCase).add(leadOf(p.value, p.value.length === 1 ? 1 : 2));
  return starts;
}

/** Whether a token (its normal form, or as written) could start with one of the leads: one or two set lookups. */
const mayLead = (leads: ReadonlySet<number>, s: string): boolean => leads.size > 0 && s.length > 0 && (leads.has(leadOf(s, 1)) || (s.length > 1 && leads.has(leadOf(s, 2))));

/** Whether a token could start with one of the prefixes, instead of a test of each. */
const mayStartWith = (starts: PrefixStarts, norm: string, raw: string): boolean => mayLead(starts.anyCase, norm) || mayLead(starts.asWritten, raw);

/** The signals' terms as the term matcher's groups: one group per signal. */
export function termGroups(signals: Record<string, { terms: readonly string[]; forms?: readonly string[] }>): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(signals).map(([name, def]) => [name, def.forms?.length ? [...def.terms, ...def.forms] : def.terms]));
}

/** The group of the lexicon's places in the engine's term matcher: no signal's id holds a space. */
export const PLACES_GROUP = ' places';

/**
 * The groups of the engine's one term matcher: the signals' terms and the lexicon's places.
 * One matcher walks a draft's tokens once for both (a megabyte has half a million tokens);
 * each group's matches are the same as in a matcher of its own.
 */
export function engineTermGroups(signals: Record<string, { terms: readonly string[]; forms?: readonly string[] }>, places: readonly string[]): Record<string, readonly string[]> {
  return { ...termGroups(signals), [PLACES_GROUP]: places };
}

/** Many named term lists, matched together. */
export class TermMatcher {
  // The trie, flat: nodes are numbers (0 is the root). An edge below the root is keyed
  // by a number, the id of its token (in `labels`) * stride + its parent, in one Map for
  // any case and one for case-sensitive edges. A fresh engine builds several thousand
  // nodes, and numbers and two Maps cost a fraction of a Map per node; a number key,
  // unlike a "node + token" string, is built without allocating, which a check does for
  // every token that gets past the root. Most tokens of a draft stop at the root, so the
  // root has Maps of its own keyed by the token.
  private readonly root = new Map<string, number>();
  private readonly rootCs = new Map<string, number>();
  private readonly labels = new Map<string, number>();
  /** More than the largest node number, fixed before the first edge is made. */
  private stride = 1;
  private readonly edgesCi = new Map<number, number>();
  private readonly edgesCs = new Map<number, number>();
  private readonly prefixes = new Map<number, Prefix[]>();
  /** Per node with prefixes, what a token must start with to match one (made on first use). */
  private readonly prefixStartsOf = new Map<number, PrefixStarts>();
  /** Per node: the groups (signals) a term ending there belongs to, as indexes into groupNames. */
  private readonly ends: (number[] | undefined)[] = [];
  /** Per node: 1 when any edge leaves it. */
  private readonly hasChildren: number[] = [0];
  private nodeCount = 1;
  private readonly groupNames: string[] = [];
  /** What serialise() writes; not kept for a matcher read from the bundle. */
  private log: { edges: string[]; ends: string[] } | undefined = { edges: [], ends: [] };

  constructor(groups: Record<string, readonly string[]> = {}) {
    const parsed: [string, Step[]][] = [];
    for (const [group, terms] of Object.entries(groups)) for (const term of terms) parsed.push([group, parseTerm(term)]);
    // Each step makes at most one node.
    this.stride = 1 + parsed.reduce((n, [, steps]) => n + steps.length, 0);
    for (const [group, steps] of parsed) this.add(group, steps);
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
    m.stride = 1 + edges.length / 3; // one node per edge, and the root
    for (let k = 0; k + 2 < edges.length; k += 3) m.addEdge(Number(edges[k]), edges[k + 1]!, edges[k + 2]!);
    // Each (node, group) pair is written once, so no check for repeats here.
    const ends = data.ends ? data.ends.split('\t') : [];
    for (let k = 0; k + 1 < ends.length; k += 2) {
      const node = Number(ends[k]);
      const group = Number(ends[k + 1]);
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
    const id = this.labels.get(value);
    return id === undefined ? undefined : (kind === 'c' ? this.edgesCs : this.edgesCi).get(id * this.stride + node);
  }

  /** The key of the edge from `parent` that carries `value`, giving `value` an id if it has none. */
  private edgeKey(parent: number, value: string): number {
    let id = this.labels.get(value);
    if (id === undefined) this.labels.set(value, (id = this.labels.size));
    return id * this.stride + parent;
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
    else (kind === 'c' ? this.edgesCs : this.edgesCi).set(this.edgeKey(parent, value), node);
    this.log?.edges.push(String(parent), kind, value);
    return node;
  }

  private addEnd(node: number, group: string): void {
    let g = this.groupNames.indexOf(group);
    if (g < 0) g = this.groupNames.push(group) - 1;
    const list = (this.ends[node] ??= []);
    if (list.includes(g)) return;
    list.push(g);
    this.log?.ends.push(String(node), String(g));
  }

  /** Every term occurrence, grouped by group name; the longest match per group at each token. */
  matchAll(tokens: readonly Token[]): Map<string, Span[]> {
    return runToEnd(this.matchAllInSteps(tokens));
  }

  /** The same, yielding after every TOKENS_PER_STEP tokens (see ./steps.ts). */
  *matchAllInSteps(tokens: readonly Token[]): Steps<Map<string, Span[]>> {
    // Each group's spans by group number, and the groups in the order first found: a map
    // looked up by name per match was a tenth of the check of a megabyte of emoji.
    const found: Span[][] = [];
    const order: number[] = [];
    // Reused across tokens: the furthest token index each group reached from this start
    // (-1: none) and the groups reached, in the order reached; and a stack of (node, token
    // index) pairs kept as two arrays. A megabyte draft has half a million tokens, so
    // nothing here allocates per token (a Map's clear() would: it makes a new table).
    const reach = new Int32Array(this.groupNames.length).fill(-1);
    const reached: number[] = [];
    // The stack's height is kept apart: setting an array's length to 0 drops its storage.
    const nodes: number[] = [];
    const at: number[] = [];
    let top = 0;
    const advance = (next: number | undefined, i: number) => {
      if (next === undefined) return;
      const groups = this.ends[next];
      // Loops by index here and below: an array's iterator is an object per loop, in a
      // generator that runs them for every token of the draft.
      if (groups)
        for (let k = 0; k < groups.length; k++) {
          const g = groups[k]!;
          if (reach[g]! === -1) reached.push(g);
          if (reach[g]! < i) reach[g] = i;
        }
      if (this.hasChildren[next] === 1) {
        nodes[top] = next;
        at[top++] = i + 1;
      }
    };
    const hasPrefixes = this.prefixes.size > 0;
    const { labels, stride, edgesCi, edgesCs } = this;
    for (let start = 0; start < tokens.length; start++) {
      if (start % TOKENS_PER_STEP === TOKENS_PER_STEP - 1) yield;
      for (let k = 0; k < reached.length; k++) reach[reached[k]!] = -1;
      reached.length = 0;
      nodes[0] = 0;
      at[0] = start;
      top = 1;
      while (top > 0) {
        const node = nodes[--top]!;
        const i = at[top]!;
        const t = tokens[i];
        if (!t) continue;
        const raw = t.raw.includes('\uFE0F') ? t.raw.replace(/\uFE0F/g, '') : t.raw;
        if (node === 0) {
          advance(this.root.get(t.norm), i);
          if (t.base !== undefined) advance(this.root.get(t.base), i);
          advance(this.rootCs.get(raw), i);
        } else {
          let id = labels.get(t.norm);
          if (id !== undefined) advance(edgesCi.get(id * stride + node), i);
          if (t.base !== undefined && (id = labels.get(t.base)) !== undefined) advance(edgesCi.get(id * stride + node), i);
          if ((id = labels.get(raw)) !== undefined) advance(edgesCs.get(id * stride + node), i);
        }
        if (hasPrefixes) {
          const list = this.prefixes.get(node);
          if (list) {
            // The root's two dozen prefixes ("plank*") were each tested against every token of
            // a draft; most tokens start with none of them.
            let starts = this.prefixStartsOf.get(node);
            if (!starts) this.prefixStartsOf.set(node, (starts = prefixStarts(list)));
            if (mayStartWith(starts, t.norm, t.raw))
              for (let k = 0; k < list.length; k++) {
                const p = list[k]!;
                if ((p.caseSensitive ? t.raw : t.norm).startsWith(p.value)) advance(p.node, i);
              }
          }
        }
      }
      for (let k = 0; k < reached.length; k++) {
        const g = reached[k]!;
        let list = found[g];
        if (!list) {
          found[g] = list = [];
          order.push(g);
        }
        list.push({ start: tokens[start]!.start, end: tokens[reach[g]!]!.end });
      }
    }
    const out = new Map<string, Span[]>();
    for (let k = 0; k < order.length; k++) out.set(this.groupNames[order[k]!]!, found[order[k]!]!);
    return out;
  }
}

/** A pattern written by a rule author: case-insensitive unless it starts with `=`. */
export function compilePattern(raw: string): RegExp {
  return raw.startsWith('=') ? new RegExp(raw.slice(1), 'gu') : new RegExp(raw, 'giu');
}

/** The most matches of one signal's patterns kept: a cap on memory for hostile drafts. */
export const MAX_PATTERN_MATCHES = 10_000;

/** Every non-empty match of `re` in `text`, as spans. */
export function allMatches(re: RegExp, text: string, out: Span[], limit = MAX_PATTERN_MATCHES): void {
  allMatchesIn(re, text, 0, 0, text.length, out, limit);
}

/**
 * The same over part of a longer text (see ./windows.ts): `read` is that text from `from`
 * on, and only the matches that start in [start, end) of the whole are kept, at their
 * places in the whole.
 */
export function allMatchesIn(re: RegExp, read: string, from: number, start: number, end: number, out: Span[], limit = MAX_PATTERN_MATCHES): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (out.length < limit && (m = re.exec(read)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const at = m.index + from;
    if (at >= end) break;
    if (at >= start) out.push({ start: at, end: at + m[0].length });
  }
}
