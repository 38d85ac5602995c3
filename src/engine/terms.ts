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

export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
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

interface Node {
  exact?: Map<string, Node>;
  exactCs?: Map<string, Node>;
  prefixes?: { value: string; caseSensitive: boolean; node: Node }[];
  /** Names of the groups (signals) a term ending here belongs to. */
  groups?: string[];
}

export interface Span {
  start: number;
  end: number;
}

/** Many named term lists, matched together. */
export class TermMatcher {
  private readonly root: Node = {};
  readonly size: number;

  constructor(groups: Record<string, readonly string[]>) {
    let n = 0;
    for (const [group, terms] of Object.entries(groups)) {
      for (const term of terms) {
        this.add(group, parseTerm(term));
        n++;
      }
    }
    this.size = n;
  }

  private add(group: string, steps: Step[]): void {
    let node = this.root;
    for (const s of steps) {
      if (s.prefix) {
        node.prefixes ??= [];
        let entry = node.prefixes.find((p) => p.value === s.value && p.caseSensitive === s.caseSensitive);
        if (!entry) node.prefixes.push((entry = { value: s.value, caseSensitive: s.caseSensitive, node: {} }));
        node = entry.node;
      } else {
        const map = s.caseSensitive ? (node.exactCs ??= new Map()) : (node.exact ??= new Map());
        let next = map.get(s.value);
        if (!next) map.set(s.value, (next = {}));
        node = next;
      }
    }
    node.groups ??= [];
    if (!node.groups.includes(group)) node.groups.push(group);
  }

  /** Every term occurrence, grouped by group name; the longest match per group at each token. */
  matchAll(tokens: readonly Token[]): Map<string, Span[]> {
    const out = new Map<string, Span[]>();
    // Reused across tokens: the furthest token index each group reached from this start,
    // and a stack of (node, token index) pairs kept as two arrays. A megabyte draft has
    // half a million tokens, so nothing here allocates per token.
    const reach = new Map<string, number>();
    const nodes: Node[] = [];
    const at: number[] = [];
    const advance = (next: Node | undefined, i: number) => {
      if (!next) return;
      if (next.groups) for (const g of next.groups) if ((reach.get(g) ?? -1) < i) reach.set(g, i);
      if (next.exact || next.exactCs || next.prefixes) {
        nodes.push(next);
        at.push(i + 1);
      }
    };
    for (let start = 0; start < tokens.length; start++) {
      reach.clear();
      nodes.length = 0;
      at.length = 0;
      nodes.push(this.root);
      at.push(start);
      while (nodes.length > 0) {
        const node = nodes.pop()!;
        const i = at.pop()!;
        const t = tokens[i];
        if (!t) continue;
        if (node.exact) {
          advance(node.exact.get(t.norm), i);
          if (t.base !== undefined) advance(node.exact.get(t.base), i);
        }
        if (node.exactCs) advance(node.exactCs.get(t.raw.includes('\uFE0F') ? t.raw.replace(/\uFE0F/g, '') : t.raw), i);
        if (node.prefixes) for (const p of node.prefixes) if ((p.caseSensitive ? t.raw : t.norm).startsWith(p.value)) advance(p.node, i);
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
