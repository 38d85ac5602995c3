import type { Entity } from '../types';
import { coarsePattern } from '../coarse-classes';
import { LETTER_OR_DIGIT } from '../letters';

const NUM = String.raw`(?:1[01]\d|\d{1,2})`;
const DECADE = String.raw`(?:[1-9]0)['’]?s`;
// "72yo", "72 y/o", "72-year-old", "72 years old", "aged 72", "54M", "F 31", "in her 70s",
// "early 30s", "30-something", "he's 88", "her 100th birthday", "age: 64", "Joan Kerrigan, 94, who".
export const AGE = coarsePattern(
  [
    String.raw`${NUM}\s?(?:yo|y\.o\.?|y/o|yrs?\s?old|years?[\s-]old|yr[\s-]old|year[\s-]olds?|-year-old|yoa)`,
    String.raw`(?:aged|age[d:]?|ages)\s*${NUM}(?!\s?(?:%|mg|kg|cm|mm|ml|mmol))`,
    String.raw`(?:(?:just|will|i'll|i will|about to)[ \t])?turn(?:ed|s|ing)?[ \t]${NUM}(?![ \t]?(?:%|mg|kg|cm|mm|ml|degrees|pages|times|people|patients|minutes|mins|hours|days|weeks|months|years|miles))`,
    String.raw`(?:at|by)[ \t]the[ \t]age[ \t]of[ \t]${NUM}`,
    String.raw`${NUM}\s?[MF](?=[\s,;:.)]|$)`,
    String.raw`(?:in\s+(?:his|her|their)\s+)?(?:early|mid|late)?[\s-]?${DECADE}(?=[\s,;:.)!]|$)`,
    String.raw`${DECADE.replace("['’]?s", '')}[\s-]?something`,
    String.raw`(?:he|she|they)(?:['’]s|\s+is|\s+was|\s+are|['’]re)\s+${NUM}(?=\s*(?:[.,;!]|$|years|and|now|today))`,
    String.raw`(?:her|his|their)\s+${NUM}(?:st|nd|rd|th)\s+birthday`,
    String.raw`(?:teen(?:age[rd]?)?|octogenarian|nonagenarian|centenarian)`,
    // An age set off by commas after a word, as news reports write it: "Joan Kerrigan, 94, who".
    String.raw`(?<=\p{L}[ \t]?,[ \t])${NUM}(?=[ \t]?,[ \t]*\p{L})`,
  ].join('|'),
  'giu',
);

export function recogniseAges(text: string): Entity[] {
  const out: Entity[] = [];
  AGE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = AGE.exec(text)) !== null) {
    const prev = m.index > 0 ? text[m.index - 1] ?? '' : '';
    const next = text[m.index + m[0].length] ?? '';
    if (LETTER_OR_DIGIT.test(prev) || LETTER_OR_DIGIT.test(next)) {
      AGE.lastIndex = m.index + 1;
      continue;
    }
    // "turned 75" is an age only when a person turned it, not "the NHS turned 75".
    // The word before "turn" may be inside the match ("I'll turn 23").
    const lead = /^(?:just|will|i'll|i will|about to)[ \t]/i.exec(m[0])?.[0] ?? '';
    if (/^turn/i.test(m[0].slice(lead.length)) && !/\b(?:i|i've|i'll|he|she|they|we|brother|sister|mum|mom|dad|father|mother|son|daughter|wife|husband|partner|patient|pt|lady|man|woman|gent|baby|friend|nan|grandad|grandma|grandpa)\b[^.!?\n]{0,30}$/i.test(text.slice(Math.max(0, m.index - 40), m.index) + lead)) continue;
    // "the 70s" is an era, not an age.
    if (/^[\s-]*\d0['’]?s$/.test(m[0]) && /\bthe\s*$/i.test(text.slice(Math.max(0, m.index - 5), m.index))) continue;
    let value = m[0].replace(/^[\s-]+/, '');
    const start = m.index + (m[0].length - value.length);
    value = value.trimEnd();
    out.push({ type: 'AGE', start, end: start + value.length, text: value });
  }
  return out;
}
