/**
 * Patterns with coarse letter and number classes: cheap for V8 to compile.
 *
 * Why: V8 compiles a regular expression on its first use, into code that tests each
 * character against each class range by range. \p{L} is 684 ranges (377 in the BMP), \p{Lu}
 * and \p{Ll} about 650 each, because the capitals and small letters of Latin Extended,
 * Greek and Cyrillic alternate one by one; under the i flag V8 also works out each range's
 * other case. A pattern with such a class took 0.5-1 ms to compile, and a fresh engine's
 * first check compiled some 40 of them: most of its time. A class of 20-50 ranges compiles
 * in a tenth of that.
 *
 * So `\p{L}`, `\p{Lu}`, `\p{Ll}` and `\p{N}` in the recognisers' and the rules' patterns
 * are read as coarse classes (written by scripts/char-classes.mjs, which says how):
 * - exact in Latin-1, and for letters through Latin Extended-B: every letter of English and
 *   of the names and places of Europe;
 * - beyond that, a run of a script's characters between two separators (white space, and
 *   the punctuation, symbols and emoji of the blocks every script shares) counts whole: a
 *   Greek question mark or an Arabic comma is read as part of a word, and a combining
 *   accent always is;
 * - capitals and small letters beyond Latin-1 are told apart only where a block holds one
 *   case alone: in Latin Extended, Greek or Cyrillic a letter of either case counts as both;
 *   scripts without case (Arabic, Hebrew, Chinese...) count as neither;
 * - in the Basic Multilingual Plane only, as before: a letter from the supplementary planes
 *   (mathematical alphanumerics, rare historic scripts) is not treated as one.
 * Every real letter or number of the BMP is still in its class (test/engine/coarse-classes.test.ts).
 * The tokeniser's own classes stay exact (./char-classes.ts).
 *
 * `coarsePattern(source, flags)` takes a u-flag pattern and returns it with those classes
 * written out; other properties (\p{Extended_Pictographic}) are kept as written.
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
        if (prop[1] === 'P' && inClass) throw new Error(`coarseClasses: \\P{${prop[2]}} inside a class is not supported`);
        out += source.slice(copied, i) + (inClass ? body : prop[1] === 'P' ? `[^${body}]` : `[${body}]`);
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
