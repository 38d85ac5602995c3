import type { Entity } from '../types';

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAY = '(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:s|nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)';
const ORD = '(?:st|nd|rd|th)';

// Each alternative is anchored on digits or a month/day word, so none can backtrack badly.
const DATE = new RegExp(
  [
    String.raw`\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?`, // 1984-04-27 15:25:53
    String.raw`\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})`, // 14/03/1941, 2/8/35
    String.raw`\d{1,2}/\d{1,2}(?![\d/])`, // 23/01
    String.raw`\d{1,2}${ORD}?(?:\s*(?:-|–|to)\s*\d{1,2}${ORD}?)?\s+(?:of\s+)?${MONTH}\.?(?:,?\s+\d{4})?`, // 3rd Jan, 14-16 May 2024
    String.raw`${MONTH}\.?\s+\d{1,2}${ORD}?(?:,?\s+\d{4})?`, // Jan 3rd, 2024
    String.raw`${MONTH}\s+\d{4}`, // March 1941
    String.raw`${WEEKDAY}\.?\s+\d{1,2}${ORD}?`, // Saturday 14th
    String.raw`(?:(?:last|this|next|on)\s+)?${WEEKDAY}\b(?:\s+(?:night|morning|afternoon|evening))?`, // on Tues, last Tuesday
    String.raw`(?:in|since|from|of|year)\s+(?:19|20)\d{2}`, // in 1977
  ].join('|'),
  'giu',
);
const BOUNDARY_BEFORE = /[\p{L}\p{N}]/u;

export function recogniseDates(text: string): Entity[] {
  const out: Entity[] = [];
  DATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE.exec(text)) !== null) {
    const prev = m.index > 0 ? text[m.index - 1] ?? '' : '';
    const next = text[m.index + m[0].length] ?? '';
    if (BOUNDARY_BEFORE.test(prev) || /[\p{L}\p{N}]/u.test(next)) {
      DATE.lastIndex = m.index + 1;
      continue;
    }
    let start = m.index;
    let value = m[0];
    // "in 1977": the entity is the year, not the preposition.
    const lead = /^(?:in|since|from|of|year|on|last|this|next)\s+/i.exec(value);
    if (lead && /\d|day|mon|tue|wed|thu|fri|sat|sun/i.test(value.slice(lead[0].length))) {
      if (/^(?:in|since|from|of|year|on)\s/i.test(value)) {
        start += lead[0].length;
        value = value.slice(lead[0].length);
      }
    }
    out.push({ type: 'DATE', start, end: start + value.length, text: value });
  }
  return out;
}
