/**
 * Turns the plain words and phrases that rule authors write into regular
 * expressions, so that governance teams never have to write a regex to add a term.
 *
 *   `hungover`      whole word, any case
 *   `on call`       a space also matches hyphens and runs of white space ("on-call")
 *   `plank*`        `*` stands for the rest of a word ("planking", "planked")
 *   `=ICE`          a leading `=` makes the term case-sensitive (the system, not frozen water)
 *   `don't`         an apostrophe also matches ’ or nothing ("dont")
 */

const WORD = String.raw`[\p{L}\p{N}_]`;
const isWordChar = (ch: string): boolean => /[\p{L}\p{N}_]/u.test(ch);

function escapeLiteral(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

export interface CompiledTerm {
  source: string;
  caseSensitive: boolean;
}

export function compileTerm(raw: string): CompiledTerm {
  const caseSensitive = raw.startsWith('=');
  const term = (caseSensitive ? raw.slice(1) : raw).trim();
  if (term.length === 0) throw new Error(`empty term "${raw}"`);
  let body = '';
  for (const ch of term) {
    if (ch === '*') body += String.raw`[\p{L}\p{N}'’-]*`;
    else if (ch === ' ') body += String.raw`[\s-]+`;
    else if (ch === "'" || ch === '’') body += "['’]?";
    else if (ch === '-') body += String.raw`[\s-]?`;
    else body += escapeLiteral(ch);
  }
  const chars = [...term];
  const first = chars[0] ?? '';
  const last = chars[chars.length - 1] ?? '';
  const lead = isWordChar(first) ? `(?<!${WORD})` : '';
  const trail = isWordChar(last) || last === '*' ? `(?!${WORD})` : '';
  return { source: `${lead}${body}${trail}`, caseSensitive };
}

/** One regex for many terms; longer terms first so the longest alternative wins. */
export function compileTermList(terms: readonly string[]): RegExp[] {
  const groups: Record<'i' | 's', string[]> = { i: [], s: [] };
  const sorted = [...terms].sort((a, b) => b.length - a.length);
  for (const t of sorted) {
    const c = compileTerm(t);
    groups[c.caseSensitive ? 's' : 'i'].push(c.source);
  }
  const out: RegExp[] = [];
  if (groups.i.length) out.push(new RegExp(groups.i.join('|'), 'giu'));
  if (groups.s.length) out.push(new RegExp(groups.s.join('|'), 'gu'));
  return out;
}

/** A pattern written by a rule author: case-insensitive unless it starts with `=`. */
export function compilePattern(raw: string): RegExp {
  return raw.startsWith('=') ? new RegExp(raw.slice(1), 'gu') : new RegExp(raw, 'giu');
}

/** Every non-empty match of `re` in `text`, as spans. */
export function allMatches(re: RegExp, text: string, out: { start: number; end: number }[], limit = 10_000): void {
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
