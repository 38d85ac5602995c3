/**
 * Mines compromise's full model, at build time only, for the words the engine's
 * light run-time tokeniser needs: first names, surnames, places, and common
 * English words (a capitalised common word is not a name). Shipping the full
 * tagger would cost ~180 ms at every start-up.
 */
import nlp from 'compromise';
import type { LexiconData } from './compile';

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
  return {
    firstNames: firstNames.sort(),
    lastNames: lastNames.sort(),
    places: places.sort(),
    demonyms: demonyms.sort(),
    commonWords: commonWords.sort(),
  };
}
