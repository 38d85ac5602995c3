/**
 * compromise, for the `match` patterns of rule signals: tag-aware phrase patterns
 * such as "#ClinicalRole (is|was)? fast asleep". Its lexicon is extended by the
 * rule data (signals with a `tag`) and by the names, places and demonyms the build
 * mined from compromise's full model. Only `compromise/one` is loaded at run time:
 * the full tagger costs ~180 ms to start, too much for a content script.
 *
 * compromise is not linear on every input (a long run of punctuation or emoji is
 * quadratic), so callers parse sentence-sized windows, never a whole huge draft.
 */
import type nlpOneType from 'compromise/one';
import type { Span } from './types';

export type Nlp = typeof nlpOneType;
export type NlpDoc = ReturnType<Nlp>;

// A plain require, not an import: compromise builds its model when its module first
// runs, some 20 ms, which was most of the engine's load time. Only a few drafts in a
// hundred have a window that a `match` pattern can match (see patternAnchors), so the
// module runs on the first of those, not when the engine loads. The bundler still
// bundles it; nothing is fetched.
declare function require(id: 'compromise/one'): Nlp | { default: Nlp };

/**
 * compromise with the rule data's words added, loaded and extended on first use.
 * compromise keeps one lexicon per process, so engines built from different bundles
 * share it. That is safe because words are only ever added, each under a tag that
 * names what it is.
 */
export function lazyNlp(words: () => Record<string, string>): () => Nlp {
  let nlp: Nlp | undefined;
  return () => {
    if (!nlp) {
      const loaded = require('compromise/one');
      nlp = typeof loaded === 'function' ? loaded : loaded.default;
      nlp.addWords(words());
    }
    return nlp;
  };
}

/** Every match of a compromise pattern in a window that starts at `offset` in the draft. */
export function matchSpans(doc: NlpDoc, pattern: string, offset: number): Span[] {
  const found = doc.match(pattern).out('offset') as { offset: { start: number; length: number } }[];
  return found.map((f) => ({ start: offset + f.offset.start, end: offset + f.offset.start + f.offset.length }));
}

/**
 * What a window must contain for a pattern to have any chance of matching: its
 * #Tags, its literal words, and one word of each group of alternatives ("(napping|
 * snoring)"). Checked before parsing, so compromise only runs where it can find
 * something: clinical posts name a role in nearly every window, so a pattern anchored
 * on #ClinicalRole alone would parse nearly everything.
 */
export function patternAnchors(pattern: string): { tags: string[]; words: string[]; anyOf: string[][] } {
  // Terms at the top level of the pattern (outside parentheses), not optional: "#Tag", "asleep", "(a|b)".
  const tags: string[] = [];
  const words: string[] = [];
  const anyOf: string[][] = [];
  let depth = 0;
  for (const part of pattern.split(/\s+/)) {
    const opens = (part.match(/\(/g) ?? []).length;
    const closes = (part.match(/\)/g) ?? []).length;
    if (depth === 0 && !/[?*+{]$/.test(part)) {
      const tag = /^#([A-Z][A-Za-z]+)$/.exec(part);
      const group = /^\(([a-z][a-z']*(?:\|[a-z][a-z']*)+)\)$/.exec(part);
      if (tag) tags.push(tag[1]!);
      else if (/^[a-z][a-z']*$/.test(part)) words.push(part);
      else if (group) anyOf.push(group[1]!.split('|'));
    }
    depth += opens - closes;
  }
  return { tags, words, anyOf };
}
