import type { Entity } from '../types';
import { coarsePattern } from '../coarse-classes';

// "MRN 00482913", "hospital no: K1234567", "unit number 123456"; and the record numbers of
// other health systems by their own labels: an Australian unit record number, a medical
// record number written out.
export const LABELLED =
  /\b(?:MRN|M\.R\.N\.?|hosp(?:ital)?\.? ?(?:no|num|number|id)|unit (?:no|number)|case (?:no|number)|patient (?:no|number|id)|PAS (?:no|number)|unit record (?:no|number)|medical record (?:no|number))\.?[ \t]{0,3}[:#]?[ \t]{0,3}([A-Z]{0,3}\d{5,10})\b/gi;
// The unit record number's short label, "UR", in capitals and only with a mark that it is a
// label ("UR: 123456", "UR# 1234567", "UR no. 1234567"): "ur" and "UR" are also "your"
// ("THANKS FOR UR 12000 LIKES"), and "URN" is the UK's Unique Reference Number (a school's,
// a grant's), so it is not read at all.
export const UR_LABELLED = /\bU\.?R\.?(?: ?(?:no|No|NO|number|Number|NUMBER)\.?[ \t]{0,3}[:#]?|[ \t]{0,3}[:#])[ \t]{0,3}([A-Z]{0,3}\d{5,10})\b/g;
// A Canadian health card number, as it is written: Ontario's ten digits in groups of four,
// three and three (and a version code), Quebec's four letters and eight digits.
export const HEALTH_CARD_LABELLED =
  /\bhealth card (?:no|number|#)\.?[ \t]{0,3}[:#]?[ \t]{0,3}(\d{4}[ -]?\d{3}[ -]?\d{3}(?:[ -]?[A-Z]{2})?|[A-Z]{4}[ -]?\d{4}[ -]?\d{4})\b/gi;
// New Zealand's National Health Index number, only where it is labelled: three letters (no I
// or O) and four digits, or, in the newer format, two digits and two letters ("NHI ZAC5361",
// "NHI ZZZ 0016", "their NHI is ZBN77VL").
export const NHI_LABELLED = /\bNHI(?: (?:no|number|is))?\.?[ \t]{0,3}[:#-]?[ \t]{0,3}([A-HJ-NP-Z]{3}[ -]?\d{4}|[A-HJ-NP-Z]{3}[ -]?\d{2}[A-HJ-NP-Z]{2})\b/gi;
// Unlabelled: a short capital prefix glued to six to nine digits ("RX4471923"),
// the shape most trusts' PAS numbers take.
export const SHAPED = coarsePattern(String.raw`(?<![\p{L}\p{N}_/.=-])[A-Z]{1,3}\d{6,9}(?![\p{L}\p{N}_])`, 'gu');
// Codes that share the shape but are not patients: discount and referral codes, orders.
export const NOT_PATIENT = /(?:code|ref(?:erence)?|order|po|invoice|voucher|coupon|promo|sku|model|serial|isbn|flight|booking)\b[^\n]{0,12}$/i;

export function recogniseHospitalNumbers(text: string): Entity[] {
  const out: Entity[] = [];
  const seen = new Set<number>();
  let m: RegExpExecArray | null;
  for (const labelled of [LABELLED, UR_LABELLED, HEALTH_CARD_LABELLED, NHI_LABELLED]) {
    labelled.lastIndex = 0;
    while ((m = labelled.exec(text)) !== null) {
      const value = m[1] ?? '';
      const start = m.index + m[0].length - value.length;
      seen.add(start);
      out.push({ type: 'HOSPITAL_NUMBER', start, end: start + value.length, text: value });
    }
  }
  SHAPED.lastIndex = 0;
  while ((m = SHAPED.exec(text)) !== null) {
    if (seen.has(m.index)) continue;
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    if (NOT_PATIENT.test(before)) continue;
    out.push({ type: 'HOSPITAL_NUMBER', start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}
