import type { Entity } from '../types';
import type { Token } from '../words';
import type { Span } from '../types';
import { bmpPattern } from '../bmp';

/**
 * People, places and street addresses, read from word tokens tagged with the
 * lexicon mined from compromise's full model (first names, surnames, places) and
 * a set of common English words: a capitalised common word is not a name.
 */
export interface NameLexicon {
  commonWords: ReadonlySet<string>;
}

export const HONORIFIC = /^(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|sister|nurse|matron|rev|revd|father|uncle|auntie|aunty)\.?$/i;
const PERSON_TAGS = ['FirstName', 'MaleName', 'FemaleName', 'LastName'];
const PLACE_TAGS = ['City', 'Country', 'Region', 'Place'];
export const STREET =
  /^(?:road|rd|street|st|avenue|ave|lane|ln|drive|close|court|ct|way|crescent|cres|place|pl|terrace|boulevard|blvd|grove|gardens|gdns|square|sq|row|mews|walk|parade|trail|forks|greens|highway|hwy|estate|park|rise|view|hill|green|bypass|straat|strasse|straße|gasse|weg|vej|vegen|gatan|gata|katu|tie|baan|laan|rue|via|calle|rua|avenida|ul|ulica|allee)\.?$/i;
export const ORG_WORD = /^(?:nhs|trust|hospital|infirmary|surgery|clinic|ltd|plc|inc|university|college|school|foundation|council|group|bank|club|fc|united|city|services|service|company|orchestra|team|centre|center|unit|ward|hotel|restaurant|cafe|pub|church|corporation|corp|llc|gmbh|co|associates|partners|labs|systems|solutions|technologies|media|records|music|press|publishing|airlines|motors|holdings|industries|enterprises|international|consulting|orchestra|band|magazine|weekly|times|news|agency|institute|museum|gallery|theatre|stadium|airport|station|street|road|avenue)$/i;
export const PREP_BEFORE_PLACE = /^(?:from|in|near|to|at|around|outside|visiting|live|lives|living|moved|born)$/i;

const isCapitalised = (t: Token): boolean => t.capitalised;
const isInitial = (t: Token): boolean => t.initial;
const hasTag = (t: Token, tags: string[]): boolean => tags.some((x) => t.tags.has(x));
/** A name does not run on past a comma, full stop or other break after a word. */
const breaksAfter = (t: Token): boolean => /[,;:.!?()"“”\n–—]/.test(t.post.replace(/^\.(?=\s|$)/, (m) => (/^\p{Lu}$/u.test(t.text) ? '' : m)));

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
  const out: Entity[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    // "Mrs Kaur", "Dr. Priya Shah", "Mr Hill's"
    if (HONORIFIC.test(t.text) && /^\p{Lu}/u.test(t.text) && next && next.sentence === t.sentence && (isCapitalised(next) || isInitial(next))) {
      let j = i + 1;
      while (j < tokens.length && j - i <= 3 && tokens[j]!.sentence === t.sentence && (isCapitalised(tokens[j]!) || isInitial(tokens[j]!)) && !ORG_WORD.test(tokens[j]!.normal)) {
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
        if (isNamePart(u, lex) && !ORG_WORD.test(u.normal) && !STREET.test(u.normal)) j++;
        else if (isInitial(u) && u.text.length <= 2 && /^[\p{Lu}]/u.test(u.text)) j++;
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
  // "my name is Rubija", "Mehrudin shouted": a single unknown capitalised word in a naming context.
  const NAMED_BEFORE = /(?:\bname(?:'s| is)|\bcalled|\bnamed|\bi'm|\bi am|\bthis is|\bit's|\bhi|\bhello|\bdear|\bthanks?|\bmeet|\bwith|\bby)[ \t]{0,3},?[ \t]{0,3}$/i;
  const found = out.slice();
  let k = 0;
  for (const t of tokens) {
    while (k < found.length && found[k]!.end <= t.start) k++;
    if (!isUnknownProper(t, lex) || (k < found.length && found[k]!.start <= t.start)) continue;
    const before = text.slice(Math.max(0, t.start - 16), t.start);
    if (NAMED_BEFORE.test(before)) out.push(entity('PERSON', text, t.start, stripPossessive(text, t)));
  }
  return out;
}

function stripPossessive(text: string, t: Token): number {
  const m = /['’]s$/.exec(t.text);
  return m ? t.end - 2 : t.end;
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
    if (place && /^\p{Lu}/u.test(t.text) && !(t.first && isCommonWord(t.normal, lex) && place.end === t.end)) {
      end = place.end;
    } else if (prev !== undefined && prev.sentence === t.sentence && !breaksAfter(prev) && PREP_BEFORE_PLACE.test(prev.normal) && isUnknownProper(t, lex)) {
      end = t.end;
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
// postal code, separated by a comma, a line break or a run of spaces.
export const ADDRESS_CONTINUATION = bmpPattern(
  String.raw`(?:[ \t]{0,8}[,\n][ \t]{0,8}|[ \t]{2,8})(?:(?:Suite|Apt|Unit|Flat|Box|PSC)\.?[ \t]\d{1,5}|\p{Lu}[\p{L}'’.()-]*(?:[ \t]\p{L}[\p{L}'’.()-]*){0,3}(?:[ \t]\d{3,6}(?:-\d{3,4})?)?|\d{3,6}(?:-\d{3,4})?|[A-Z]{2}(?:[ \t]\d{3,6})?)(?=[ \t]{0,8}(?:[,\n.?!]|$)|[ \t]{2})`,
  'uy',
);

// International order: house number, a capitalised street name, number ("20789 Allika 46",
// "3482 Via Franscini 71"). A capitalised first word keeps out "bed 12 on Ward 9", "2 RNs for 32".
export const NUMBER_STREET_NUMBER = bmpPattern(String.raw`(?<![\p{L}\p{N}])\d{1,5}[ \t]\p{Lu}\p{Ll}[\p{L}'’.-]*(?:[ \t][\p{L}'’.-]+){0,3}[ \t]\d{1,5}(?![\p{N}])\.?`, 'gu');

export function recogniseAddresses(text: string): Entity[] {
  const out: Entity[] = [];
  for (const re of [ADDRESS, NUMBER_STREET_NUMBER]) collectAddresses(re, text, out);
  return out;
}

function collectAddresses(re: RegExp, text: string, out: Entity[]): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const prev = m.index > 0 ? text[m.index - 1] ?? '' : '';
    if (/[\p{L}\p{N}]/u.test(prev)) continue;
    let end = m.index + m[0].length;
    // Take in up to five following lines of the same address block.
    for (let k = 0; k < 5; k++) {
      ADDRESS_CONTINUATION.lastIndex = end;
      const c = ADDRESS_CONTINUATION.exec(text);
      if (!c) break;
      end = c.index + c[0].length;
    }
    re.lastIndex = Math.max(re.lastIndex, end);
    out.push(entity('ADDRESS', text, m.index, end));
  }
}
