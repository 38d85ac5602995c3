import type { Entity } from '../types';
import { coarsePattern } from '../coarse-classes';

// UK numbers: 07700 900882, 0113 496 0000, 0800 069 882, +44 7700 900882, (020) 7946 0000.
export const UK = coarsePattern(String.raw`(?<![\p{N}+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\p{N})`, 'gu');
// International: +41 (0)62 585 51 90, 001-253-366-9781, (579)888-3058, 01.84.17.61.18, 555-123-4567x12.
const EXT = String.raw`(?:[ \t]?x\d{1,5})?(?![\p{N}\p{L}])`;
const START = String.raw`(?<![\p{N}\p{L}+])`;
export const INTERNATIONAL_FORMS: readonly RegExp[] = [
  String.raw`\+\d{1,3}[ .-]?(?:\(0\)[ .-]?)?\(?\d{1,4}\)?(?:[ .-]\d{1,4}){1,4}`, // +41 (0)62 585 51 90
  String.raw`(?:00\d{1,2}|001)[ .-]\d{3}[ .-]\d{3}[ .-]\d{4}`, // 001-253-366-9781
  String.raw`\(\d{2,4}\)[ ]?\d{3,4}[ .-]\d{3,4}`, // (579)888-3058
  String.raw`\d{3}[.-]\d{3}[.-]\d{4}`, // 555-123-4567
  String.raw`\d{2}(?:[.-]\d{2}){3,4}`, // 01.84.17.61.18
].map((source) => coarsePattern(START + source + EXT, 'gu'));
// Bare digit groups are phone numbers only where the text says so ("call 668 5702").
// `(?<!\w)` and not `\b` in front: the same before a letter, and under the `iu` flags a
// leading `\b` keeps V8 from skipping ahead to the label (see src/rules/word-starts.ts).
export const LABELLED = coarsePattern(String.raw`(?<!\w)(?:tel|telephone|phone|mobile|mob|cell|call(?: me)?(?: at| on)?|ring|text|contact number|number is|fax|desk|office|whatsapp)[ \t]{0,3}[:.]?[ \t]{0,3}\n?[ \t]{0,3}(\d[\d ]{5,16}\d)(?![\p{N}:])`, 'giu');
// After a weak label ("at", "to", "on") only a long digit group counts: "messages to 699 956 915".
export const WEAKLY_LABELLED = coarsePattern(String.raw`(?<!\w)(?:at|to|on)[ \t](\d{2,4}(?: \d{2,4}){2,4})(?![\p{N}:.,])`, 'giu');

export function recognisePhones(text: string): Entity[] {
  // Every form above needs six or more digits with only spaces and punctuation such as
  // ". - ( ) +" between them. Most drafts have no such run ("72yo", "bed 4", "48,213"),
  // and for them the patterns need not be compiled or run at all.
  return longestDigitRun(text) < 6 ? [] : findPhones(text);
}

/** The patterns themselves, without the digit-run test in front (exported for its test). */
export function findPhones(text: string): Entity[] {
  const out: Entity[] = [];
  for (const re of [UK, ...INTERNATIONAL_FORMS]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const digits = m[0].replace(/\D/g, '');
      if (digits.length < 7 || digits.length > 15) continue;
      out.push({ type: 'PHONE', start: m.index, end: m.index + m[0].length, text: m[0] });
    }
  }
  for (const re of [LABELLED, WEAKLY_LABELLED]) collectLabelled(re, text, out);
  return out;
}

function collectLabelled(re: RegExp, text: string, out: Entity[]): void {
  const minDigits = re === WEAKLY_LABELLED ? 8 : 6;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const value = (m[1] ?? '').trimEnd();
    if (value.replace(/\D/g, '').length < minDigits) continue;
    const start = m.index + m[0].indexOf(value, m[0].length - (m[1] ?? '').length);
    out.push({ type: 'PHONE', start, end: start + value.length, text: value });
  }
}

/** The most digits in a stretch of text holding only digits, white space and ". - ( ) +". */
export function longestDigitRun(text: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++run > best) best = run;
    } else if (!(c === 32 || (c >= 9 && c <= 13) || c === 46 || c === 45 || c === 40 || c === 41 || c === 43 || (c >= 128 && isWideSpace(c)))) {
      run = 0; // any other character ends the run
    }
  }
  return best;
}

/** The white space beyond ASCII that "\s" matches. */
function isWideSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
