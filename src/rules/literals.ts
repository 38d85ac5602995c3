/**
 * Build step: for each rule pattern, the words one of which must appear in any text the
 * pattern matches (its "required literals"), so the engine can skip a pattern whose
 * words are absent without running it. Skipping is what saves time: V8 compiles a
 * regular expression on its first use (about 0.2–0.6 ms each with Unicode classes),
 * and a short draft contains the words of only a few of the rules' patterns.
 *
 * The analysis is conservative. Whenever it cannot be sure (character classes, optional
 * parts, back-references) it says "unknown", and the pattern always runs; the answer
 * never changes, only whether the regular expression had to run to find that out.
 */
import { RegExpParser, type AST } from '@eslint-community/regexpp';

/** Most alternatives a set of strings may hold before it stops being worth testing. */
const MAX_SET = 64;
/** The shortest literal worth testing for: one or two letters occur in nearly every draft. */
const MIN_LITERAL = 3;
/**
 * Single characters that most drafts do not contain, so worth testing for on their own:
 * a handle's "@", a double quotation mark. (Not "'", which every "it's" contains.)
 */
const RARE_CHARACTERS: Record<string, number> = { '@': 0.05, '"': 0.1 };

interface Info {
  /** Every string the node can match (lower-cased), if that is a small finite set. */
  exact: Set<string> | null;
  /** Strings one of which every match contains, if known. */
  factor: Set<string> | null;
}

const UNKNOWN: Info = { exact: null, factor: null };
const EMPTY: Info = { exact: new Set(['']), factor: null };

/**
 * Lower-cased required literals of a rule pattern ("=" prefix: case-sensitive, as in
 * the engine), or null when there is no useful set. The engine tests them against the
 * draft's text folded by `foldForLiterals`.
 */
export function requiredLiterals(rawPattern: string): string[] | null {
  const source = rawPattern.startsWith('=') ? rawPattern.slice(1) : rawPattern;
  let ast: AST.Pattern;
  try {
    ast = new RegExpParser({ ecmaVersion: 2024 }).parsePattern(source, 0, source.length, { unicode: true });
  } catch {
    return null;
  }
  const info = disjunction(ast.alternatives);
  const set = best([info.factor, info.exact]);
  if (!set) return null;
  return [...set].sort();
}

/**
 * The most selective of some candidate sets, each first reduced to its shortest members
 * (a text containing "photos of" contains "photo", so "photo" stands for both). The
 * chance that a draft contains a string falls fast with its length; a set's score is
 * roughly the chance that a draft contains any member, plus a little for each string
 * the engine must look for.
 */
function best(candidates: (Set<string> | null)[]): Set<string> | null {
  let chosen: Set<string> | null = null;
  let score = Infinity;
  for (const c of candidates) {
    if (!c || c.size === 0 || c.size > MAX_SET) continue;
    const reduced = reduce(c);
    if ([...reduced].some((s) => s.length < MIN_LITERAL && !Object.hasOwn(RARE_CHARACTERS, s))) continue;
    let absent = 1;
    for (const s of reduced) absent *= 1 - chanceInDraft(s);
    const cost = 1 - absent + reduced.size * 0.002;
    if (cost < score) {
      chosen = reduced;
      score = cost;
    }
  }
  return chosen;
}

/** A rough chance that a short draft contains the string: common for three letters, rare for eight. */
function chanceInDraft(s: string): number {
  const rare = RARE_CHARACTERS[s];
  if (rare !== undefined) return rare;
  const letters = s.replace(/[^a-z0-9]/g, '').length;
  return [1, 1, 0.6, 0.25, 0.08, 0.03, 0.015, 0.008][letters] ?? 0.004;
}

/** Drops every member that contains a shorter member. */
function reduce(set: Set<string>): Set<string> {
  const sorted = [...set].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept: string[] = [];
  for (const s of sorted) if (!kept.some((k) => s.includes(k))) kept.push(s);
  return new Set(kept);
}

function disjunction(alternatives: AST.Alternative[]): Info {
  const infos = alternatives.map((a) => sequence(a.elements));
  let exact: Set<string> | null = new Set();
  let factor: Set<string> | null = new Set();
  for (const i of infos) {
    if (exact && i.exact) for (const s of i.exact) exact.add(s);
    else exact = null;
    // Each alternative must promise a literal for the whole to promise one.
    const f = best([i.factor, i.exact]);
    if (factor && f) for (const s of f) factor.add(s);
    else factor = null;
  }
  if (exact && exact.size > MAX_SET) exact = null;
  if (factor && factor.size > MAX_SET) factor = null;
  return { exact, factor };
}

function sequence(elements: AST.Element[]): Info {
  // Runs of elements with known strings are joined ("ward" then " " then "round" gives
  // "ward round"); any other element ends the run. The best run or factor met is kept.
  let run: Set<string> | null = new Set(['']);
  let whole = true;
  const candidates: (Set<string> | null)[] = [];
  for (const el of elements) {
    const i = element(el);
    if (i.exact && run) {
      const joined = cross(run, i.exact);
      if (joined) {
        run = joined;
        continue;
      }
    }
    whole = false;
    candidates.push(run, i.factor, i.exact);
    run = i.exact ? new Set(i.exact) : new Set(['']);
  }
  candidates.push(run);
  return { exact: whole ? run : null, factor: best(candidates) };
}

function cross(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_SET) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

function element(el: AST.Element): Info {
  switch (el.type) {
    case 'Character':
      return literal(String.fromCodePoint(el.value));
    case 'Assertion':
      return EMPTY; // \b, ^, $ and look-arounds consume nothing
    case 'Group':
    case 'CapturingGroup':
      return disjunction(el.alternatives);
    case 'Quantifier': {
      const inner = element(el.element);
      const factor = el.min >= 1 ? best([inner.factor, inner.exact]) : null;
      if (el.min === 0 && el.max === 1 && inner.exact) return { exact: new Set([...inner.exact, '']), factor: null };
      if (el.min === el.max && inner.exact) {
        let out: Set<string> | null = new Set(['']);
        for (let k = 0; k < el.min && out; k++) out = cross(out, inner.exact);
        return { exact: out, factor };
      }
      return { exact: null, factor };
    }
    case 'CharacterClass': {
      // A small class of plain letters ("[Hh]", "[sz]") is a set of strings; anything else is unknown.
      if (el.negate) return UNKNOWN;
      const chars = new Set<string>();
      for (const e of el.elements) {
        if (e.type !== 'Character') return UNKNOWN;
        const lit = literal(String.fromCodePoint(e.value));
        if (!lit.exact) return UNKNOWN;
        for (const s of lit.exact) chars.add(s);
      }
      return chars.size > 0 && chars.size <= 4 ? { exact: chars, factor: null } : UNKNOWN;
    }
    default:
      return UNKNOWN; // escapes (\d, \s, \p{…}), the dot, back-references
  }
}

/**
 * A character as the engine will look for it. Only printable ASCII is trusted: under
 * the "i" flag other characters have case variants that lower-casing does not unify.
 */
function literal(ch: string): Info {
  if (!/^[\x20-\x7e]$/.test(ch)) return UNKNOWN;
  return { exact: new Set([ch.toLowerCase()]), factor: null };
}
