import type { Entity } from '../types';
import { LETTER_OR_DIGIT } from '../letters';

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
// Short forms only capitalised: "sat", "wed" and "sun" are ordinary words.
const WEEKDAY = '(?:(?:[Mm]on|[Tt]ues|[Ww]ednes|[Tt]hurs|[Ff]ri|[Ss]atur|[Ss]un)day|Mon|Tue|Tues|Wed|Weds|Thu|Thur|Thurs|Fri|Sat|Sun)';
const ORD = '(?:st|nd|rd|th)';
// The words before a bare year that make it a date: "in 1977", "during 2017".
const YEAR_LEAD = 'in|since|from|of|year|during|until|till';
// Words a date may open with, which are not part of it ("in 1977", "on Tues").
const LEAD = new RegExp(`^(?:${YEAR_LEAD}|on|last|this|next)\\s+`, 'i');
const DROPPED_LEAD = new RegExp(`^(?:${YEAR_LEAD}|on)\\s`, 'i');

// One regex per form: each is anchored on digits or a month/day word and is linear
// on its own (a single alternation of all of them confuses ReDoS analysis).
export const DATE_FORMS: readonly RegExp[] = [
    String.raw`\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?`, // 1984-04-27 15:25:53
    String.raw`\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})`, // 14/03/1941, 2/8/35
    String.raw`\d{1,2}/\d{1,2}(?![\d/])`, // 23/01
    String.raw`\d{1,2}${ORD}?(?:[ \t]?(?:-|–|to)[ \t]?\d{1,2}${ORD}?)?[ \t](?:of[ \t])?${MONTH}\.?(?:,?[ \t]\d{4})?`, // 3rd Jan, 14-16 May 2024
    String.raw`${MONTH}\.?[ \t]\d{1,2}${ORD}?(?:,?[ \t]\d{4})?`, // Jan 3rd, 2024
    String.raw`${MONTH}[ \t]\d{4}`, // March 1941
    String.raw`(?:${YEAR_LEAD})[ \t](?:19|20)\d{2}`, // in 1977, during 2017
]
  .map((source) => new RegExp(source, 'giu'))
  .concat(
    [
      String.raw`${WEEKDAY}\.?[ \t]\d{1,2}${ORD}?`, // Saturday 14th
      String.raw`(?:(?:[Ll]ast|[Tt]his|[Nn]ext|[Oo]n)[ \t])?${WEEKDAY}\b(?:[ \t](?:night|morning|afternoon|evening))?`, // on Tues, last Tuesday
    ].map((source) => new RegExp(source, 'gu')),
  );

export function recogniseDates(text: string): Entity[] {
  const out: Entity[] = [];
  for (const re of DATE_FORMS) collect(re, text, out);
  // Forms overlap ("Saturday 14th" and "Saturday"): keep the longest at each place.
  // Sorted by start, longest first: a span is inside an earlier one iff it ends no later than the furthest end so far.
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  let reach = -1;
  return out.filter((e) => {
    if (e.end <= reach) return false;
    reach = e.end;
    return true;
  });
}

function collect(re: RegExp, text: string, out: Entity[]): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const prev = m.index > 0 ? text[m.index - 1] ?? '' : '';
    const next = text[m.index + m[0].length] ?? '';
    if (LETTER_OR_DIGIT.test(prev) || LETTER_OR_DIGIT.test(next)) {
      re.lastIndex = m.index + 1;
      continue;
    }
    // Numeric dates must be real: a day up to 31 and a month up to 12, in either order ("03.93.92" is not one).
    const numeric = /^(\d{1,2})[/.](\d{1,2})(?:[/.]\d{2,4})?$/.exec(m[0]);
    if (numeric) {
      const a = Number(numeric[1]);
      const b = Number(numeric[2]);
      if (!((a >= 1 && a <= 31 && b >= 1 && b <= 12) || (a >= 1 && a <= 12 && b >= 1 && b <= 31))) continue;
    }
    let start = m.index;
    let value = m[0];
    // "in 1977": the entity is the year, not the preposition.
    const lead = LEAD.exec(value);
    if (lead && /\d|day|mon|tue|wed|thu|fri|sat|sun/i.test(value.slice(lead[0].length))) {
      if (DROPPED_LEAD.test(value)) {
        start += lead[0].length;
        value = value.slice(lead[0].length);
      }
    }
    out.push({ type: 'DATE', start, end: start + value.length, text: value });
  }
}
