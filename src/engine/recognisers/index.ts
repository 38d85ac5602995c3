import type { Entity, EntityType } from '../types';
import type { Token } from '../words';
import type { Span } from '../types';
import { byStart, lowerBound } from '../spans';
import { runToEnd, type Steps } from '../steps';
import { recogniseNhsNumbers } from './nhs-number';
import { recogniseHospitalNumbers } from './hospital-number';
import { recognisePostcodes } from './postcode';
import { recognisePhones } from './phone';
import { recogniseEmails } from './email';
import { recogniseDates } from './date';
import { recogniseAges } from './age';
import { recogniseAddresses, recognisePeopleInSteps, recognisePlaces, type NameLexicon } from './names';
import { coarsePattern } from '../coarse-classes';
import { textWindows } from '../windows';

export { WINDOW_CHARS } from '../windows';

export { isValidNhsNumber } from './nhs-number';
export type { NameLexicon } from './names';

/** When two recognisers claim the same characters, the more specific one wins. */
const PRIORITY: readonly EntityType[] = ['NHS_NUMBER', 'EMAIL', 'HOSPITAL_NUMBER', 'DATE', 'ADDRESS', 'PHONE', 'POSTCODE', 'AGE', 'PERSON', 'LOCATION'];

/**
 * `notNames` (sorted by start) are spans that hold no person or place, such as eponymous
 * conditions ("Crohn's", "Addison's disease"): a name or place found wholly inside one is
 * dropped.
 */
export function recogniseEntities(text: string, tokens: readonly Token[], lex: NameLexicon, knownPlaces: readonly Span[], notNames: readonly Span[] = []): Entity[] {
  return runToEnd(recogniseEntitiesInSteps(text, tokens, lex, knownPlaces, notNames));
}

/** The same, one recogniser per step (see ../steps.ts). */
export function* recogniseEntitiesInSteps(text: string, tokens: readonly Token[], lex: NameLexicon, knownPlaces: readonly Span[], notNames: readonly Span[] = []): Steps<Entity[]> {
  const found = yield* recognisePeopleInSteps(text, tokens, lex);
  const isEponym = eponymTest(text, notNames);
  const people = found.filter((e) => !isEponym(e));
  yield;
  const candidates: Entity[] = [];
  for (const recognise of TEXT_RECOGNISERS) for (const entity of yield* inWindows(recognise, text)) candidates.push(entity);
  for (const entity of people) candidates.push(entity);
  for (const entity of recognisePlaces(text, tokens, lex, people, knownPlaces)) if (!isEponym(entity)) candidates.push(entity);
  yield;
  return resolveOverlaps(candidates);
}

// What follows a name that names a condition, sign, scale or procedure instead of a
// person or place: "Kawasaki disease", "Addison's disease", "Hartmann's solution".
const CONDITION_AFTER = /(?:['’]s?)?[ \t]+(?:disease|syndrome|palsy|sign|phenomenon|lymphoma|sarcoma|tumou?r|disorder|contracture|o?esophagus|fracture|procedure|operation|manoeuvre|maneuver|test|score|scale|criteria|classification|triad|reflex|ulcers?|encephalopathy|cyst|hernia|solution|tear|nodes?|angina|an(?:a)?emia|thyroiditis|dystrophy|neuralgia|neuroma|incision|position|respiration|breathing)\b/y;

/**
 * Whether a name is an eponym: wholly inside a `not-a-name` match (sorted by start), or
 * followed by "disease" and the like. The furthest end among the matches up to each one
 * is kept, so each name costs a binary search, however many matches a long draft has.
 */
function eponymTest(text: string, notNames: readonly Span[]): (e: Entity) => boolean {
  const maxEnd: number[] = [];
  let m = -1;
  for (const s of notNames) maxEnd.push((m = Math.max(m, s.end)));
  return (e) => {
    const k = lowerBound(notNames, e.start + 1, byStart); // the matches that start at or before e
    if (k > 0 && maxEnd[k - 1]! >= e.end) return true;
    CONDITION_AFTER.lastIndex = e.end;
    return CONDITION_AFTER.test(text);
  };
}

/**
 * `recognise` over a long draft a window at a time (see ../windows.ts), a step each. A
 * draft of one window is read whole, as before.
 */
export function* inWindows(recognise: (text: string) => Entity[], text: string): Steps<Entity[]> {
  const out: Entity[] = [];
  for (const { from, to, start, end } of textWindows(text.length)) {
    if (from === 0 && to === text.length) {
      for (const entity of recognise(text)) out.push(entity);
    } else {
      for (const entity of recognise(text.slice(from, to))) {
        const at = entity.start + from;
        if (at >= start && at < end) out.push({ ...entity, start: at, end: entity.end + from });
      }
    }
    yield;
  }
  return out;
}

/** Recognisers that need only the text, in the order their candidates are collected. */
export const TEXT_RECOGNISERS: readonly ((text: string) => Entity[])[] = [
  recogniseNhsNumbers,
  recogniseEmails,
  recogniseHospitalNumbers,
  recogniseDates,
  recognisePhones,
  recognisePostcodes,
  recogniseAges,
  recogniseAddresses,
];

export function resolveOverlaps(candidates: Entity[]): Entity[] {
  // Type by type in priority order: keep the candidates that overlap nothing kept so far
  // (longest first within a type), then merge. Sorted arrays keep it O(n log n).
  let kept: Entity[] = [];
  for (const type of PRIORITY) {
    const ofType = candidates.filter((c) => c.type === type);
    if (ofType.length === 0) continue;
    const maxEnd: number[] = [];
    let m = -1;
    for (const k of kept) maxEnd.push((m = Math.max(m, k.end)));
    const overlapsKept = (e: Entity) => {
      const k = lowerBound(kept, e.end, byStart);
      return k > 0 && maxEnd[k - 1]! > e.start;
    };
    // Same-type overlaps: sweep by start, keeping the longer of two that overlap.
    const accepted: Entity[] = [];
    for (const e of ofType.filter((c) => !overlapsKept(c)).sort((x, y) => x.start - y.start || y.end - x.end)) {
      const last = accepted[accepted.length - 1];
      if (last && last.end > e.start) {
        if (e.end - e.start > last.end - last.start) accepted[accepted.length - 1] = e;
        continue;
      }
      accepted.push(e);
    }
    if (accepted.length > 0) kept = [...kept, ...accepted].sort((a, b) => a.start - b.start || a.end - b.end);
  }
  return kept;
}

/** Initials standing for a person: "JT, 54M", "initials P.W.". */
export const INITIALS = coarsePattern(String.raw`(?<![\p{L}\p{N}])(?:(?:\p{Lu}\.){2,3}|\p{Lu}{2}(?=,?\s*(?:\d{1,3}\s?[MF]?\b|\(\d)))`, 'gu');
export function recogniseInitials(text: string): Entity[] {
  const out: Entity[] = [];
  INITIALS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = INITIALS.exec(text)) !== null) out.push({ type: 'PERSON', start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}
