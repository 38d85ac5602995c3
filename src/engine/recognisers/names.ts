import type { Entity } from '../types';
import type { Token } from '../words';
import type { Span } from '../types';
import { bmpPattern } from '../bmp';
import { runToEnd, type Steps } from '../steps';
import { ALL_LOWER, LETTER_OR_DIGIT, ONE_UPPER, STARTS_UPPER } from '../letters';

/**
 * People, places and street addresses, read from word tokens tagged with the
 * lexicon mined from compromise's full model (first names, surnames, places) and
 * a set of common English words: a capitalised common word is not a name.
 */
export interface NameLexicon {
  /** Looked up, never listed: a Set or the engine's SortedWords. */
  commonWords: { has(word: string): boolean };
}

export const HONORIFIC = /^(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|sister|nurse|matron|rev|revd|father|uncle|auntie|aunty)\.?$/i;
const PERSON_TAGS = ['FirstName', 'MaleName', 'FemaleName', 'LastName'];
const PLACE_TAGS = ['City', 'Country', 'Region', 'Place'];
export const STREET =
  /^(?:road|rd|street|st|avenue|ave|lane|ln|drive|close|court|ct|way|crescent|cres|place|pl|terrace|boulevard|blvd|grove|gardens|gdns|square|sq|row|mews|walk|parade|trail|forks|greens|highway|hwy|estate|park|rise|view|hill|green|bypass|straat|strasse|straße|gasse|weg|vej|vegen|gatan|gata|katu|tie|baan|laan|rue|via|calle|rua|avenida|ul|ulica|allee)\.?$/i;
export const ORG_WORD = /^(?:nhs|trust|hospital|infirmary|surgery|clinic|ltd|plc|inc|university|college|school|foundation|council|group|bank|club|fc|united|city|services|service|company|orchestra|team|centre|center|unit|ward|hotel|restaurant|cafe|pub|church|corporation|corp|llc|gmbh|co|associates|partners|labs|systems|solutions|technologies|media|records|music|press|publishing|airlines|motors|tv|radio|fm|holdings|industries|enterprises|international|consulting|orchestra|band|magazine|weekly|times|news|agency|institute|museum|gallery|theatre|stadium|airport|station|street|road|avenue)$/i;
// Words that open many place names: "New Westminster", "Port Paien", "San Bernardino".
const PLACE_PREFIX = /^(?:new|old|great|little|north|south|east|west|upper|lower|port|saint|st|san|santa|santo|são|los|las|la|le|el|mount|fort|cite|store|lake|glen|king's|kings)$/;
export const PREP_BEFORE_PLACE = /^(?:from|in|near|to|at|around|outside|visiting|live|lives|living|moved|born)$/i;

// "Mrs. Barbara Yudina Apt. 675": the flat number starts the address, not the name.
const UNIT_WORD = /^(?:apt|suite|unit|flat|box)$/;
const isCapitalised = (t: Token): boolean => t.capitalised;
const isInitial = (t: Token): boolean => t.initial;
const hasTag = (t: Token, tags: string[]): boolean => tags.some((x) => t.tags.has(x));
/** A name does not run on past a comma, full stop or other break after a word. */
const breaksAfter = (t: Token): boolean => /[,;:.!?()"“”\n–—]/.test(t.post.replace(/^\.(?=\s|$)/, (m) => (ONE_UPPER.test(t.text) ? '' : m)));

/** The lexicon stores roots; "nurses", "walked", "running" are common words too. */
export function isCommonWord(word: string, lex: NameLexicon): boolean {
  const w = word.replace(/['’]s$/, '');
  if (lex.commonWords.has(w)) return true;
  for (const [suffix, repl] of [['s', ''], ['es', ''], ['ies', 'y'], ['ed', ''], ['ed', 'e'], ['ing', ''], ['ing', 'e'], ['er', ''], ['ly', '']] as const) {
    if (w.endsWith(suffix) && w.length > suffix.length + 2 && lex.commonWords.has(w.slice(0, -suffix.length) + repl)) return true;
  }
  return false;
}

function isUnknownProper(t: Token, lex: NameLexicon): boolean {
  return isCapitalised(t) && !isCommonWord(t.normal, lex) && !hasTag(t, PLACE_TAGS) && !ORG_WORD.test(t.normal);
}
function isNamePart(t: Token, lex: NameLexicon): boolean {
  if (!isCapitalised(t)) return false;
  if (hasTag(t, PERSON_TAGS)) return true;
  return isUnknownProper(t, lex);
}

const entity = (type: Entity['type'], text: string, start: number, end: number): Entity => ({ type, start, end, text: text.slice(start, end) });

export function recognisePeople(text: string, tokens: readonly Token[], lex: NameLexicon): Entity[] {
  return runToEnd(recognisePeopleInSteps(text, tokens, lex));
}

/** The same, a pass over the words per step (see ../steps.ts). */
export function* recognisePeopleInSteps(text: string, tokens: readonly Token[], lex: NameLexicon): Steps<Entity[]> {
  const out: Entity[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    // "Mrs Kaur", "Dr. Priya Shah", "Mr Hill's"
    if (HONORIFIC.test(t.text) && STARTS_UPPER.test(t.text) && next && next.sentence === t.sentence && (isCapitalised(next) || isInitial(next))) {
      let j = i + 1;
      while (j < tokens.length && j - i <= 3 && tokens[j]!.sentence === t.sentence && (isCapitalised(tokens[j]!) || isInitial(tokens[j]!)) && !ORG_WORD.test(tokens[j]!.normal) && !UNIT_WORD.test(tokens[j]!.normal)) {
        j++;
        if (breaksAfter(tokens[j - 1]!)) break;
      }
      if (j > i + 1) {
        out.push(entity('PERSON', text, t.start, stripPossessive(text, tokens[j - 1]!)));
        i = j;
        continue;
      }
    }
    // "Margaret Hobbs", "Aaron B", "Valentine S. Yermakov", "Edna"
    // A known first name is a name unless it is itself a common word ("Will", "May"); no
    // inflection stripping here, or "James" would be "jam" + "es".
    const firstName = isCapitalised(t) && hasTag(t, ['FirstName', 'MaleName', 'FemaleName']) && !lex.commonWords.has(t.normal);
    // Two unknown capitalised words make a name, even opening a sentence ("Tomomi Nishiyama
    // lives…"); a capitalised common word never starts one ("Entertainment Weekly").
    const unknownPair = isUnknownProper(t, lex) && !breaksAfter(t) && next !== undefined && next.sentence === t.sentence && isCapitalised(next) && (hasTag(next, ['LastName']) || isUnknownProper(next, lex));
    const knownSurnamePair = isCapitalised(t) && !isCommonWord(t.normal, lex) && !breaksAfter(t) && next !== undefined && next.sentence === t.sentence && isCapitalised(next) && hasTag(next, ['LastName']);
    // "Faina D. Yefremova": an unknown capitalised word, an initial, a capitalised word.
    const after2 = tokens[i + 2];
    const initialled = isUnknownProper(t, lex) && next !== undefined && next.initial && after2 !== undefined && after2.sentence === t.sentence && isCapitalised(after2);
    if (firstName || unknownPair || knownSurnamePair || initialled) {
      let j = i + 1;
      while (j < tokens.length && j - i <= 3 && tokens[j]!.sentence === t.sentence && !breaksAfter(tokens[j - 1]!)) {
        const u = tokens[j]!;
        // After a known first name, the next capitalised word is its surname even when it
        // is also an everyday word ("Karen Mills", "John Baker").
        const surnameAfterFirst = firstName && j === i + 1 && isCapitalised(u);
        if ((isNamePart(u, lex) || surnameAfterFirst) && !ORG_WORD.test(u.normal) && !STREET.test(u.normal)) j++;
        else if (isInitial(u) && u.text.length <= 2 && STARTS_UPPER.test(u.text)) j++;
        else break;
      }
      const last = tokens[j - 1]!;
      const after = tokens[j];
      // "Northbridge NHS Trust", "Otley Rd": not people.
      if (after && after.sentence === t.sentence && !breaksAfter(last) && (ORG_WORD.test(after.normal) || STREET.test(after.normal))) {
        i = j + 1;
        continue;
      }
      if (j > i + 1 || firstName) {
        out.push(entity('PERSON', text, t.start, stripPossessive(text, last)));
      }
      i = j;
      continue;
    }
    i++;
  }
  // "my name is Rubija", "She named him Frank", "last name? Boyle": a single unknown
  // capitalised word in a naming context; lower case too straight after "name is".
  yield;
  const found = out.slice();
  let k = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (k < found.length && found[k]!.end <= t.start) k++;
    if (k < found.length && found[k]!.start <= t.start) continue;
    // Cheap tests first: this runs for every word of a long draft between keystrokes.
    const capitalised = isCapitalised(t);
    const unknown = capitalised && isUnknownProper(t, lex);
    const before = () => text.slice(Math.max(0, t.start - 20), t.start);
    // After "named him" or "name is" even a common word is a name ("She named him Frank"),
    // and so is a lower-case one ("her maiden name is nyberg").
    const afterNameIs = NAME_CUE_WORDS.has(tokens[i - 1]?.normal ?? '') && NAME_IS_BEFORE.test(before());
    const possessive = t.text.length > 2 && (t.text.endsWith("'s") || t.text.endsWith('’s'));
    if (
      (unknown && (NAMED_BEFORE.test(before()) || (t.first && PERSON_VERB_AFTER.test(text.slice(t.end, t.end + 24))) || (t.first && VOCATIVE_AFTER.test(text.slice(t.end, t.end + 16))))) ||
      (afterNameIs && !unknown && capitalised && !hasTag(t, PLACE_TAGS)) ||
      (afterNameIs && !unknown && t.tags.size === 0 && ALL_LOWER.test(t.text) && !isCommonWord(t.normal, lex)) ||
      (possessive && (unknown || hasTag(t, PERSON_TAGS)) && RELATION_AFTER.test(text.slice(t.end, t.end + 16)))
    ) {
      out.push(entity('PERSON', text, t.start, stripPossessive(text, t)));
    }
  }
  out.sort((a, b) => a.start - b.start);
  const inPerson = coveredTokens(tokens, out);
  yield;
  const listed = listedPeople(text, tokens, lex, inPerson);
  yield;
  const more = [...listed, ...speakers(text, tokens, lex, inPerson)];
  return more.length ? [...out, ...more].sort((a, b) => a.start - b.start) : out;
}

/** For each token, whether one of the (sorted) entities covers it; one sweep. */
function coveredTokens(tokens: readonly Token[], sorted: readonly Entity[]): boolean[] {
  const covered: boolean[] = [];
  let k = 0;
  for (const t of tokens) {
    while (k < sorted.length && sorted[k]!.end <= t.start) k++;
    covered.push(k < sorted.length && sorted[k]!.start <= t.start && t.end <= sorted[k]!.end);
  }
  return covered;
}

const NAMED_BEFORE = /(?:\bname(?:'s| is|\?|:)|\bcalled|\bcalls (?:me|him|her)|\bnamed(?: (?:him|her|them))?|\bi'm|\bi am|\bthis is|\bit's|\bhi|\bhello|\bdear|\bthanks?|\bmeet|\bwith|\bby)[ \t]{0,3},?[ \t]{0,3}$/i;
// The last word of each NAME_IS_BEFORE phrase, to test before the pattern.
const NAME_CUE_WORDS = new Set(['is', "name's", 'named', 'him', 'her', 'me']);
const NAME_IS_BEFORE = /\b(?:name(?:'s| is)|surname is|named(?: (?:him|her))?|calls (?:me|him|her))[ \t]{1,3}$/i;
// "Warrane, can I please speak to…": a name opening a sentence, addressing someone.
const VOCATIVE_AFTER = /^,[ \t]+(?:can|could|would|will|please|thanks|thank you|are you|do you|did you|have you)\b/i;
// What only a person does, straight after a capitalised unknown word opening a sentence:
// "Shovda is very reliable", "Alvir spent a year at", "Luiza is from".
const PERSON_VERB_AFTER = /^[ \t]+(?:is from|was from|is originally|was born|lives|lived|spent|shouted|whispered|said|says|told|asked|smiled|laughed|cried|phoned|texted|emailed|married|is very reliable|is so|will be talking|has been working|works as|worked as)\b/i;
// "Franciska's kid", "Matej's address": a possessive that only a person has.
const RELATION_AFTER = /^[ \t]+(?:kid|kids|son|daughter|children|child|baby|wife|husband|partner|mum|mom|mother|dad|father|brother|sister|address|phone|number|house|birthday|funeral|killers?|family|parents|boyfriend|girlfriend)\b/i;

/**
 * "Eklund, Michael and Hodge", "Marrero and Murphy": capitalised words listed together
 * with a first name or a name found already are all names. Every member is a single
 * capitalised word that is not a common word, place or organisation, or a found name;
 * commas join them and "and" or "&" closes the list.
 */
function listedPeople(text: string, tokens: readonly Token[], lex: NameLexicon, inPerson: readonly boolean[]): Entity[] {
  const found: Entity[] = [];
  const isMember = (j: number): boolean => {
    const t = tokens[j];
    if (!t || !(inPerson[j] || isCapitalised(t))) return false;
    if (/^[ \t]+\d/.test(text.slice(t.end, t.end + 2))) return false; // "Eyrarodda 66" is a street
    return inPerson[j]! || isUnknownProper(t, lex) || (hasTag(t, PERSON_TAGS) && !isCommonWord(t.normal, lex));
  };
  let i = 0;
  while (i < tokens.length) {
    const members: number[] = [];
    let j = i;
    let closed = false;
    while (isMember(j)) {
      members.push(j);
      const t = tokens[j]!;
      const next = tokens[j + 1];
      if (closed || !next) break;
      if (/^,[ \t]+$/.test(t.post) && next.normal !== 'and') j++;
      else if (/^,?[ \t]+$/.test(t.post) && next.normal === 'and' && /^[ \t]+$/.test(next.post)) {
        j += 2;
        closed = true;
      } else if (/^[ \t]*&[ \t]+$/.test(t.post)) {
        j++;
        closed = true;
      } else break;
    }
    if (closed && members.length >= 2 && !isFirm(tokens, members) && members.some((m) => !inPerson[m])) {
      // A first name among them says these are people, not a firm of surnames.
      const named = members.some((m) => inPerson[m] || (hasTag(tokens[m]!, ['FirstName', 'MaleName', 'FemaleName']) && !lex.commonWords.has(tokens[m]!.normal)));
      if (named) for (const m of members) if (!inPerson[m]) found.push(entity('PERSON', text, tokens[m]!.start, stripPossessive(text, tokens[m]!)));
    }
    i = Math.max(i + 1, j + 1);
  }
  return found;
}

/** "The Jones, Smith and Davis Orchestra", "Willis and Hoffman Technologies": a firm's name. */
function isFirm(tokens: readonly Token[], members: readonly number[]): boolean {
  const first = members[0]!;
  const last = members[members.length - 1]!;
  const before = tokens[first - 1];
  const after = tokens[last + 1];
  return (after !== undefined && !breaksAfter(tokens[last]!) && ORG_WORD.test(after.normal)) || (before?.normal === 'the' && !breaksAfter(before));
}

const SPEECH_START = /^[\p{L}"“'‘]/u;
/** A dialogue written as "Ubul: What a wife.\nNicole: Remember…": two or more lines opened by a name and a colon. */
function speakers(text: string, tokens: readonly Token[], lex: NameLexicon, inPerson: readonly boolean[]): Entity[] {
  const found: Entity[] = [];
  let labels = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // The words after the colon start with a letter or a quotation mark, unlike "Fax: 0161…".
    if (t.post.charCodeAt(0) !== 58 /* : */ || !/^:[ \t]*["“]?$/.test(t.post) || !SPEECH_START.test(text.charAt(t.end + t.post.length))) continue;
    const lineStart = text.lastIndexOf('\n', t.start - 1) + 1;
    if (text.slice(lineStart, t.start).trim() !== '') continue;
    if (!isCapitalised(t) || t.tags.has('Demonym') || !(isUnknownProper(t, lex) || (hasTag(t, PERSON_TAGS) && !isCommonWord(t.normal, lex)))) continue;
    labels++;
    if (!inPerson[i]) found.push(entity('PERSON', text, t.start, t.end));
  }
  return labels >= 2 ? found : [];
}

function stripPossessive(text: string, t: Token): number {
  const m = /['’]s$/.exec(t.text);
  return m ? t.end - 2 : t.end;
}

/**
 * A town written in capitals, as on an envelope: "flew to HORTEN", "based in NAANTALI".
 * Five letters at least and not a common word, so "in RESUS" and "to MAJORS" stay wards
 * (and "ICU", "HDU", "NICU" are too short to qualify).
 */
const SHOUTED = /^\p{Lu}{5,}(?:[-'’]\p{Lu}+)*$/u;
function isShoutedPlace(t: Token, lex: NameLexicon): boolean {
  return SHOUTED.test(t.text) && t.tags.size === 0 && !isCommonWord(t.normal, lex) && !ORG_WORD.test(t.normal);
}

/**
 * Places: the lexicon's places (`known`, spans from a phrase matcher, so "New
 * Zealand" is one place) written with a capital, and unknown capitalised words
 * after "from", "in", "near"… ("a farmer from Kendal").
 */
export function recognisePlaces(text: string, tokens: readonly Token[], lex: NameLexicon, people: readonly Entity[], known: readonly Span[]): Entity[] {
  const out: Entity[] = [];
  let p = 0;
  const inPerson = (start: number) => {
    while (p < people.length && people[p]!.end <= start) p++;
    return p < people.length && people[p]!.start <= start;
  };
  let k = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (inPerson(t.start)) continue;
    while (k < known.length && known[k]!.start < t.start) k++;
    const place = k < known.length && known[k]!.start === t.start ? known[k]! : undefined;
    const prev = tokens[i - 1];
    let end: number;
    // A known place written with a capital, unless it is a lone common word opening a
    // sentence or a street word on its own ("St" after "Magasinsgatan 7").
    if (place && STARTS_UPPER.test(t.text) && !(t.first && isCommonWord(t.normal, lex) && place.end === t.end) && !(place.end === t.end && STREET.test(t.normal))) {
      end = place.end;
    } else if (prev !== undefined && prev.sentence === t.sentence && !breaksAfter(prev) && (PREP_BEFORE_PLACE.test(prev.normal) || (prev.normal === 'of' && tokens[i - 2]?.normal === 'university'))) {
      // "from Kendal", "flew to HORTEN", "moved to New Westminster", "University of Nicosia":
      // up to three capitalised words, the last of them not a common word.
      if (isShoutedPlace(t, lex)) end = t.end;
      else {
        let j = i;
        let last = -1;
        while (j < tokens.length && j - i < 3 && tokens[j]!.sentence === t.sentence && isCapitalised(tokens[j]!) && !ORG_WORD.test(tokens[j]!.normal) && !STREET.test(tokens[j]!.normal)) {
          if (isUnknownProper(tokens[j]!, lex)) last = j;
          if (breaksAfter(tokens[j]!)) break;
          j++;
        }
        if (last < 0 || (last > i && hasTag(t, PERSON_TAGS))) continue;
        // Words before the unknown one are unknown too, or words that begin place names.
        if (tokens.slice(i, last).some((u) => !isUnknownProper(u, lex) && !PLACE_PREFIX.test(u.normal))) continue;
        end = tokens[last]!.end;
      }
    } else continue;
    let j = i;
    while (j + 1 < tokens.length && tokens[j + 1]!.start < end) j++;
    const after = tokens[j + 1];
    if (after && after.sentence === t.sentence && !breaksAfter(tokens[j]!) && (STREET.test(after.normal) || ORG_WORD.test(after.normal))) continue;
    out.push(entity('LOCATION', text, t.start, stripPossessive(text, tokens[j]!)));
    i = j;
  }
  return out;
}

const STREET_SUFFIX =
  '(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Court|Ct|Way|Crescent|Cres|Place|Pl|Terrace|Boulevard|Blvd|Grove|Gardens|Square|Sq|Row|Mews|Walk|Parade|Trail|Forks|Greens|Highway|Hwy|Estate|Rise|View|Hill|Park|Bypass|Heights|Ridge|Village|Ville|Port|Stravenue|Junction|Manor|Meadows?|Pass|Circle|Cir|Loop|Fields?|Shoals?|Springs?|Mills?|Ramp|Haven|Vista|Station|Valley|Landing|Camp|Crossing|Plaza|Path|Pike|Harbor|Harbour|Isle|Keys?|Knolls?|Lakes?|Light|Locks?|Oval|Points?|Prairie|Radial|Ranch|Run|Skyway|Spur|Summit|Throughway|Trace|Track|Turnpike|Union|Ways?|Wells?|Glens?|Dale|Cove|Creek|Crest|Falls|Ferry|Flats?|Fort|Freeway|Garden|Gateway|Burgs?|Brooks?|Bluffs?|Bend|Bridge|Branch|Mount|Mountain|Neck|Orchard|Overpass|Pines|Plains?|Streets?|Tunnel|Underpass|Viaduct|Wall)';
const WORDS = String.raw`(?:\p{Lu}[\p{L}'’.-]*\s){1,4}`;
// "6750 Koskikatu 25 Apt. 864\nArtilleros", "33 avenue de Provence", "Nieuwe Baan 473", "ul. Narewska 94".
export const ADDRESS = bmpPattern(
  [
    String.raw`\d{1,5}[A-Za-z]?\s(?:${WORDS})?\p{Lu}[\p{L}'’-]*\s${STREET_SUFFIX}\b\.?(?:,?\s(?:Apt|Suite|Unit|Flat)\.?\s\d+)?`,
    String.raw`\d{1,5}\s(?:rue|avenue|via|calle|rua|chemin|boulevard|allée|place|strada|viale|ul\.)\s(?:[\p{L}'’.-]+\s){0,3}[\p{L}'’.-]+`,
    String.raw`(?:rue|via|calle|rua|ul\.|avenida|strada|viale|piazza|piazzetta|plac|ulica|corso)\s(?:[\p{L}'’.-]+\s){0,3}\d{1,5}`,
    String.raw`(?:\d{1,5}\s)?\p{Lu}[\p{Ll}'’-]+(?:straat|strasse|straße|gasse|weg|vej|vegen|vägen|gatan|gata|katu|tie|baan|laan|plein|torget|stræde|gade|allee|ring|dijk|kade|singel|steeg|veien|väg|utca|út)\s\d{1,5}\w?(?:,?\s(?:Apt|Suite|Unit|Flat)\.?\s\d{1,5})?`,
    String.raw`\p{Lu}[\p{Ll}'’-]+\s(?:Baan|Laan|Straat|Weg|Gade|Vej)\s\d{1,5}`,
    String.raw`(?:Apt|Suite|Unit|Flat)\.?\s\d{1,5}`,
    String.raw`(?:PSC|Unit)\s\d{4},?\sBox\s\d{4}`,
    String.raw`\p{Lu}[\p{Ll}'’-]+\s(?:Rd|Road|Street|St|Lane|Avenue|Ave|Way|Close|Crescent|Drive)\b`,
  ].join('|'),
  'gu',
);

// The lines of an address block that follow a street: suite, town, region, country,
// postal code, separated by a comma, a line break (with a blank line or an email's ">"
// quote before it) or a run of spaces.
export const ADDRESS_CONTINUATION = bmpPattern(
  String.raw`(?:[ \t]{0,8}(?:,|\n(?:[ \t]{0,8}\n)?)[ \t]{0,8}(?:>[ \t]{0,2})?|[ \t]{2,8})(?:(?:Suite|Apt|Unit|Flat|Box|PSC)\.?[ \t]\d{1,5}|\p{Lu}[\p{L}'’.()-]*(?:[ \t][\p{L}(][\p{L}'’.()-]*){0,3}(?:[ \t]\d{3,6}(?:-\d{3,4})?)?|\d{3,6}(?:-\d{3,4})?|[A-Z]{2}(?:[ \t]\d{3,6})?)(?=[ \t]{0,8}(?:[,\n.?!]|$)|[ \t]{2})`,
  'uy',
);
// International order: house number, a capitalised street name, number ("20789 Allika 46",
// "3482 Via Franscini 71"). A capitalised first word keeps out "bed 12 on Ward 9", "2 RNs for 32".
export const NUMBER_STREET_NUMBER = bmpPattern(String.raw`(?<![\p{L}\p{N}])\d{1,5}[ \t]\p{Lu}\p{Ll}[\p{L}'’.-]*(?:[ \t][\p{L}'’.-]+){0,3}[ \t]\d{1,5}(?![\p{N}])\.?`, 'gu');

// A post office box, when no street address already holds it.
export const PO_BOX = bmpPattern(String.raw`P\.?[ \t]?O\.?[ \t]?Box[ \t]\d{1,6}(?![\p{N}])`, 'giu');

export function recogniseAddresses(text: string): Entity[] {
  const out: Entity[] = [];
  for (const re of [ADDRESS, NUMBER_STREET_NUMBER]) collectAddresses(re, text, out);
  // A box that a street address above also holds ("P.O. Box 149 Monika Union") gives way
  // to it when overlaps are resolved (the longer of two addresses is kept).
  collectAddresses(PO_BOX, text, out);
  return out;
}

// A building number or a box written before the street's own number belongs to the
// address too: "975 3968 Bay Street", "45818 P.O. Box 242", "P.O. Box 149 Monika Union".
// Not a bed or bay number: "bed 12 3 Acacia Avenue".
const LEADING_NUMBER = /(?:(?<![\p{L}\p{N},.:-]|\b(?:bed|bay|ward|room|cubicle)[ \t]?)\d{1,6}|\bP\.?[ \t]?O\.?[ \t]?Box)[ \t]$/iu;

function collectAddresses(re: RegExp, text: string, out: Entity[]): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const prev = m.index > 0 ? text[m.index - 1] ?? '' : '';
    if (LETTER_OR_DIGIT.test(prev)) continue;
    // Only before a match that opens with a number or a box: "25 Apt. 971" is a street's
    // number and a flat, not a building number and a street.
    const before = /^(?:\d|P)/i.test(m[0]) ? LEADING_NUMBER.exec(text.slice(Math.max(0, m.index - 24), m.index)) : null;
    const start = before ? m.index - before[0].length : m.index;
    let end = m.index + m[0].length;
    // Take in up to five following lines of the same address block.
    for (let k = 0; k < 5; k++) {
      ADDRESS_CONTINUATION.lastIndex = end;
      const c = ADDRESS_CONTINUATION.exec(text);
      if (!c) break;
      end = c.index + c[0].length;
    }
    re.lastIndex = Math.max(re.lastIndex, end);
    out.push(entity('ADDRESS', text, start, end));
  }
}
