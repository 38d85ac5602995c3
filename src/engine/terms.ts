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

import { charClass, HYPHEN, PICTOGRAPH, SPACE, WORD_CHAR } from './char-classes';
import { coarsePattern } from './coarse-classes';
import { runToEnd, type Steps } from './steps';
import { compareWith, remembered } from './sorted-words';
import type { Integers } from './packed-numbers';

export interface Token {
  /** Lower-cased, apostrophes removed. */
  norm: string;
  /** For a possessive ("sister's", "Tonight's"): the word without it, so "ward sister" matches. */
  base?: string;
  /** For a word with a letter held down ("sooo", "hungoverrr"): the word as usually spelt (heldLetterForms). */
  held?: readonly string[];
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
//
// As a regular expression (the definition; test/engine/char-classes.test.ts holds it and
// checks nextToken against it), with W for [\p{L}\p{N}_\p{M}] and P for
// \p{Extended_Pictographic}, a token is the first of these that matches, searched for
// from left to right:
//   W{1,100}(?:['’]W{1,100}){0,8}                         a word
//   P(?:[\u{1F3FB}-\u{1F3FF}\uFE0F]|\u200DP){0,16}        an emoji
//   ([^\sWP-])\1{3,99}                                   a run of one symbol
//   [^\sW-]                                              any other character
// It is read with the table of ./char-classes.ts instead, which costs no compile (see there).

/** The longest run of letters one token holds (the definition's `{1,100}`). */
export const MAX_WORD_CHARS = 100;

export const POSSESSIVE = coarsePattern(String.raw`\p{L}['’]s$`, 'u');

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
  const found = { start: 0, end: 0 };
  let from = 0;
  while (nextToken(text, from, found)) {
    if (out.length % TOKENS_PER_STEP === TOKENS_PER_STEP - 1) yield;
    const raw = text.slice(found.start, found.end);
    const token: Token = { raw, norm: normalise(raw), start: found.start, end: found.end };
    // The cheap test first: the pattern runs for one token in hundreds, not for every one.
    const n = raw.length;
    if (n > 2 && raw.charCodeAt(n - 1) === 115 && (raw[n - 2] === "'" || raw[n - 2] === '’') && POSSESSIVE.test(raw)) token.base = normalise(raw.slice(0, -2));
    if (n > 2) {
      const held = heldLetterForms(token.norm);
      if (held) token.held = held;
    }
    out.push(token);
    from = found.end;
  }
  return out;
}

/** A lower-case letter of English or Latin-1 (a-z, ß-ÿ but ÷). */
const isSmallLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
/** A run of three or more of one of those letters. */
const HELD_LETTER = /([a-zß-öø-ÿ])\1{2,}/g;
/** Each held word's forms once made (null: none), bounded as the stems are. */
const HELD_FORMS = new Map<string, readonly string[] | null>();

/**
 * A word typed with a letter held down for emphasis, as posts are ("sooo tired",
 * "hungoverrr", "shifttt"), read as the word it stands for: each run of three or more of one
 * letter once as one letter and once as two ("goood" is "good", "sooo" is "so"), the forms
 * in that order and without repeats. Undefined for a word without such a run, and for a word
 * whose runs are its only letters ("zzz", "aaa", "www"): those are words as written.
 */
export function heldLetterForms(norm: string): readonly string[] | undefined {
  let run = false;
  for (let i = 2; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c === norm.charCodeAt(i - 1) && c === norm.charCodeAt(i - 2) && isSmallLetter(c)) {
      run = true;
      break;
    }
  }
  if (!run) return undefined;
  // A draft repeats its words, and a hostile one may repeat one such word a million times.
  let forms = HELD_FORMS.get(norm);
  if (forms === undefined) {
    const one = norm.replace(HELD_LETTER, '$1');
    let other = false;
    for (let i = 1; i < one.length && !other; i++) other = one.charCodeAt(i) !== one.charCodeAt(0);
    const two = norm.replace(HELD_LETTER, '$1$1');
    forms = !other ? null : one === two ? [one] : [one, two];
    if (HELD_FORMS.size > 10_000) HELD_FORMS.clear();
    HELD_FORMS.set(norm, forms);
  }
  return forms ?? undefined;
}

/** The longest run of one symbol that is one token (the definition's `\1{3,99}`, plus its first). */
const MAX_SYMBOL_RUN = 100;
/** The most apostrophe-joined parts after a word's first (`{0,8}`), and modifiers or joins after an emoji (`{0,16}`). */
const MAX_WORD_PARTS = 8;
const MAX_EMOJI_PARTS = 16;

const widthOf = (cp: number) => (cp > 0xffff ? 2 : 1);

/** The end of a run of at most MAX_WORD_CHARS word characters from `at` (`at` if none). */
function wordRunEnd(text: string, at: number): number {
  let end = at;
  for (let count = 0; count < MAX_WORD_CHARS && end < text.length; count++) {
    const cp = text.codePointAt(end)!;
    if ((charClass(cp) & WORD_CHAR) === 0) break;
    end += widthOf(cp);
  }
  return end;
}

/**
 * The first token at or after `from` (see the definition above), written into `found`;
 * false when there is none.
 */
export function nextToken(text: string, from: number, found: { start: number; end: number }): boolean {
  const n = text.length;
  let at = from;
  while (at < n) {
    const cp = text.codePointAt(at)!;
    const kind = charClass(cp);
    const width = widthOf(cp);
    let end: number;
    if (kind & WORD_CHAR) {
      end = wordRunEnd(text, at);
      for (let part = 0; part < MAX_WORD_PARTS && end + 1 < n; part++) {
        const c = text.charCodeAt(end);
        if (c !== 0x27 && c !== 0x2019) break;
        const partEnd = wordRunEnd(text, end + 1);
        if (partEnd === end + 1) break;
        end = partEnd;
      }
    } else if (kind & PICTOGRAPH) {
      end = at + width;
      for (let part = 0; part < MAX_EMOJI_PARTS && end < n; part++) {
        const next = text.codePointAt(end)!;
        if ((next >= 0x1f3fb && next <= 0x1f3ff) || next === 0xfe0f) {
          end += widthOf(next);
          continue;
        }
        if (next === 0x200d && end + 1 < n) {
          const joined = text.codePointAt(end + 1)!;
          if (charClass(joined) & PICTOGRAPH) {
            end += 1 + widthOf(joined);
            continue;
          }
        }
        break;
      }
    } else if (kind === SPACE || kind === HYPHEN) {
      at += width;
      continue;
    } else {
      // Any other character: with three to 99 more of itself, one token of the run.
      end = at + width;
      let repeats = 0;
      while (repeats < MAX_SYMBOL_RUN - 1 && end < n && text.codePointAt(end) === cp) {
        end += width;
        repeats++;
      }
      if (repeats < 3) end = at + width;
    }
    found.start = at;
    found.end = end;
    return true;
  }
  return false;
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
  // A matcher made at run time (a trust's local terms, a bundle without its trie) parses
  // every term; for plain words the tokeniser gives the same steps as splitting at spaces,
  // which costs far less.
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
 * engine can use as it is, without parsing a term. Edge n (from 0) makes node n + 1 (the
 * root is node 0): it leaves node `parents[n]`, carries the token `tokens[n]` (its place in
 * `labels`), and its kind is `kinds[n]`: i (any case), c (case-sensitive), p or P (a prefix,
 * any case or not). `labels` is the distinct tokens, sorted (by UTF-16 code units, as `<`
 * sorts) and joined by line breaks, which no token holds (a token may be empty: "''''"
 * normalises to ''). `ends` lists node, group index pairs: where a term of that group ends.
 *
 * The edges are in order of their parent, and a node's edges in order of kind (i, c, p, P)
 * and then token; the nodes are numbered in that order (breadth first), and `ends` is in
 * order of node. So a node's edges are one run of the lists, searched by halving, a token is
 * found among the labels by halving, and nothing is hashed, split or sorted when a fresh
 * engine reads the trie.
 *
 * Why: a fresh engine (the CLI, each page where a compose box gets focus) reads the trie
 * before its first check. Thirteen thousand edges as objects were some 18 ms of it; as
 * numbers in insertion order, hashed into tables, and the labels split into a Map, still
 * about 8 ms (format 2).
 */
export interface SerialisedTrie {
  format: 3;
  groups: string[];
  labels: string;
  parents: Integers;
  tokens: Integers;
  kinds: string;
  ends: Integers;
}

/** The format of SerialisedTrie that this engine reads and writes. */
export const TRIE_FORMAT = 3;

/** The kinds of edge in the order a node's edges are sorted by (see SerialisedTrie). */
const KINDS = 'icpP';
/** Each kind's place in KINDS, by its character code. */
const KIND_RANK: readonly (number | undefined)[] = (() => {
  const rank: number[] = [];
  for (let k = 0; k < KINDS.length; k++) rank[KINDS.charCodeAt(k)] = k;
  return rank;
})();
const ANY_CASE = 0;
const CASE_SENSITIVE = 1;
const PREFIX_ANY_CASE = 2;
/** An edge's kind and token as one number, for sorting and searching a node's edges. */
const KIND_STRIDE = 2 ** 24;

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
  // The trie, flat (see SerialisedTrie): nodes are numbers (0 is the root), node n's edges
  // are edges edgesFrom[n] .. edgesFrom[n + 1] - 1, and edge e makes node e + 1. Numbers are
  // looked up without allocating, which a check does for every token of the draft.
  private trie: SerialisedTrie = emptyTrie();
  /** Where each label starts in trie.labels, and one more: the text's length + 1. */
  private labelStarts = new Int32Array(1);
  /** Each token looked up: its label's number, or -1. */
  private readonly labelAnswers = new Map<string, number>();
  private readonly findLabel = (word: string): number => this.searchLabel(word);
  private edgesFrom = new Int32Array(2);
  /** Each edge's kind and token as one number (KIND_STRIDE). */
  private edgeKeys = new Int32Array(0);
  private readonly prefixes = new Map<number, Prefix[]>();
  /** Per node with prefixes, what a token must start with to match one (made on first use). */
  private readonly prefixStartsOf = new Map<number, PrefixStarts>();
  /** The groups (signals) of the terms that end at node n, as indexes into groupNames: endGroups[endsFrom[n] .. endsFrom[n + 1]). */
  private endsFrom = new Int32Array(2);
  private endGroups = new Int32Array(0);
  private readonly groupNames: string[] = [];

  constructor(groups: Record<string, readonly string[]> = {}) {
    const parents: number[] = [];
    const tokens: number[] = [];
    const kinds: string[] = [];
    const labels: string[] = [];
    const labelIds = new Map<string, number>();
    // Only while the trie is made: each edge by its parent, kind and token.
    const children = new Map<string, number>();
    const ends: number[] = [];
    const endsSeen = new Set<string>();
    for (const [group, terms] of Object.entries(groups)) {
      for (const term of terms) {
        let node = 0;
        for (const s of parseTerm(term)) {
          const kind = s.prefix ? (s.caseSensitive ? 'P' : 'p') : s.caseSensitive ? 'c' : 'i';
          const key = `${node}\u0000${kind}\u0000${s.value}`;
          let child = children.get(key);
          if (child === undefined) {
            let id = labelIds.get(s.value);
            if (id === undefined) labelIds.set(s.value, (id = labels.push(s.value) - 1));
            parents.push(node);
            tokens.push(id);
            kinds.push(kind);
            children.set(key, (child = parents.length));
          }
          node = child;
        }
        // A group is numbered when its first term is added: a group without terms has none.
        let g = this.groupNames.indexOf(group);
        if (g < 0) g = this.groupNames.push(group) - 1;
        if (!endsSeen.has(`${node} ${g}`)) {
          endsSeen.add(`${node} ${g}`);
          ends.push(node, g);
        }
      }
    }
    this.load(sortedTrie([...this.groupNames], parents, tokens, kinds, labels, ends));
  }

  /** The groups in which at least one term ends. */
  get groups(): readonly string[] {
    return this.groupNames;
  }

  /** The matcher as the build writes it into the rule bundle. */
  serialise(): SerialisedTrie {
    const t = this.trie;
    return { format: TRIE_FORMAT, groups: [...t.groups], labels: t.labels, parents: Array.from(t.parents), tokens: Array.from(t.tokens), kinds: t.kinds, ends: Array.from(t.ends) };
  }

  /** A matcher read back from `serialise()`; matches exactly as the one serialised. */
  static fromSerialised(data: SerialisedTrie): TermMatcher {
    if (data.format !== TRIE_FORMAT) throw new Error(`the rule bundle's term trie is in format ${String(data.format)}, and this engine reads format ${TRIE_FORMAT}: rebuild the bundle with npm run build`);
    const m = new TermMatcher();
    m.groupNames.push(...data.groups);
    m.load(data);
    return m;
  }

  /**
   * Sets up the tables that matching reads, from a trie in order (see SerialisedTrie): a
   * few passes over its numbers. Edges or ends out of order are refused, since they would
   * match wrongly without a sign (the labels' order is the build's to check, see below).
   */
  private load(t: SerialisedTrie): void {
    const { parents, tokens, kinds, labels, ends } = t;
    const count = parents.length;
    const wrong = (what: string) => new Error(`the rule bundle's term trie ${what}: rebuild the bundle with npm run build`);
    if (tokens.length !== count || kinds.length !== count || ends.length % 2 !== 0) throw wrong('has lists of different lengths');
    if (t.groups.length !== this.groupNames.length) throw wrong('names other groups than its matcher');
    // Where each label starts: one more label than line breaks, if any edge has one.
    let labelCount = 0;
    if (count > 0) {
      labelCount = 1;
      for (let at = labels.indexOf('\n'); at >= 0; at = labels.indexOf('\n', at + 1)) labelCount++;
    }
    if (labelCount >= KIND_STRIDE) throw wrong(`has ${labelCount} labels, more than an edge's key holds`);
    const starts = new Int32Array(labelCount + 1);
    for (let k = 1, at = 0; k < labelCount; k++) starts[k] = at = labels.indexOf('\n', at) + 1;
    starts[labelCount] = labels.length + 1;
    // Labels are found by halving, so each must sort after the one before it: checked where
    // the trie is written (checkLabelsInOrder), not here, where it was 3-5 ms of every start. Like
    // a changed digit, labels damaged after the build are not detected.
    // Each node's run of edges, and each edge's key: the runs in order of node, the keys
    // rising in each run, and every edge leaving a node an earlier edge made. One pass over
    // the edges; the runs' starts are filled in between (a node without edges has an empty run).
    const from = new Int32Array(count + 2);
    const keys = new Int32Array(count);
    let next = 0; // the first node whose run has not started
    for (let e = 0; e < count; e++) {
      const parent = parents[e]!;
      const kind = KIND_RANK[kinds.charCodeAt(e)] ?? -1;
      const token = tokens[e]!;
      if (kind < 0 || !(token >= 0 && token < labelCount && token === Math.floor(token))) throw wrong(`has edge ${e} of kind "${kinds[e]}" with token ${token}, which it does not name`);
      keys[e] = kind * KIND_STRIDE + token;
      if (!(parent >= 0 && parent === Math.floor(parent))) throw wrong(`has edge ${e} leaving node ${parent}, which it does not have`);
      if (parent >= next) {
        if (parent > e) throw wrong(`has edge ${e} leaving node ${parent}, which no earlier edge makes`);
        from.fill(e, next, parent + 1);
        next = parent + 1;
      } else if (parent !== next - 1) throw wrong('has its edges out of order of their nodes');
      else if (keys[e - 1]! >= keys[e]!) throw wrong(`has the edges of node ${parent} out of order`);
    }
    from.fill(count, next);
    // The ends in order of node: each node's groups in one run, filled in the same way.
    const endsFrom = new Int32Array(count + 2);
    const endGroups = new Int32Array(ends.length >> 1);
    next = 0;
    for (let k = 0; k < endGroups.length; k++) {
      const node = ends[2 * k]!;
      const g = ends[2 * k + 1]!;
      if (!(g >= 0 && g < this.groupNames.length && g === Math.floor(g))) throw wrong(`ends a term of group ${g}, which it does not name`);
      if (!(node >= 0 && node <= count && node === Math.floor(node))) throw wrong(`ends a term at node ${node}, which it does not have`);
      endGroups[k] = g;
      if (node >= next) {
        endsFrom.fill(k, next, node + 1);
        next = node + 1;
      } else if (node !== next - 1) throw wrong('has its ends out of order of their nodes');
    }
    endsFrom.fill(endGroups.length, next);
    this.trie = t;
    this.labelStarts = starts;
    this.labelAnswers.clear();
    this.edgesFrom = from;
    this.edgeKeys = keys;
    this.endsFrom = endsFrom;
    this.endGroups = endGroups;
    this.prefixes.clear();
    this.prefixStartsOf.clear();
    for (let n = 0; n < count; n++) {
      if (keys[n]! < PREFIX_ANY_CASE * KIND_STRIDE) continue;
      const parent = parents[n]!;
      let list = this.prefixes.get(parent);
      if (!list) this.prefixes.set(parent, (list = []));
      list.push({ value: this.label(tokens[n]!), caseSensitive: kinds[n] === 'P', node: n + 1 });
    }
  }

  /** Label number `id`'s text. */
  private label(id: number): string {
    return this.trie.labels.slice(this.labelStarts[id], this.labelStarts[id + 1]! - 1);
  }

  /** The number of the label that is `word`, or -1 (remembered, as each token is looked up again and again). */
  private labelOf(word: string): number {
    return remembered(this.labelAnswers, word, this.findLabel);
  }

  private searchLabel(word: string): number {
    const text = this.trie.labels;
    const starts = this.labelStarts;
    let lo = 0;
    let hi = starts.length - 2;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const order = compareWith(text, starts[mid]!, starts[mid + 1]! - 1, word);
      if (order === 0) return mid;
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The node that `node`'s edge of `kind` with label `id` leads to, or -1. */
  private child(node: number, kind: number, id: number): number {
    const keys = this.edgeKeys;
    const want = kind * KIND_STRIDE + id;
    let lo = this.edgesFrom[node]!;
    let hi = this.edgesFrom[node + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const key = keys[mid]!;
      if (key === want) return mid + 1;
      if (key < want) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * Every term occurrence, grouped by group name; the longest match per group at each token.
   * The map's order says nothing (groups come in the order the walk reaches them): read it by name.
   */
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
    const { endsFrom, endGroups, edgesFrom } = this;
    const advance = (next: number, i: number) => {
      if (next < 0) return;
      // Loops by index here and below: an array's iterator is an object per loop, in a
      // generator that runs them for every token of the draft.
      for (let k = endsFrom[next]!, end = endsFrom[next + 1]!; k < end; k++) {
        const g = endGroups[k]!;
        if (reach[g]! === -1) reached.push(g);
        if (reach[g]! < i) reach[g] = i;
      }
      if (edgesFrom[next]! < edgesFrom[next + 1]!) {
        nodes[top] = next;
        at[top++] = i + 1;
      }
    };
    const hasPrefixes = this.prefixes.size > 0;
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
        let id = this.labelOf(t.norm);
        if (id >= 0) advance(this.child(node, ANY_CASE, id), i);
        if (t.base !== undefined && (id = this.labelOf(t.base)) >= 0) advance(this.child(node, ANY_CASE, id), i);
        if (t.held !== undefined) for (let h = 0; h < t.held.length; h++) if ((id = this.labelOf(t.held[h]!)) >= 0) advance(this.child(node, ANY_CASE, id), i);
        if ((id = this.labelOf(raw)) >= 0) advance(this.child(node, CASE_SENSITIVE, id), i);
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
            // "microoodosing" for "microdos*": a held word's forms, as for whole words above;
            // each prefix once, however many of the forms start with it.
            if (t.held !== undefined)
              for (let k = 0; k < list.length; k++) {
                const p = list[k]!;
                if (p.caseSensitive || t.norm.startsWith(p.value)) continue;
                for (let h = 0; h < t.held.length; h++)
                  if (t.held[h]!.startsWith(p.value)) {
                    advance(p.node, i);
                    break;
                  }
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

/**
 * Refuses a trie whose labels are not sorted and distinct, which the engine finds by halving
 * (see SerialisedTrie): the build checks the trie it writes (src/rules/compile.ts).
 */
export function checkLabelsInOrder(trie: SerialisedTrie): void {
  const labels = trie.parents.length > 0 ? trie.labels.split('\n') : [];
  for (let k = 1; k < labels.length; k++) if (!(labels[k - 1]! < labels[k]!)) throw new Error(`the term trie's labels are out of order at label ${k}, which the engine would search wrongly`);
}

/** A trie with no terms. */
function emptyTrie(): SerialisedTrie {
  return { format: TRIE_FORMAT, groups: [], labels: '', parents: [], tokens: [], kinds: '', ends: [] };
}

/**
 * A trie made in the order its terms were added, put in the order SerialisedTrie reads:
 * labels sorted, nodes numbered breadth first, each node's edges by kind and label.
 */
function sortedTrie(groups: string[], parents: readonly number[], tokens: readonly number[], kinds: readonly string[], labels: readonly string[], ends: readonly number[]): SerialisedTrie {
  const count = parents.length;
  if (labels.length >= KIND_STRIDE) throw new Error(`a term matcher holds at most ${KIND_STRIDE - 1} distinct words (${labels.length} given)`);
  const byText = labels.map((_, id) => id).sort((a, b) => (labels[a]! < labels[b]! ? -1 : labels[a]! > labels[b]! ? 1 : 0));
  const place = new Int32Array(labels.length);
  byText.forEach((id, k) => (place[id] = k));
  const edgesOf: number[][] = Array.from({ length: count + 1 }, () => []);
  for (let e = 0; e < count; e++) edgesOf[parents[e]!]!.push(e);
  const key = (e: number) => KINDS.indexOf(kinds[e]!) * KIND_STRIDE + place[tokens[e]!]!;
  // From nodes as made (edge e makes node e + 1) to nodes in order; the queue holds nodes as made.
  const renumbered = new Int32Array(count + 1);
  const out = { parents: [] as number[], tokens: [] as number[], kinds: [] as string[] };
  const queue = [0];
  for (let q = 0; q < queue.length; q++) {
    const made = queue[q]!;
    for (const e of edgesOf[made]!.sort((a, b) => key(a) - key(b))) {
      out.parents.push(renumbered[made]!);
      out.tokens.push(place[tokens[e]!]!);
      out.kinds.push(kinds[e]!);
      renumbered[e + 1] = out.parents.length;
      queue.push(e + 1);
    }
  }
  // Each node's groups in the order written (the sort is stable).
  const pairs: [number, number][] = [];
  for (let k = 0; k + 1 < ends.length; k += 2) pairs.push([renumbered[ends[k]!]!, ends[k + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  return { format: TRIE_FORMAT, groups, labels: byText.map((id) => labels[id]).join('\n'), parents: out.parents, tokens: out.tokens, kinds: out.kinds.join(''), ends: pairs.flat() };
}

/**
 * A pattern written by a rule author: case-insensitive unless it starts with `=`. Its
 * \p{L}, \p{Lu}, \p{Ll} and \p{N} are read as ./coarse-classes.ts says, as the
 * recognisers' are: compiling the exact classes was most of a fresh engine's first check.
 */
export function compilePattern(raw: string): RegExp {
  return raw.startsWith('=') ? coarsePattern(raw.slice(1), 'gu') : coarsePattern(raw, 'giu');
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
