/**
 * Recogniser patterns with their Unicode letter and number classes limited to the Basic
 * Multilingual Plane.
 *
 * Why: V8 compiles a regular expression on its first use, and in a /u pattern each
 * \p{L}, \p{Lu}, \p{Ll} or \p{N} class brings code for the supplementary planes, reached
 * through surrogate pairs. The address pattern, with a dozen such classes, took about
 * 18 ms to compile, most of a fresh engine's first check. The same pattern with classes
 * limited to the BMP (the v flag's set subtraction) compiles four to five times faster.
 * Names, places, numbers and addresses in drafts are written in BMP letters; a letter
 * from the supplementary planes (mathematical alphanumerics, rare historic scripts) is
 * simply not treated as one.
 *
 * `bmpPattern(source, flags)` takes a pattern written for the u flag and returns it under
 * the v flag, with the escapes v requires inside character classes.
 */
const LIMITED = new Set(['L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'N', 'Nd', 'M']);
const OUTSIDE_BMP = String.raw`[\u{10000}-\u{10FFFF}]`;
/** Characters that v mode reserves inside a class; written plainly they must be escaped. */
const CLASS_SYNTAX = new Set(['(', ')', '[', '{', '}', '/', '-', '|']);
/** v mode also reserves doubled punctuators inside a class ("&&", "!!", ".." …). */
const DOUBLED = new Set([...'&!#$%*+,.:;<=>?@^`~']);

/** Each rewritten pattern's u-flag original, so the tests can compare the two. */
export const ORIGINALS = new WeakMap<RegExp, { source: string; flags: string }>();

export function bmpPattern(source: string, flags: string): RegExp {
  if (!flags.includes('u')) throw new Error('bmpPattern rewrites u-flag patterns');
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const prop = /^\\([pP])\{(\w+)\}/.exec(source.slice(i));
      if (prop && prop[1] === 'p' && LIMITED.has(prop[2]!)) {
        out += `[\\p{${prop[2]}}--${OUTSIDE_BMP}]`;
        i += prop[0].length - 1;
      } else if (prop) {
        out += prop[0];
        i += prop[0].length - 1;
      } else {
        out += c + (source[i + 1] ?? '');
        i++;
      }
      continue;
    }
    if (!inClass) {
      if (c === '[') {
        inClass = true;
        out += c;
        if (source[i + 1] === '^') out += source[++i];
      } else out += c;
      continue;
    }
    if (c === ']') {
      inClass = false;
      out += c;
    } else if (c === '-' && isRange(source, i)) {
      out += c;
    } else if (CLASS_SYNTAX.has(c) || (DOUBLED.has(c) && (source[i + 1] === c || out.endsWith(c)))) {
      out += `\\${c}`;
    } else {
      out += c;
    }
  }
  const re = new RegExp(out, flags.replace('u', 'v'));
  ORIGINALS.set(re, { source, flags });
  return re;
}

/** Is the "-" at `i` inside a class a range ("a-z", "\u00C0-\u024F") rather than a hyphen? */
function isRange(source: string, i: number): boolean {
  const before = source[i - 1];
  const after = source[i + 1];
  if (before === undefined || after === undefined || before === '[' || after === ']') return false;
  if (source[i - 2] === '[' && before === '^') return false;
  // A class escape ("\d", "\s", "\p{…}") cannot end a range; a character or \u{…} can.
  const prefix = source.slice(0, i);
  if (/\\[dDsSwW]$/.test(prefix) || /\\[pP]\{\w+\}$/.test(prefix)) return false;
  return true;
}
