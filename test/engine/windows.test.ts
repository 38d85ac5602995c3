/** A long draft's patterns read a window at a time (src/engine/windows.ts, and allMatchesIn in src/engine/terms.ts). */
import { getRuleBundle } from '../../src/engine';
import { allMatches, allMatchesIn, compilePattern } from '../../src/engine/terms';
import { textWindows, WINDOW_AFTER, WINDOW_BEFORE, WINDOW_CHARS } from '../../src/engine/windows';
import type { Span } from '../../src/engine/types';
import { corpusTexts } from '../fixtures/corpus/posts';

const patterns = Object.values(getRuleBundle().signals)
  .flatMap((signal) => signal.patterns ?? [])
  .map(compilePattern);
const corpus = corpusTexts().join('\n');

/** The corpus's first match of each pattern that is long enough to cut, once each. */
function matchesToCut(): string[] {
  const out: string[] = [];
  for (const re of patterns) {
    const found: Span[] = [];
    allMatches(re, corpus, found, 50);
    const span = found.find((s) => s.end - s.start >= 6);
    if (span) out.push(corpus.slice(Math.max(0, span.start - 40), span.end + 40));
  }
  return out;
}

/** About 400 KB of corpus text with a window edge through the middle of one pattern's match after another. */
function longDraft(): { text: string; cuts: number } {
  const pieces = matchesToCut();
  let text = '';
  let cuts = 0;
  for (const piece of pieces.slice(0, 12)) {
    text += corpus.slice(0, 20_000);
    const edge = Math.ceil((text.length + 100) / WINDOW_CHARS) * WINDOW_CHARS;
    text = text.padEnd(edge - Math.floor(piece.length / 2), ' ') + piece;
    cuts++;
  }
  return { text, cuts };
}

function inWindows(re: RegExp, text: string): Span[] {
  const out: Span[] = [];
  for (const { from, to, start, end } of textWindows(text.length)) allMatchesIn(re, text.slice(from, to), from, start, end, out);
  return out;
}

describe('textWindows', () => {
  it('covers a long text once, each window read with its margins, and a short one whole', () => {
    expect([...textWindows(100)]).toEqual([{ from: 0, to: 100, start: 0, end: 100 }]);
    const length = 3 * WINDOW_CHARS + 5;
    const windows = [...textWindows(length)];
    expect(windows.map((w) => [w.start, w.end])).toEqual([
      [0, WINDOW_CHARS],
      [WINDOW_CHARS, 2 * WINDOW_CHARS],
      [2 * WINDOW_CHARS, 3 * WINDOW_CHARS],
      [3 * WINDOW_CHARS, length],
    ]);
    expect(windows[1]).toMatchObject({ from: WINDOW_CHARS - WINDOW_BEFORE, to: 2 * WINDOW_CHARS + WINDOW_AFTER });
    expect(windows[3]).toMatchObject({ to: length });
  });
});

describe('allMatchesIn over windows', () => {
  it('finds what every rule pattern finds over the whole of a long draft, with matches across the window edges', () => {
    const { text, cuts } = longDraft();
    expect(cuts).toBeGreaterThanOrEqual(8);
    let across = 0;
    for (const re of patterns) {
      const whole: Span[] = [];
      allMatches(re, text, whole);
      expect({ pattern: re.source, spans: inWindows(re, text) }).toEqual({ pattern: re.source, spans: whole });
      across += whole.filter((span) => Math.floor(span.start / WINDOW_CHARS) !== Math.floor((span.end - 1) / WINDOW_CHARS)).length;
    }
    // The edges really do fall inside matches, so the margins are tested.
    expect(across).toBeGreaterThanOrEqual(8);
  });

  it('keeps no more than the limit', () => {
    const out: Span[] = [];
    allMatchesIn(/a/g, 'a'.repeat(100), 0, 0, 100, out, 10);
    expect(out).toHaveLength(10);
  });
});
