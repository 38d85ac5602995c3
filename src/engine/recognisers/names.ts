import type { Entity } from '../types';
import type { Token } from '../words';
import type { Span } from '../types';
import { coarsePattern } from '../coarse-classes';
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
const FIRST_TAGS = ['FirstName', 'MaleName', 'FemaleName'];
// The honorifics people also type in lower case ("mrs kaur in bed 4"); "sister" or
// "father" in lower case is a relation, not a title.
const LOWER_HONORIFIC = /^(?:mr|mrs|ms|mx|dr|prof)\.?$/;
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
const BREAK = /[,;:.!?()"“”\n–—]/;
const SPACE_CHAR = /\s/;
/**
 * A name does not run on past a comma, full stop or other break after a word. A full stop
 * after an initial ("J. Smith") is no break: the text after it is read without it. Written
 * without replace(), which made a function and a string per call: it runs for most words.
 */
const breaksAfter = (t: Token): boolean => {
  const post = t.post;
  if (post.charCodeAt(0) === 46 && (post.length === 1 || SPACE_CHAR.test(post[1]!)) && ONE_UPPER.test(t.text)) return BREAK.test(post.slice(1));
  return BREAK.test(post);
};

/** Endings an everyday word may take, and what each replaces ("ies" for "y"): made once, not per call. */
const COMMON_WORD_ENDINGS = [['s', ''], ['es', ''], ['ies', 'y'], ['ed', ''], ['ed', 'e'], ['ing', ''], ['ing', 'e'], ['er', ''], ['ly', '']] as const;

/** The lexicon stores roots; "nurses", "walked", "running" are common words too. */
export function isCommonWord(word: string, lex: NameLexicon): boolean {
  const w = word.replace(/['’]s$/, '');
  if (lex.commonWords.has(w)) return true;
  for (const [suffix, repl] of COMMON_WORD_ENDINGS) {
    if (w.endsWith(suffix) && w.length > suffix.length + 2 && lex.commonWords.has(w.slice(0, -suffix.length) + repl)) return true;
  }
  return false;
}

function isUnknownProper(t: Token, lex: NameLexicon): boolean {
  return isCapitalised(t) && !isCommonWord(t.normal, lex) && !hasTag(t, PLACE_TAGS) && !ORG_WORD.test(t.normal);
}
/**
 * At tokens[j], "van", "von", "ten", "ter" (then "de", "der" or "den"), and after them a
 * capitalised word in the same sentence: the number of particle words, else 0.
 */
function particleRun(tokens: readonly Token[], j: number): number {
  const first = tokens[j];
  if (!first || !PARTICLE.test(first.text) || !SPACE_ONLY.test(first.post)) return 0;
  let n = 1;
  const second = tokens[j + 1];
  if (second && LATER_PARTICLE.test(second.text) && SPACE_ONLY.test(second.post)) n = 2;
  const surname = tokens[j + n];
  return surname && surname.sentence === first.sentence && surname.capitalised && !STREET.test(surname.normal) && !ORG_WORD.test(surname.normal) ? n : 0;
}
const PARTICLE = /^(?:van|von|ten|ter)$/;
const LATER_PARTICLE = /^(?:de|der|den)$/;

/** A known first name typed in lower case that is not also an everyday word ("adam", not "will"). */
function isLowerFirstName(t: Token, lex: NameLexicon): boolean {
  return t.tags.size > 0 && hasTag(t, FIRST_TAGS) && ALL_LOWER.test(t.text) && !lex.commonWords.has(t.normal);
}
/** A word in lower case that can only be a name: not an everyday word or a place ("desrosiers"). */
function isLowerName(t: Token, lex: NameLexicon): boolean {
  return t.text.length > 1 && ALL_LOWER.test(t.text) && !t.tags.has('Place') && !t.tags.has('Demonym') && !isCommonWord(t.normal, lex);
}
const TITLE_GAP = /^\.?[ \t]+$/;
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
    // "mrs kaur", "ms. Quinzia": a title typed in lower case, then a name that is not an
    // everyday word ("dr said" is not a name). Lower-case titles are not known to the
    // sentence splitter, so "ms. Quinzia" may straddle a sentence break: only the title's
    // own full stop may lie between.
    if (LOWER_HONORIFIC.test(t.text) && next && TITLE_GAP.test(t.post) && ((isNamePart(next, lex) && !ORG_WORD.test(next.normal)) || isLowerName(next, lex))) {
      out.push(entity('PERSON', text, t.start, stripPossessive(text, next)));
      i += 2;
      continue;
    }
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
    const firstName = isCapitalised(t) && hasTag(t, FIRST_TAGS) && !lex.commonWords.has(t.normal);
    // Two unknown capitalised words make a name, even opening a sentence ("Tomomi Nishiyama
    // lives…"); a capitalised common word never starts one ("Entertainment Weekly").
    const unknownT = isUnknownProper(t, lex);
    const unknownPair = unknownT && !breaksAfter(t) && next !== undefined && next.sentence === t.sentence && isCapitalised(next) && (hasTag(next, ['LastName']) || isUnknownProper(next, lex));
    const knownSurnamePair = isCapitalised(t) && !isCommonWord(t.normal, lex) && !breaksAfter(t) && next !== undefined && next.sentence === t.sentence && isCapitalised(next) && hasTag(next, ['LastName']);
    // "Faina D. Yefremova": an unknown capitalised word, an initial, a capitalised word.
    const after2 = tokens[i + 2];
    const initialled = unknownT && next !== undefined && next.initial && after2 !== undefined && after2.sentence === t.sentence && isCapitalised(after2);
    // "Willemine ten Pas", "Maika van de Noort": a Dutch or German particle before the surname.
    const particled = unknownT && !breaksAfter(t) && next !== undefined && particleRun(tokens, i + 1) > 0;
    if (firstName || unknownPair || knownSurnamePair || initialled || particled) {
      let j = i + 1;
      while (j < tokens.length && j - i <= 4 && tokens[j]!.sentence === t.sentence && !breaksAfter(tokens[j - 1]!)) {
        const particles = particleRun(tokens, j);
        if (particles > 0) {
          j += particles + 1;
          break;
        }
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
    const firstName = capitalised && hasTag(t, FIRST_TAGS) && !lex.commonWords.has(t.normal);
    if (
      (unknown && (NAMED_BEFORE.test(before()) || (t.first && PERSON_VERB_AFTER.test(text.slice(t.end, t.end + 24))) || (t.first && VOCATIVE_AFTER.test(text.slice(t.end, t.end + 16))))) ||
      ((unknown || firstName) && (RELATION_BEFORE.test(before()) || SAID_BEFORE.test(text.slice(Math.max(0, t.start - 16), t.start)))) ||
      (afterNameIs && !unknown && capitalised && !hasTag(t, PLACE_TAGS)) ||
      (afterNameIs && !unknown && t.tags.size === 0 && ALL_LOWER.test(t.text) && !isCommonWord(t.normal, lex)) ||
      (possessive && (unknown || hasTag(t, PERSON_TAGS)) && RELATION_AFTER.test(text.slice(t.end, t.end + 16)))
    ) {
      out.push(entity('PERSON', text, t.start, stripPossessive(text, t)));
      continue;
    }
    // "was called Crystal Murdock", "Jay Pearce lives at": a first word that is also an
    // everyday word, then a surname, with the same cues around the pair.
    const next = tokens[i + 1];
    if (capitalised && !unknown && next !== undefined && next.capitalised && next.sentence === t.sentence && !hasTag(t, PLACE_TAGS) && SPACE_ONLY.test(t.post) && isUnknownProper(next, lex) && (NAMED_BEFORE.test(before()) || (t.first && PERSON_VERB_AFTER.test(text.slice(next.end, next.end + 24))))) {
      out.push(entity('PERSON', text, t.start, stripPossessive(text, next)));
      i++;
    }
  }
  out.sort((a, b) => a.start - b.start);
  let inPerson = coveredTokens(tokens, out);
  yield;
  const shaped = lowerCaseAndShapedPeople(text, tokens, lex, inPerson);
  if (shaped.length) {
    for (const e of shaped) out.push(e);
    out.sort((a, b) => a.start - b.start);
    inPerson = coveredTokens(tokens, out);
  }
  yield;
  const listed = listedPeople(text, tokens, lex, inPerson);
  yield;
  const more = [...listed, ...speakers(text, tokens, lex, inPerson)];
  const all = more.length ? [...out, ...more].sort((a, b) => a.start - b.start) : out;
  if (all.length === 0) return all;
  yield;
  const again = namedAgain(text, tokens, lex, all);
  return again.length ? [...all, ...again].sort((a, b) => a.start - b.start) : all;
}

/**
 * Names that need no cue around them:
 * - typed in lower case, a known first name and a word that can only be a name
 *   ("follow up with patricia desrosiers", "benjamin a seiler");
 * - a lone surname whose ending only surnames have ("Bulgakov", "Petersson",
 *   "Ásgeirsdóttir", "Živković").
 */
function lowerCaseAndShapedPeople(text: string, tokens: readonly Token[], lex: NameLexicon, inPerson: readonly boolean[]): Entity[] {
  const found: Entity[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (inPerson[i]) continue;
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (next && next.sentence === t.sentence && isLowerFirstName(t, lex) && SPACE_ONLY.test(t.post) && !inPerson[i + 1]) {
      // "benjamin a seiler", "eric g. samoylova": a middle initial between them.
      const third = tokens[i + 2];
      const initial = next.text.length === 1 && ALL_LOWER.test(next.text) && third !== undefined && third.sentence === t.sentence && TITLE_GAP.test(next.post);
      const surname = initial ? third! : next;
      // Three letters at least: "jack ab taken" is a first name and an abbreviation.
      if (surname.text.length > 2 && (isLowerName(surname, lex) || (ALL_LOWER.test(surname.text) && surname.tags.has('LastName')))) {
        found.push(entity('PERSON', text, t.start, stripPossessive(text, surname)));
        i += initial ? 2 : 1;
        continue;
      }
    }
    if (t.capitalised && t.text.length >= 6 && SURNAME_SHAPE.test(t.text) && isUnknownProper(t, lex) && !endsInEverydayWord(t.normal, lex)) {
      // Not a street ("Popović Dam", "Alšova 408"), a firm ("work for Transparagov") or a
      // place ("based in Pelhrimov", which the place recogniser reads).
      const after = tokens[i + 1];
      if (after && after.sentence === t.sentence && !breaksAfter(t) && (ORG_WORD.test(after.normal) || STREET.test(after.normal) || STREET_WORD.test(after.text) || DIGITS.test(after.text))) continue;
      const prev = tokens[i - 1];
      if (prev && prev.sentence === t.sentence && !breaksAfter(prev) && (PREP_BEFORE_PLACE.test(prev.normal) || prev.normal === 'for' || SHIP_PREFIX.test(prev.text))) continue;
      found.push(entity('PERSON', text, t.start, stripPossessive(text, t)));
    }
  }
  return found;
}
const SPACE_ONLY = /^[ \t]+$/;
const WORK = /^(?:work|works|worked|working)$/;
const DIGITS = /^\d+$/;
// A ship's prefix, as in a forces postal address ("USNS Sekerková\nFPO AA 65728").
const SHIP_PREFIX = /^(?:USNS|USNV|USS|USCGC|HMS)$/;
/** "Salesperson", "Betterlesson": a compound whose last part is an everyday word. */
function endsInEverydayWord(word: string, lex: NameLexicon): boolean {
  for (let k = 2; word.length - k >= 5; k++) if (lex.commonWords.has(word.slice(k))) return true;
  return false;
}
// Endings that, on a word the lexicon does not know, mark a surname: Slavic (-ski, -ska,
// -ov, -ova, -ová, -enko, -ović, -ić, -wicz), Nordic (-sson, -sen, -dóttir), Greek
// (-poulos, -akis, -idis), Romanian (-escu), Georgian (-shvili, -dze), Armenian (-yan).
const SURNAME_SHAPE = /(?:sk[iay]|ck[iay]|ovn?a|evn?a|ová|ov|ev|yev|iev|ovich|evich|enko|chuk|ović|ević|vić|ić|wicz|sson|sen|dóttir|dottir|poulos|akis|idis|escu|eanu|shvili|dze|yan)$/u;

/**
 * A name found once is a name again: "directed by Maciej Borkowski and starring
 * Borkowski", "Mrs Kaur … Kaur was". Each capitalised word of a found name that is not
 * an everyday word, a title or an initial marks its other occurrences.
 */
function namedAgain(text: string, tokens: readonly Token[], lex: NameLexicon, people: readonly Entity[]): Entity[] {
  const inPerson = coveredTokens(tokens, people);
  const words = new Set<string>();
  tokens.forEach((t, i) => {
    if (inPerson[i] && t.capitalised && t.text.length > 2 && !HONORIFIC.test(t.text) && !isCommonWord(t.normal, lex) && !t.tags.has('Place')) words.add(t.normal.replace(/['’]s$/, ''));
  });
  if (words.size === 0) return [];
  const found: Entity[] = [];
  tokens.forEach((t, i) => {
    if (!inPerson[i] && t.capitalised && words.has(t.normal.replace(/['’]s$/, ''))) found.push(entity('PERSON', text, t.start, stripPossessive(text, t)));
  });
  return found;
}

/** For each token, whether one of the (sorted) entities covers it; one sweep. */
function coveredTokens(tokens: readonly Token[], sorted: readonly Entity[]): boolean[] {
  // Sized once and walked by index: a megabyte has 200,000 tokens, and this runs three times.
  const covered = new Array<boolean>(tokens.length);
  let k = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (k < sorted.length && sorted[k]!.end <= t.start) k++;
    covered[i] = k < sorted.length && sorted[k]!.start <= t.start && t.end <= sorted[k]!.end;
  }
  return covered;
}

const NAMED_BEFORE = /(?:\bname(?:'s| is|\?|:)|\bcalled|\bcalls? (?:me|him|her)|\bnamed(?: (?:him|her|them))?|\bi'm|\bi am|\bthis is|\bit's|\bhi|\bhello|\bdear|\bthanks?|\bmeet|\bwith|\bby)[ \t]{0,3},?[ \t]{0,3}$/i;
// "my kid Agi", "her son Tadzio", "my patient Edna": a relation, then the name.
const RELATION_BEFORE = /\b(?:my|his|her|our|their|your)[ \t]+(?:kid|son|daughter|child|baby|wife|husband|partner|brother|sister|boyfriend|girlfriend|friend|mum|mom|dad|mother|father|grandson|granddaughter|nephew|niece|cousin|uncle|aunt|auntie|grandma|gran|granny|grandad|grandpa|grandmother|grandfather|neighbour|neighbor|colleague|patient)[ \t]{1,3}$/i;
// A quotation's speaker: '…direction," says Joly', '…jealous! said Maslin'.
const SAID_BEFORE = /[,!?]["”'’]?[ \t]+(?:says|said|asks|asked|replied|replies|added|adds|explained|explains|wrote|writes)[ \t]{1,3}$/;
// The last word of each NAME_IS_BEFORE phrase, to test before the pattern.
const NAME_CUE_WORDS = new Set(['is', "name's", 'named', 'him', 'her', 'me']);
const NAME_IS_BEFORE = /\b(?:name(?:'s| is)|surname is|named(?: (?:him|her))?|calls? (?:me|him|her))[ \t]{1,3}$/i;
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
    if (!t) return false;
    if (!inPerson[j] && !isCapitalised(t)) {
      // Only a word next to a list's comma or "and" can be a lower-case member; the test
      // runs for every word of a draft, and the lexicon look-ups cost more than this.
      const prev = tokens[j - 1];
      const listed = t.post.charCodeAt(0) === 44 /* , */ || tokens[j + 1]?.normal === 'and' || prev?.normal === 'and' || (prev !== undefined && prev.post.charCodeAt(0) === 44);
      return listed && (isLowerFirstName(t, lex) || isLowerName(t, lex));
    }
    if (/^[ \t]+\d/.test(text.slice(t.end, t.end + 2))) return false; // "Eyrarodda 66" is a street
    return inPerson[j]! || isUnknownProper(t, lex) || (hasTag(t, PERSON_TAGS) && !lex.commonWords.has(t.normal));
  };
  // "they had 6: silvana, adam, christopher and caleb": in lower case, three or more, and
  // mostly known first names.
  const lowerList = (members: readonly number[]): boolean => {
    if (!members.some((m) => !inPerson[m] && !isCapitalised(tokens[m]!))) return true;
    if (members.length < 3 || members.some((m) => inPerson[m] || isCapitalised(tokens[m]!))) return false;
    return members.filter((m) => isLowerFirstName(tokens[m]!, lex)).length * 2 > members.length;
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
    if (closed && members.length >= 2 && lowerList(members) && !isFirm(text, tokens, members) && members.some((m) => !inPerson[m])) {
      // A first name or a known surname among them says these are people.
      const named = members.some((m) => inPerson[m] || (hasTag(tokens[m]!, PERSON_TAGS) && !lex.commonWords.has(tokens[m]!.normal)));
      if (named) for (const m of members) if (!inPerson[m]) found.push(entity('PERSON', text, tokens[m]!.start, stripPossessive(text, tokens[m]!)));
    }
    i = Math.max(i + 1, j + 1);
  }
  return found;
}

/** "The Jones, Smith and Davis Orchestra", "Willis and Hoffman Technologies": a firm's name. */
function isFirm(text: string, tokens: readonly Token[], members: readonly number[]): boolean {
  const first = members[0]!;
  const last = members[members.length - 1]!;
  const before = tokens[first - 1];
  const after = tokens[last + 1];
  if (after !== undefined && !breaksAfter(tokens[last]!) && (ORG_WORD.test(after.normal) || STREET_WORD.test(after.text))) return true;
  // "Lopez, Santos and Coleman is a design agency": a list that takes a singular verb.
  if (after !== undefined && SPACE_ONLY.test(tokens[last]!.post) && /^(?:is|was|has)$/.test(after.normal)) return true;
  // A list of surnames alone on its line is a letterhead: "Barnett, Melton and Garcia".
  if (onItsOwnLine(text, tokens[first]!.start, tokens[last]!.end) && !members.some((m) => hasTag(tokens[m]!, FIRST_TAGS))) return true;
  if (!before || breaksAfter(before)) return false;
  // "spent a year at Jones, Mitchell and Williams", "is from Hawkins, Richardson and Santana":
  // people are not where someone works or comes from.
  const beforeThat = tokens[first - 2];
  return before.normal === 'the' || before.normal === 'at' || (before.normal === 'for' && beforeThat !== undefined && WORK.test(beforeThat.normal)) || (before.normal === 'from' && beforeThat !== undefined && /^(?:is|are|was|were)$/.test(beforeThat.normal));
}

/** Whether text[start, end) is all its line holds, besides an email's ">" quoting. */
function onItsOwnLine(text: string, start: number, end: number): boolean {
  return lineOpensAt(text, start, '>') && lineEndsAt(text, end, '.');
}
/**
 * Whether only spaces, tabs (and `also`) stand between the line's start and `at`. Read
 * character by character from `at`, not by searching for the line break: a long draft
 * with no line break would be searched to its start for every word asked about.
 */
function lineOpensAt(text: string, at: number, also = ''): boolean {
  for (let k = at - 1; k >= 0; k--) {
    const c = text[k]!;
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t' && c !== also) return false;
  }
  return true;
}
/** Whether only spaces, tabs (and `also`) stand between `at` and the line's end. */
function lineEndsAt(text: string, at: number, also = ''): boolean {
  for (let k = at; k < text.length; k++) {
    const c = text[k]!;
    if (c === '\n' || c === '\r') return true;
    if (c !== ' ' && c !== '\t' && c !== also) return false;
  }
  return true;
}

export const SPEECH_START = coarsePattern(String.raw`^[\p{L}"“'‘]`, 'u');
/** A dialogue written as "Ubul: What a wife.\nNicole: Remember…": two or more lines opened by a name and a colon. */
function speakers(text: string, tokens: readonly Token[], lex: NameLexicon, inPerson: readonly boolean[]): Entity[] {
  const found: Entity[] = [];
  let labels = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // The words after the colon start with a letter or a quotation mark, unlike "Fax: 0161…".
    if (t.post.charCodeAt(0) !== 58 /* : */ || !/^:[ \t]*["“]?$/.test(t.post) || !SPEECH_START.test(text.charAt(t.end + t.post.length))) continue;
    if (!lineOpensAt(text, t.start)) continue;
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
export const SHOUTED = coarsePattern(String.raw`^\p{Lu}{5,}(?:[-'’]\p{Lu}+)*$`, 'u');
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
    } else if (place && ALL_LOWER.test(t.text) && prev !== undefined && prev.sentence === t.sentence && !breaksAfter(prev) && PREP_BEFORE_PLACE.test(prev.normal) && !isCommonWord(t.normal, lex)) {
      // "i'm originally from switzerland": a known place typed in lower case, after "from",
      // "in"…, unless it is also an everyday word ("from china", "in turkey").
      end = place.end;
    } else if (prev !== undefined && (prev.normal === 'in' || prev.normal === 'to') && LIVED_BEFORE.test(tokens[i - 2]?.normal ?? '') && prev.sentence === t.sentence && SPACE_ONLY.test(prev.post) && t.text.length > 3 && isLowerName(t, lex)) {
      // "my friend lives in harburg", "we returned to kiel": after a verb of living or
      // travelling, a lower-case word that is no everyday word is a town.
      end = t.end;
    } else if (prev !== undefined && prev.sentence === t.sentence && ((!breaksAfter(prev) && (PREP_BEFORE_PLACE.test(prev.normal) || (prev.normal === 'of' && tokens[i - 2]?.normal === 'university') || isHomeTown(tokens, i))) || (PLACE_LABEL.test(prev.normal) && LABEL_GAP.test(prev.post)))) {
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
    if (after && after.sentence === t.sentence && !breaksAfter(tokens[j]!) && (STREET.test(after.normal) || STREET_WORD.test(after.text) || ORG_WORD.test(after.normal))) continue;
    out.push(entity('LOCATION', text, t.start, stripPossessive(text, tokens[j]!)));
    i = j;
  }
  return out;
}

// "lives in", "grew up in", "returned to", "flew to": the verb before "in" or "to".
const LIVED_BEFORE = /^(?:lives|live|living|lived|up|returned|flew|based)$/;
// A form's label for a place: "Where: Erwetegem Country Club", "City: Assen".
const PLACE_LABEL = /^(?:where|location|city|town|hometown|birthplace|venue)$/;
const LABEL_GAP = /^:[ \t]*$/;
/** "the White Stripes' home city Voorburg", "her home town Otley", "hometown Leeds". */
function isHomeTown(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1]!;
  if (prev.normal === 'hometown') return true;
  return (prev.normal === 'city' || prev.normal === 'town') && tokens[i - 2]?.normal === 'home' && !breaksAfter(tokens[i - 2]!);
}

const STREET_SUFFIX =
  '(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Court|Ct|Way|Crescent|Cres|Place|Pl|Terrace|Boulevard|Blvd|Grove|Gardens|Square|Sq|Row|Mews|Walk|Parade|Trail|Forks|Greens|Rapids|Islands?|Dam|Squares|Highway|Hwy|Estate|Rise|View|Hill|Park|Bypass|Heights|Ridge|Village|Ville|Port|Stravenue|Junction|Manor|Meadows?|Pass|Circle|Cir|Loop|Fields?|Shoals?|Springs?|Mills?|Ramp|Haven|Vista|Station|Valley|Landing|Camp|Crossing|Plaza|Path|Pike|Harbor|Harbour|Isle|Keys?|Knolls?|Lakes?|Light|Locks?|Oval|Points?|Prairie|Radial|Ranch|Run|Skyway|Spur|Summit|Throughway|Trace|Track|Turnpike|Union|Ways?|Wells?|Glens?|Dale|Cove|Creek|Crest|Falls|Ferry|Flats?|Fort|Freeway|Garden|Gateway|Burgs?|Brooks?|Bluffs?|Bend|Bridge|Branch|Mount|Mountain|Neck|Orchard|Overpass|Pines|Plains?|Streets?|Tunnel|Underpass|Viaduct|Wall)';
// A street word written as on an address: "Popović Dam", "Medvedev Islands".
const STREET_WORD = new RegExp(`^${STREET_SUFFIX}$`);
const WORDS = String.raw`(?:\p{Lu}[\p{L}'’.-]*\s){1,4}`;
// "6750 Koskikatu 25 Apt. 864\nArtilleros", "33 avenue de Provence", "Nieuwe Baan 473", "ul. Narewska 94".
export const ADDRESS = coarsePattern(
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
export const ADDRESS_CONTINUATION = coarsePattern(
  String.raw`(?:[ \t]{0,8}(?:,|\n(?:[ \t]{0,8}\n)?)[ \t]{0,8}(?:>[ \t]{0,2})?|[ \t]{2,8})(?:(?:Suite|Apt|Unit|Flat|Box|PSC)\.?[ \t]\d{1,5}|\p{Lu}[\p{L}'’.()-]*(?:[ \t][\p{L}(][\p{L}'’.()-]*){0,3}(?:[ \t]\d{3,6}(?:-\d{3,4})?)?|\d{3,6}(?:-\d{3,4})?|[A-Z]{2}(?:[ \t]\d{3,6})?)(?=[ \t]{0,8}(?:[,\n.?!]|$)|[ \t]{2})`,
  'uy',
);
// International order: house number, a capitalised street name, number ("20789 Allika 46",
// "3482 Via Franscini 71"). A capitalised first word keeps out "bed 12 on Ward 9", "2 RNs for 32".
export const NUMBER_STREET_NUMBER = coarsePattern(String.raw`(?<![\p{L}\p{N}])\d{1,5}[ \t]\p{Lu}\p{Ll}[\p{L}'’.-]*(?:[ \t][\p{L}'’.-]+){0,3}[ \t]\d{1,5}(?![\p{N}])\.?`, 'gu');

// A street named after "lives on", "is on", "located at", "the north side of", then its
// number as many countries write it: "lives on Via Tasso 129", "is on Pod Floriánem 1677".
// Two or more capitalised words (with lower-case particles between them), then the number;
// not a place in a hospital or a page of a book ("is on Amber Ward 9", "is at Level 5").
export const ON_STREET_NUMBER = coarsePattern(
  String.raw`\b(?:(?:lives?|living|lived|is|are|located|enter)[ \t](?:on|at)|side of)[ \t](\p{Lu}[\p{L}'’.-]*(?:[ \t](?:\p{Lu}[\p{L}'’.-]*|de|del|dei|della|di|do|da|dos|das|van|von|der|den|la|le))+[ \t]\d{1,5})(?![\p{N}])`,
  'gu',
);
const NOT_A_STREET = /\b(?:ward|bay|bed|beds|room|level|floor|unit|theatre|cubicle|resus|majors|minors|day|page|line|step|platform|gate|stage|grade|cycle|week|chapter)\b/i;
// A forces postal address: a ship and its fleet post office, or a unit's box and its
// post office ("USNS Møller\nFPO AA 85844", "unit 1009 box 0219\ndpo ap 51065").
export const FORCES_ADDRESS = coarsePattern(
  String.raw`(?<![\p{L}\p{N}])(?:(?:USNS|USNV|USS|USCGC)[ \t]\p{L}[\p{L}'’-]*(?:[ \t]\p{Lu}[\p{L}'’-]*)?|(?:PSC|unit)[ \t]\d{4},?[ \t]box[ \t]\d{4})(?:[ \t]*\n)?[ \t]*[AFD]PO[ \t](?:AA|AE|AP)[ \t]\d{5}(?![\p{N}])`,
  'giu',
);

// A post office box, when no street address already holds it.
export const PO_BOX = coarsePattern(String.raw`P\.?[ \t]?O\.?[ \t]?Box[ \t]\d{1,6}(?![\p{N}])`, 'giu');

export function recogniseAddresses(text: string): Entity[] {
  const out: Entity[] = [];
  for (const re of [ADDRESS, NUMBER_STREET_NUMBER, FORCES_ADDRESS]) collectAddresses(re, text, out);
  // The words before the street are the pattern's anchor (a look-behind would be tried at
  // every character); the address is its group.
  ON_STREET_NUMBER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ON_STREET_NUMBER.exec(text)) !== null) {
    const street = m[1]!;
    const start = m.index + m[0].length - street.length;
    // One that overlaps a street found above gives way when overlaps are resolved.
    if (!NOT_A_STREET.test(street)) out.push(entity('ADDRESS', text, start, start + street.length));
  }
  // A box that a street address above also holds ("P.O. Box 149 Monika Union") gives way
  // to it when overlaps are resolved (the longer of two addresses is kept).
  collectAddresses(PO_BOX, text, out);
  return out;
}

// A building number or a box written before the street's own number belongs to the
// address too: "975 3968 Bay Street", "45818 P.O. Box 242", "P.O. Box 149 Monika Union".
// Not a bed or bay number: "bed 12 3 Acacia Avenue".
export const LEADING_NUMBER = coarsePattern(String.raw`(?:(?<![\p{L}\p{N},.:-]|\b(?:bed|bay|ward|room|cubicle)[ \t]?)\d{1,6}|\bP\.?[ \t]?O\.?[ \t]?Box)[ \t]$`, 'iu');

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
