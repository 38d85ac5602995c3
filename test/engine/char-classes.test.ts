import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { charClass, HYPHEN, PICTOGRAPH, SPACE, startsWithWordChar, WORD_CHAR } from '../../src/engine/char-classes';
import { CHAR_CLASSES_UNICODE } from '../../src/engine/char-classes-data';
import { MAX_WORD_CHARS, nextToken, tokenise } from '../../src/engine/terms';
import { corpusTexts } from '../fixtures/corpus/posts';

// The tokeniser's definition (src/engine/terms.ts), as the regular expression it was until
// the table replaced it. The scanner must find exactly its matches.
const TOKEN =
  /[\p{L}\p{N}_\p{M}]{1,100}(?:['’][\p{L}\p{N}_\p{M}]{1,100}){0,8}|\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}\uFE0F]|\u200D\p{Extended_Pictographic}){0,16}|([^\s\p{L}\p{N}_\p{M}\p{Extended_Pictographic}-])\1{3,99}|[^\s\p{L}\p{N}_\p{M}-]/gu;

const byPattern = (text: string) => {
  const out: [number, number][] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) out.push([m.index, m.index + m[0].length]);
  return out;
};
const byScanner = (text: string) => {
  const out: [number, number][] = [];
  const found = { start: 0, end: 0 };
  for (let from = 0; nextToken(text, from, found); from = found.end) out.push([found.start, found.end]);
  return out;
};

// The table is Node's Unicode's when it was written. Under another version the platform's
// patterns are not the reference, and scripts/char-classes.mjs writes the table anew.
const sameUnicode = process.versions.unicode === CHAR_CLASSES_UNICODE;
const onSameUnicode = sameUnicode ? it : it.skip;

describe('char-classes', () => {
  it(`was written from this Node's Unicode (${process.versions.unicode}); if not, run node scripts/char-classes.mjs`, () => {
    expect(CHAR_CLASSES_UNICODE).toBe(process.versions.unicode);
  });

  onSameUnicode('classes every code point as the property escapes do, the table written as the script writes it', () => {
    const word = /[\p{L}\p{N}_\p{M}]/u;
    const pictograph = /\p{Extended_Pictographic}/u;
    const space = /\s/u;
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const ch = String.fromCodePoint(cp);
      const want = space.test(ch) ? SPACE : cp === 0x2d ? HYPHEN : (word.test(ch) ? WORD_CHAR : 0) | (pictograph.test(ch) ? PICTOGRAPH : 0);
      if (charClass(cp) !== want && wrong.push(`U+${cp.toString(16)}: ${charClass(cp)}, not ${want}`) > 20) break;
    }
    expect(wrong).toEqual([]);
    expect(execFileSync(process.execPath, [path.join(__dirname, '../../scripts/char-classes.mjs'), '--check'], { encoding: 'utf8' })).toMatch(/up to date/);
  });

  it('holds code points that are both a word character and a pictograph, and tells the hyphen from a space', () => {
    expect(charClass(0x2139)).toBe(WORD_CHAR | PICTOGRAPH); // ℹ, a letter and an emoji
    expect(charClass(0x1f37a)).toBe(PICTOGRAPH); // 🍺
    expect(charClass(0x1d400)).toBe(WORD_CHAR); // 𝐀, above the BMP
    expect(charClass(0x10ffff)).toBe(0);
    expect(charClass(0xd800)).toBe(0); // a lone surrogate
    expect([charClass(0x2d), charClass(0x20), charClass(0xa0), charClass(0x3000)]).toEqual([HYPHEN, SPACE, SPACE, SPACE]);
    expect(['é', '\u0301x', '٣', '_', '𝐀', '-', ' ', '🍺', ''].map(startsWithWordChar)).toEqual([true, true, true, true, true, false, false, false, false]);
  });

  onSameUnicode('find exactly the tokens of the definition, on every training post', () => {
    const dir = path.join(__dirname, '../../rules/training');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) for (const text of corpusTexts(path.join(dir, f))) expect([text, byScanner(text)]).toEqual([text, byPattern(text)]);
  });

  onSameUnicode('find exactly the tokens of the definition on the edges: joins, modifiers, runs, caps, surrogates', () => {
    const pieces = ['a', 'B', '7', '_', "'", '’', '-', ' ', '\n', '!', '.', '😂', '👍🏽', '\u200d', '\ufe0f', '❤', 'é', '\u0301', '𝐀', '\ud800', '\udc00', '中', '©', 'ℹ', '\u00a0', '#', '🏳', '٣', '🏻'];
    const piece = fc.tuple(fc.constantFrom(...pieces), fc.integer({ min: 1, max: 130 }), fc.boolean()).map(([p, n, repeat]) => (repeat ? p.repeat(n) : p));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(byScanner(text)).toEqual(byPattern(text));
      }),
      { numRuns: 3000, seed: 16 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(byScanner(text)).toEqual(byPattern(text));
      }),
      { numRuns: 3000, seed: 17 },
    );
    // The caps: a word of MAX_WORD_CHARS, a ninth apostrophe part, a 17th emoji part, a run of 100.
    for (const text of ['x'.repeat(MAX_WORD_CHARS * 2 + 3), "a'".repeat(12) + 'a', '👍\u200d👍'.repeat(20), '!'.repeat(250), '👍🏽'.repeat(3) + 'ℹ\u200dℹ']) expect(byScanner(text)).toEqual(byPattern(text));
  });

  it('makes the tokens that the rest of the engine reads', () => {
    expect(tokenise('Hungover on-call!!!! 👍🏽 ℹ Kaur’s').map((t) => t.raw)).toEqual(['Hungover', 'on', 'call', '!!!!', '👍🏽', 'ℹ', 'Kaur’s']);
  });
});
