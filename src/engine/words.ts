/**
 * Word tokens for the name, place and address recognisers: the fast tokeniser
 * of terms.ts, tagged from the lexicon mined from compromise's model.
 */
import { tokenise, TOKENS_PER_STEP, type Token as TermToken } from './terms';
import { runToEnd, type Steps } from './steps';
import { startsWithWordChar } from './char-classes';
import { coarsePattern } from './coarse-classes';
import { ONE_UPPER } from './letters';
import type { Span } from './types';

export interface Token {
  text: string;
  /** Lower case, curly apostrophes straightened. */
  normal: string;
  /** For a word with a letter held down ("sooo"), the words it may stand for (terms.ts, heldLetterForms). */
  held?: readonly string[];
  /** What follows the word up to the next one: spaces and punctuation. */
  post: string;
  tags: ReadonlySet<string>;
  start: number;
  end: number;
  /** Index of the sentence the token belongs to. */
  sentence: number;
  /** First word of its sentence. */
  first: boolean;
  /** Capitalised like a name: "Kaur", "O'Neill", "Smith-Jones" (not "NHS", not "kaur"). */
  capitalised: boolean;
  /** A single capital, or capitals with full stops: "B", "P.W". */
  initial: boolean;
}

const NO_TAGS: ReadonlySet<string> = new Set();
// A capital, then letters with a lower-case one before any other capital ("McDonald", not
// "USA"). Only apostrophes and hyphens may come before that first lower-case letter, which
// keeps the two loops apart: linear on "A" and 80,000 letters that never end in a match.
export const CAPITALISED = coarsePattern(String.raw`^\p{Lu}['’-]*\p{Ll}[\p{L}'’-]*$`, 'u');
export const DOUBLE_BARRELLED = coarsePattern(String.raw`^\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}\p{Ll}+)+$`, 'u');
// A one-letter prefix and an apostrophe before a capitalised name: Irish "O'Hare", Italian,
// French and Portuguese "D'Arcy", "D'Souza", West African "N'Diaye". Neither pattern above
// takes a capital straight after the apostrophe, so "Mrs O'Hare" was no name at all. Only the
// prefixes surnames take, and not the contractions written with a capital ("Miss Y'All",
// "Sister D'You have a minute", "O'Clock").
const APOSTROPHE_PREFIXED = coarsePattern(String.raw`^[ODN]['’]\p{Lu}\p{Ll}[\p{L}'’-]*$`, 'u');
const NOT_PREFIXED_NAMES: ReadonlySet<string> = new Set(['you', 'ya', 'ye', 'yer', 'all', 'clock']);
const isApostrophePrefixedName = (raw: string): boolean => APOSTROPHE_PREFIXED.test(raw) && !NOT_PREFIXED_NAMES.has(raw.slice(2).toLowerCase());

export function wordTokens(text: string, sentences: readonly Span[], tagsOf: (normal: string) => ReadonlySet<string> | undefined, termTokens?: readonly TermToken[]): Token[] {
  return runToEnd(wordTokensInSteps(text, sentences, tagsOf, termTokens));
}

/**
 * The same, yielding after every TOKENS_PER_STEP words (see ./steps.ts). `termTokens`,
 * the draft's tokens from terms.ts if already made, saves tokenising the text again.
 */
export function* wordTokensInSteps(
  text: string,
  sentences: readonly Span[],
  tagsOf: (normal: string) => ReadonlySet<string> | undefined,
  termTokens?: readonly TermToken[],
): Steps<Token[]> {
  const words = (termTokens ?? tokenise(text)).filter((t) => startsWithWordChar(t.raw));
  const out: Token[] = [];
  let s = 0;
  let lastSentence = -1;
  for (let i = 0; i < words.length; i++) {
    if (i % TOKENS_PER_STEP === TOKENS_PER_STEP - 1) yield;
    const w = words[i]!;
    while (s < sentences.length - 1 && w.start >= sentences[s]!.end) s++;
    const normal = w.raw.toLowerCase().replace(/’/g, "'");
    const next = words[i + 1];
    out.push({
      text: w.raw,
      normal,
      held: w.held,
      post: text.slice(w.end, next ? next.start : text.length),
      tags: tagsOf(normal) ?? NO_TAGS,
      start: w.start,
      end: w.end,
      sentence: s,
      first: s !== lastSentence,
      capitalised: CAPITALISED.test(w.raw) || DOUBLE_BARRELLED.test(w.raw) || isApostrophePrefixedName(w.raw),
      initial: ONE_UPPER.test(w.raw),
    });
    lastSentence = s;
  }
  return out;
}
