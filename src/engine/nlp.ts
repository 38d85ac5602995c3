/**
 * compromise, set up once per engine: its tokeniser and `match` patterns, with
 * a lexicon extended by the rule data (clinical roles, places, tests, slang are
 * signals with a `tag`) and by the names and places the build mined from
 * compromise's full model. Only `compromise/one` is loaded at run time: the full
 * tagger costs ~180 ms to start, which the extension cannot afford per page.
 */
import nlpOne from 'compromise/one';

export type Nlp = typeof nlpOne;
export type NlpDoc = ReturnType<Nlp>;

export interface Token {
  text: string;
  normal: string;
  /** What follows the word up to the next one: spaces and punctuation. */
  post: string;
  tags: ReadonlySet<string>;
  start: number;
  end: number;
  /** Index of the sentence (compromise's split) the token belongs to. */
  sentence: number;
  /** First token of its sentence. */
  first: boolean;
}

interface RawTerm {
  text: string;
  normal: string;
  post: string;
  tags: string[];
  offset: { start: number; length: number };
}

export function createNlp(words: Record<string, string>): Nlp {
  // compromise keeps one lexicon per process, so engines built from different
  // bundles share it. That is safe because words are only ever added, each
  // under a tag that names what it is.
  nlpOne.addWords(words);
  return nlpOne;
}

export function tokensOf(doc: NlpDoc): Token[] {
  const json = doc.json({ offset: true, terms: { offset: true } }) as { terms: RawTerm[] }[];
  const out: Token[] = [];
  json.forEach((sentence, si) => {
    sentence.terms.forEach((t, i) => {
      out.push({
        text: t.text,
        normal: t.normal,
        post: t.post,
        tags: new Set(t.tags),
        start: t.offset.start,
        end: t.offset.start + t.offset.length,
        sentence: si,
        first: i === 0,
      });
    });
  });
  return out;
}

/** Every match of a compromise pattern, as spans of the draft. */
export function matchSpans(doc: NlpDoc, pattern: string): { start: number; end: number }[] {
  const found = doc.match(pattern).out('offset') as { offset: { start: number; length: number } }[];
  return found.map((f) => ({ start: f.offset.start, end: f.offset.start + f.offset.length }));
}
