/**
 * The class of a code point, as the tokeniser (./terms.ts) reads it: a word character
 * (a letter, digit, mark or underscore), a pictograph (an emoji), a space, the hyphen, or
 * anything else.
 *
 * Why a table and not a regular expression: the tokeniser's pattern named the word class
 * four times and the pictographs three, and a regular expression with Unicode property
 * classes is compiled when it first runs. That one compile was 2.5-7 ms of a fresh engine's
 * first check in Node, and more in a page where a compose box gets focus (a browser
 * compiles a pattern twice as it tiers up); a regular
 * expression compiles again for a draft of another string width. The table is made from
 * 1,979 ranges (char-classes-data.ts, written by scripts/char-classes.mjs from Unicode's
 * own property data as Node has it) in well under a millisecond, the first time it is used.
 *
 * It also makes tokens the same everywhere: a browser's regular expressions follow its own
 * Unicode version, the table the one it was written from (CHAR_CLASSES_UNICODE).
 */
import { CHAR_CLASS_RANGES } from './char-classes-data';

/** A word character: \p{L}, \p{N}, \p{M} or "_". A bit: ℹ and a few others are both. */
export const WORD_CHAR = 1;
/** A pictograph: \p{Extended_Pictographic}. A bit, as WORD_CHAR. */
export const PICTOGRAPH = 2;
/** White space, as \s reads it. */
export const SPACE = 4;
/** "-", which the tokeniser drops: "on-call" is "on call". */
export const HYPHEN = 8;

let bmp: Uint8Array | undefined;
let astralStarts: Int32Array | undefined;
let astralClasses: Uint8Array | undefined;

function makeTable(): Uint8Array {
  const parts = CHAR_CLASS_RANGES.split(',');
  const starts = new Int32Array(parts.length);
  const classes = new Uint8Array(parts.length);
  let start = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    start += parseInt(part.slice(0, -1), 36);
    starts[i] = start;
    classes[i] = part.charCodeAt(part.length - 1) - 48;
  }
  const table = new Uint8Array(0x10000);
  let i = 0;
  for (; i < parts.length && starts[i]! < 0x10000; i++) {
    const end = i + 1 < parts.length ? Math.min(starts[i + 1]!, 0x10000) : 0x10000;
    if (classes[i] !== 0) table.fill(classes[i]!, starts[i]!, end);
  }
  // Above the BMP: the range that holds U+10000 and those after it, searched by halves.
  const from = i - 1;
  astralStarts = starts.slice(from);
  astralStarts[0] = 0x10000;
  astralClasses = classes.slice(from);
  bmp = table;
  return table;
}

/** The class of code point `cp` (0 to 0x10FFFF; a lone surrogate is a code point of its own). */
export function charClass(cp: number): number {
  if (cp < 0x10000) return (bmp ?? makeTable())[cp]!;
  if (!bmp) makeTable();
  const starts = astralStarts!;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= cp) lo = mid;
    else hi = mid - 1;
  }
  return astralClasses![lo]!;
}

/** Whether the string starts with a word character (as /^[\p{L}\p{N}_\p{M}]/u). */
export function startsWithWordChar(s: string): boolean {
  return s.length > 0 && (charClass(s.codePointAt(0)!) & WORD_CHAR) !== 0;
}
