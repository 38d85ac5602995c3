/**
 * Patterns with coarse letter and number classes: cheap for V8 to compile.
 *
 * Why: V8 compiles a regular expression on its first use, into code that tests each
 * character against each class range by range. \p{L} is 684 ranges, \p{Lu} and \p{Ll} about
 * 650 each and \p{N} 146, most of them in scripts a post to a UK audience never holds; under
 * the i flag V8 also works out each range's other case. A pattern with such a class took
 * 0.5-1 ms to compile, and a fresh engine's first check compiled some 40 of them: most of its
 * time.
 *
 * So `\p{L}`, `\p{Lu}`, `\p{Ll}` and `\p{N}` in the recognisers' and the rules' patterns are
 * read as coarse classes (written by scripts/char-classes.mjs, which gives the construction):
 * - exact from U+0000 to U+052F: Latin with its Extended-A and -B (the names of Europe: Zoë,
 *   Łukasz, Tŷ Hafan), IPA, Greek (μg is no capitalised word) and Cyrillic;
 * - in the rest of the Basic Multilingual Plane, a script's run between two separators counts
 *   whole: for letters, a Greek-style question mark or an Arabic comma inside a word is read as
 *   part of it, and a combining accent always is; numbers take in only the marks and
 *   unassigned code points between them; a capital that stands between small letters with
 *   only letters between them (Latin Extended Additional's Ḃ, Ẃ, Ễ; Greek Extended) counts
 *   as a small letter, as such letters nearly always stand inside a word ("Nguyễn"); scripts
 *   without case (Arabic, Hebrew, Chinese...) are neither capitals nor small letters;
 * - the Letterlike Symbols (ℋ, ℌ, ℍ: fancy text) are exact, and the bold and italic letters
 *   social media writes with (Mathematical Alphanumeric Symbols, U+1D400-U+1D7FF) are
 *   letters and digits with their cases exact (the block's few symbols, such as 𝛁, count as
 *   letters);
 * - no other character of the supplementary planes is in a class.
 * Letters and numbers stay apart, and capitals and small letters, as in Unicode: classes that
 * overlapped would let "\p{Lu}\p{Ll}+" backtrack over a long run. Every real letter or number
 * in those regions is still in its class (a capital perhaps as a small letter)
 * (test/engine/coarse-classes.test.ts). The tokeniser's own classes stay exact
 * (./char-classes.ts). `\P{…}` of the four is refused: under the i flag its complement is
 * not the coarse class's, and no pattern needs it.
 *
 * `coarsePattern(source, flags)` takes a u-flag pattern and returns it with those classes
 * written out, as the characters themselves (a range is two or three characters of source:
 * V8 leaves a pattern whose source passes 20,000 characters unoptimised); other properties
 * (\p{Extended_Pictographic}, \p{Letter}) are kept as written.
 */
import { COARSE_CLASS_BODIES } from './coarse-classes-data';

/** Each rewritten pattern's original, so the tests can compare the two. */
export const ORIGINALS = new WeakMap<RegExp, { source: string; flags: string }>();

const PROPERTY = /\\([pP])\{(\w+)\}/y;

/** The pattern's source with \p{L}, \p{Lu}, \p{Ll} and \p{N} written as coarse classes. */
export function coarseClasses(source: string): string {
  let out = '';
  let copied = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      PROPERTY.lastIndex = i;
      const prop = PROPERTY.exec(source);
      if (prop && Object.hasOwn(COARSE_CLASS_BODIES, prop[2]!)) {
        const body = COARSE_CLASS_BODIES[prop[2] as keyof typeof COARSE_CLASS_BODIES];
        if (prop[1] === 'P') throw new Error(`coarseClasses: \\P{${prop[2]}} is not supported: write [^\\p{${prop[2]}}] if it must be`);
        out += source.slice(copied, i) + (inClass ? body : `[${body}]`);
        i += prop[0].length - 1;
        copied = i + 1;
      } else i++; // any other escape is two characters as far as classes go ("\]", "\[")
    } else if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
  }
  return copied === 0 ? source : out + source.slice(copied);
}

/** `new RegExp(coarseClasses(source), flags)`, for a pattern written for the u flag. */
export function coarsePattern(source: string, flags: string): RegExp {
  if (!flags.includes('u') || flags.includes('v')) throw new Error('coarsePattern takes patterns written for the u flag');
  const re = new RegExp(coarseClasses(source), flags);
  ORIGINALS.set(re, { source, flags });
  return re;
}
