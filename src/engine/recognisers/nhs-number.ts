import type { Entity } from '../types';

/**
 * NHS numbers: ten digits written 3-3-4 (spaces or hyphens) or unbroken (a CHI number also
 * 6-4), whose tenth digit is the modulus-11 check digit of the first nine. Scotland's CHI numbers and
 * Northern Ireland's Health and Care (H&C) numbers are ten digits with the same check, in
 * ranges of their own (a CHI number starts with the patient's date of birth, so often with 0).
 */
export function isValidNhsNumber(candidate: string): boolean {
  const digits = candidate.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false; // no valid number has this remainder
  return check === Number(digits[9]);
}

// Separators must be consistent: "626 018 1590", "628-194-8211", "7960308241".
export const CANDIDATE = /(?<![\d.,£$€])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d]|[.,]\d)/g;
// About one in eleven random ten-digit numbers passes the check, so a number
// introduced as something else (an order, a phone line) is not an NHS number.
export const OTHER_LABEL =
  /\b(?:order|po|purchase|ref(?:erence)?|invoice|tracking|account|acct|a\/c|sort code|tel(?:ephone)?|phone|call|ring|text|whats ?app|helpline|freephone|mobile|fax|isbn|serial|booking|ticket|case)\b[^\d\n]{0,16}$/i;
// NHS, CHI, and the H&C number by its full label (a bare "H&C" or "HCN" is also hot and
// cold, a Tube line, hydrogen cyanide).
export const NHS_LABEL = /(?:\b(?:nhs|chi)\b|\bh ?[&+] ?c (?:no|number)\b|\bhealth and care (?:no|number)\b)[^\d\n]{0,16}$/i;
// A CHI number grouped as it is often written, its date of birth apart ("CHI 020685 4412"):
// read only after its label.
export const CHI_GROUPED = /(?<![\d.,£$€])(\d{6})[ -](\d{4})(?![\d]|[.,]\d)/g;
export const CHI_LABEL = /\bchi\b[^\d\n]{0,16}$/i;

/**
 * Each way the number is written, and whether the words before it let it be one: 3-3-4 or
 * unbroken unless introduced as something else (or starting with 0, unlabelled); a CHI number
 * grouped by its date of birth only after its label.
 */
const WRITTEN: readonly (readonly [RegExp, (before: string, value: string) => boolean])[] = [
  [CANDIDATE, (before, value) => NHS_LABEL.test(before) || !(OTHER_LABEL.test(before) || value.startsWith('0'))],
  [CHI_GROUPED, (before) => CHI_LABEL.test(before)],
];

export function recogniseNhsNumbers(text: string): Entity[] {
  const out: Entity[] = [];
  let m: RegExpExecArray | null;
  for (const [pattern, accepts] of WRITTEN) {
    pattern.lastIndex = 0;
    while ((m = pattern.exec(text)) !== null) {
      const value = m[0];
      if (!isValidNhsNumber(value) || !accepts(text.slice(Math.max(0, m.index - 40), m.index), value)) continue;
      out.push({ type: 'NHS_NUMBER', start: m.index, end: m.index + value.length, text: value });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
