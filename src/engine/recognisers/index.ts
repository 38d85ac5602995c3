import type { Entity, EntityType } from '../types';
import type { Token } from '../words';
import type { Span } from '../types';
import { recogniseNhsNumbers } from './nhs-number';
import { recogniseHospitalNumbers } from './hospital-number';
import { recognisePostcodes } from './postcode';
import { recognisePhones } from './phone';
import { recogniseEmails } from './email';
import { recogniseDates } from './date';
import { recogniseAges } from './age';
import { recogniseAddresses, recognisePeople, recognisePlaces, type NameLexicon } from './names';

export { isValidNhsNumber } from './nhs-number';
export type { NameLexicon } from './names';

/** When two recognisers claim the same characters, the more specific one wins. */
const PRIORITY: readonly EntityType[] = ['NHS_NUMBER', 'EMAIL', 'HOSPITAL_NUMBER', 'DATE', 'PHONE', 'POSTCODE', 'AGE', 'ADDRESS', 'PERSON', 'LOCATION'];

export function recogniseEntities(text: string, tokens: readonly Token[], lex: NameLexicon, knownPlaces: readonly Span[]): Entity[] {
  const people = recognisePeople(text, tokens, lex);
  const candidates = [
    ...recogniseNhsNumbers(text),
    ...recogniseEmails(text),
    ...recogniseHospitalNumbers(text),
    ...recogniseDates(text),
    ...recognisePhones(text),
    ...recognisePostcodes(text),
    ...recogniseAges(text),
    ...recogniseAddresses(text),
    ...people,
    ...recognisePlaces(text, tokens, lex, people, knownPlaces),
  ];
  return resolveOverlaps(candidates);
}

export function resolveOverlaps(candidates: Entity[]): Entity[] {
  const ranked = [...candidates].sort(
    (a, b) => PRIORITY.indexOf(a.type) - PRIORITY.indexOf(b.type) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  // `kept` stays sorted by start and free of overlaps, so only neighbours need checking.
  const kept: Entity[] = [];
  for (const e of ranked) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.start < e.start) lo = mid + 1;
      else hi = mid;
    }
    if ((lo > 0 && kept[lo - 1]!.end > e.start) || (lo < kept.length && kept[lo]!.start < e.end)) continue;
    kept.splice(lo, 0, e);
  }
  return kept;
}

/** Initials standing for a person: "JT, 54M", "initials P.W.". */
export const INITIALS = /(?<![\p{L}\p{N}])(?:(?:\p{Lu}\.){2,3}|\p{Lu}{2}(?=,?\s*(?:\d{1,3}\s?[MF]?\b|\(\d)))/gu;
export function recogniseInitials(text: string): Entity[] {
  const out: Entity[] = [];
  INITIALS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = INITIALS.exec(text)) !== null) out.push({ type: 'PERSON', start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}
