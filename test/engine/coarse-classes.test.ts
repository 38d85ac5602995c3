import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { coarseClasses, coarsePattern, ORIGINALS } from '../../src/engine/coarse-classes';
import { COARSE_CLASS_BODIES } from '../../src/engine/coarse-classes-data';
import { compilePattern } from '../../src/engine/terms';
import { getRuleBundle } from '../../src/engine';
import { AGE } from '../../src/engine/recognisers/age';
import { ADDRESS, ADDRESS_CONTINUATION, FORCES_ADDRESS, NUMBER_STREET_NUMBER, ON_STREET_NUMBER, PO_BOX } from '../../src/engine/recognisers/names';
import { INITIALS } from '../../src/engine/recognisers';
import { UK as UK_POSTCODE } from '../../src/engine/recognisers/postcode';
import { SHAPED } from '../../src/engine/recognisers/hospital-number';
import { EMAIL } from '../../src/engine/recognisers/email';
import { LEADING_NUMBER, SHOUTED, SPEECH_START } from '../../src/engine/recognisers/names';
import { CAPITALISED, DOUBLE_BARRELLED } from '../../src/engine/words';
import { POSSESSIVE } from '../../src/engine/terms';
import { PLAIN_WORDS, SENTENCE_END } from '../../src/engine/engine';
import { ALL_LOWER, LETTER_OR_DIGIT, ONE_UPPER, STARTS_UPPER } from '../../src/engine/letters';
import { INTERNATIONAL_FORMS, LABELLED, UK as UK_PHONE, WEAKLY_LABELLED } from '../../src/engine/recognisers/phone';

/** Every match as "index:text"; a sticky pattern is tried at every position. */
function matches(re: RegExp, text: string): string[] {
  const out: string[] = [];
  if (re.sticky) {
    for (let i = 0; i <= text.length; i++) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m) out.push(`${m.index}:${m[0]}`);
    }
    return out;
  }
  // A pattern without the g flag tests one word or the end of a short piece ("^\p{Lu}$", "…$"):
  // tried on the whole text, on each word, on each of the text's endings and on the 24
  // characters before each place (the address's leading number reads such a window).
  if (!re.global) {
    const pieces = [text, ...text.split(/\s+/)];
    for (let i = 0; i < text.length; i++) pieces.push(text.slice(i), text.slice(Math.max(0, i - 24), i));
    for (const piece of pieces) out.push(`${piece}:${re.exec(piece)?.[0] ?? ''}`);
    return out;
  }
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out.push(`${m.index}:${m[0]}`);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

const body = (name: keyof typeof COARSE_CLASS_BODIES) => COARSE_CLASS_BODIES[name];

describe('coarseClasses', () => {
  it('writes the four classes out, bare inside a class and bracketed outside one', () => {
    expect(coarseClasses(String.raw`(?<![\p{L}\p{N}._-])\p{Lu}\p{Ll}+`)).toBe(`(?<![${body('L')}${body('N')}._-])[${body('Lu')}][${body('Ll')}]+`);
  });

  it('keeps other properties, other escapes and patterns without the classes as written', () => {
    expect(coarseClasses(String.raw`\p{Extended_Pictographic}+\p{Lo}\P{Lo}`)).toBe(String.raw`\p{Extended_Pictographic}+\p{Lo}\P{Lo}`);
    expect(coarseClasses(String.raw`\[\p{L}\]`)).toBe(String.raw`\[[${body('L')}]\]`);
    expect(coarseClasses(String.raw`[\]\p{N}]`)).toBe(String.raw`[\]${body('N')}]`);
    expect(coarseClasses(String.raw`\\p{L}`)).toBe(String.raw`\\p{L}`);
    const plain = String.raw`(?<!\w)bed \d+\u{1F600}`;
    expect(coarseClasses(plain)).toBe(plain);
  });

  it('refuses what it cannot write as a class', () => {
    expect(() => coarseClasses(String.raw`\P{L}`)).toThrow(/\\P\{L\} is not supported/);
    expect(() => coarseClasses(String.raw`[\P{Lu}x]`)).toThrow(/not supported/);
    expect(() => coarsePattern('a', 'g')).toThrow(/u flag/);
    expect(() => coarsePattern('a', 'gv')).toThrow(/u flag/);
  });

  it('keeps the original of each pattern it makes', () => {
    const re = coarsePattern(String.raw`\p{Lu}x`, 'giu');
    expect(re.flags).toBe('giu');
    expect(ORIGINALS.get(re)).toEqual({ source: String.raw`\p{Lu}x`, flags: 'giu' });
  });
});

describe('the coarse classes (src/engine/coarse-classes-data.ts)', () => {
  // The construction, as scripts/char-classes.mjs gives it: exact to U+052F; in the rest of
  // the BMP a class's runs joined where nothing between them parts them; the mathematical
  // alphanumerics with their own rule; nothing else.
  const SHARED_BLOCKS = [[0, 0xff], [0x2000, 0x2bff], [0x2e00, 0x2e7f], [0x3000, 0x303f], [0xfe10, 0xfe6f], [0xff00, 0xffef], [0xfff0, 0xffff]] as const;
  const separates = (ch: string, cp: number) => /\s/u.test(ch) || (cp >= 0xd800 && cp <= 0xf8ff) || (SHARED_BLOCKS.some(([a, b]) => cp >= a && cp <= b) && !/[\p{L}\p{M}\p{N}]/u.test(ch));
  const isNumber = (ch: string) => /\p{N}/u.test(ch);
  const markOrUnassigned = (ch: string) => /[\p{M}\p{Cn}]/u.test(ch);
  const casedGap = (ch: string) => /[\p{Lu}\p{Ll}\p{Lt}\p{M}\p{Cn}]/u.test(ch);
  const never = () => false;
  const small = new RegExp(`^[${body('Ll')}]$`, 'u');
  // Capitals where a block's cases alternate are small letters (in Ll's ranges), not capitals.
  const capital = /\p{Lu}/u;
  const capitalNotSmall = { test: (ch: string) => capital.test(ch) && !small.test(ch) };
  const classes = [
    { name: 'L', exact: /\p{L}/u, bmpJoins: (ch: string, cp: number) => !isNumber(ch) && !separates(ch, cp), mathJoins: (ch: string) => !isNumber(ch) },
    { name: 'Lu', exact: capitalNotSmall, bmpJoins: (ch: string) => /[\p{Lu}\p{Lt}\p{M}\p{Cn}]/u.test(ch) && !small.test(ch), mathJoins: never },
    { name: 'Ll', exact: /\p{Ll}/u, bmpJoins: casedGap, mathJoins: never },
    { name: 'N', exact: /\p{N}/u, bmpJoins: markOrUnassigned, mathJoins: markOrUnassigned },
  ] as const;
  const REGIONS = [
    { from: 0, to: 0x52f, joins: 'none' },
    { from: 0x530, to: 0x20ff, joins: 'bmp' },
    { from: 0x2100, to: 0x214f, joins: 'none' },
    { from: 0x2150, to: 0xffff, joins: 'bmp' },
    { from: 0x1d400, to: 0x1d7ff, joins: 'math' },
  ] as const;

  it.each(classes)('\\p{$name} is exact to U+052F and adds elsewhere only what lies between two of its own that nothing parts', ({ name, exact, bmpJoins, mathJoins }) => {
    const coarse = new RegExp(`^[${body(name)}]$`, 'u');
    const wrong: string[] = [];
    for (const region of REGIONS) {
      const joins = region.joins === 'none' ? never : region.joins === 'bmp' ? bmpJoins : mathJoins;
      let extras: number[] = [];
      for (let cp = region.from; cp <= region.to + 1 && wrong.length < 10; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        const ch = String.fromCodePoint(cp);
        const inExact = cp <= region.to && exact.test(ch);
        const inCoarse = cp <= region.to && coarse.test(ch);
        if (inExact && !inCoarse) wrong.push(`U+${cp.toString(16)} missing`);
        if (inCoarse && !inExact) {
          if (!joins(ch, cp)) wrong.push(`U+${cp.toString(16)} added, which parts two runs`);
          extras.push(cp);
          continue;
        }
        // A run of added code points must lie between two of the class's own.
        if (extras.length) {
          const before = extras[0]! - 1;
          if (before < region.from || !exact.test(String.fromCodePoint(before)) || !inExact) wrong.push(`U+${extras[0]!.toString(16)}-U+${extras.at(-1)!.toString(16)} added outside two runs`);
          extras = [];
        }
      }
    }
    expect(wrong).toEqual([]);
    // Nothing else of the supplementary planes: Deseret, CJK Extension B, an emoji.
    for (const ch of ['𐐀', '𐐨', '𠀀', '😀', '🅰']) expect([ch, coarse.test(ch)]).toEqual([ch, false]);
    // The characters themselves, a few to a range (V8 stops optimising a long source), and
    // none that a class reads as syntax.
    expect(body(name)).not.toMatch(/[\\\[\]^]/);
    expect(body(name).length).toBeLessThan(600);
  });

  it('keeps letters and numbers apart, and capitals and small letters, as Unicode does', () => {
    for (const [a, b] of [['L', 'N'], ['Lu', 'Ll']] as const) {
      const both = new RegExp(`^(?=[${body(a)}])[${body(b)}]$`, 'u');
      const overlap: string[] = [];
      for (let cp = 0; cp <= 0x1d7ff; cp++) if (!(cp >= 0xd800 && cp <= 0xdfff) && both.test(String.fromCodePoint(cp))) overlap.push(cp.toString(16));
      expect([a, b, overlap]).toEqual([a, b, []]);
    }
    // Every capital of the BMP and the bold letters is one or the other.
    const capitals = new RegExp(`^[${body('Lu')}${body('Ll')}]$`, 'u');
    for (let cp = 0; cp <= 0x1d7ff; cp++) if (!(cp >= 0xd800 && cp <= 0xdfff) && (cp <= 0xffff || cp >= 0x1d400) && capital.test(String.fromCodePoint(cp))) expect([cp, capitals.test(String.fromCodePoint(cp))]).toEqual([cp, true]);
  });

  it('keeps separators out: the punctuation, symbols and spaces drafts are written with', () => {
    const letterOrNumber = new RegExp(`[${body('L')}${body('N')}]`, 'u');
    for (const ch of [' ', '\u00a0', '\u2009', '\u3000', '-', '‐', '–', '—', '’', '“', '”', '…', '•', '·', '€', '£', '©', '°', '→', '★', '😀', '、', '。', '！']) expect([ch, letterOrNumber.test(ch)]).toEqual([ch, false]);
  });

  it('tells capitals from small letters in Latin, Greek, Cyrillic and the bold letters of social media, and keeps scripts without case out of both', () => {
    const upper = new RegExp(`^[${body('Lu')}]$`, 'u');
    const lower = new RegExp(`^[${body('Ll')}]$`, 'u');
    for (const ch of ['A', 'É', 'Ø', 'Ł', 'Ŷ', 'Σ', 'Д', '𝗝', 'ℋ', 'ℌ', 'ℍ']) expect([ch, upper.test(ch), lower.test(ch)]).toEqual([ch, true, false]);
    for (const ch of ['a', 'é', 'ß', 'µ', 'ł', 'ŷ', 'μ', 'β', 'д', '𝗼']) expect([ch, upper.test(ch), lower.test(ch)]).toEqual([ch, false, true]);
    for (const ch of ['ا', 'א', '中', 'ก', 'あ']) expect([ch, upper.test(ch), lower.test(ch)]).toEqual([ch, false, false]);
    // Beyond U+052F, a capital between small letters with only letters between counts as a
    // small letter (Latin Extended Additional: "Nguyễn" is still a capitalised word, "Ḃ" is not
    // a capital); Armenian's capitals stay capitals.
    for (const ch of ['Ạ', 'ạ', 'ễ', 'Ḃ', 'Ẃ']) expect([ch, upper.test(ch), lower.test(ch)]).toEqual([ch, false, true]);
    for (const ch of ['Ա']) expect([ch, upper.test(ch), lower.test(ch)]).toEqual([ch, true, false]);
  });
});

describe('the rewritten patterns match as their exact originals where the classes are exact', () => {
  const rewritten: [string, RegExp][] = [
    ['ADDRESS', ADDRESS],
    ['ADDRESS_CONTINUATION', ADDRESS_CONTINUATION],
    ['NUMBER_STREET_NUMBER', NUMBER_STREET_NUMBER],
    ['ON_STREET_NUMBER', ON_STREET_NUMBER],
    ['FORCES_ADDRESS', FORCES_ADDRESS],
    ['PO_BOX', PO_BOX],
    ['INITIALS', INITIALS],
    ['AGE', AGE],
    ['postcode UK', UK_POSTCODE],
    ['hospital number', SHAPED],
    ['EMAIL', EMAIL],
    ['phone UK', UK_PHONE],
    ...INTERNATIONAL_FORMS.map((re, i): [string, RegExp] => [`phone international ${i}`, re]),
    ['phone LABELLED', LABELLED],
    ['phone WEAKLY_LABELLED', WEAKLY_LABELLED],
    ['LEADING_NUMBER', LEADING_NUMBER],
    ['SHOUTED', SHOUTED],
    ['SPEECH_START', SPEECH_START],
    ['CAPITALISED', CAPITALISED],
    ['DOUBLE_BARRELLED', DOUBLE_BARRELLED],
    ['POSSESSIVE', POSSESSIVE],
    ['PLAIN_WORDS', PLAIN_WORDS],
    ['SENTENCE_END', SENTENCE_END],
    ['LETTER_OR_DIGIT', LETTER_OR_DIGIT],
    ['STARTS_UPPER', STARTS_UPPER],
    ['ONE_UPPER', ONE_UPPER],
    ['ALL_LOWER', ALL_LOWER],
    ['a rule pattern', compilePattern(String.raw`=(?<![\p{L}\p{N}'’-])\p{Lu}[\p{L}'’-]+ (?:Hospital|Surgery)\b`)],
    ['a case-insensitive rule pattern', compilePattern(String.raw`(?<![\p{L}\p{N}])'[^'\n]{2,80}'(?![\p{L}\p{N}])`)],
  ];
  const read = (file: string) =>
    fs
      .readFileSync(path.join(__dirname, '../fixtures', file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
  // The development corpus, and Presidio's set with its Greek, Central European and a few
  // Hebrew names; the pieces are where the classes are exact (to U+052F, and the bold letters).
  const texts = [...read('../../rules/training/dev.jsonl'), ...read('eval-external/pii.jsonl')];
  const pieces = fc.constantFrom(...' ,\n\t.-()+@_%\'’'.split(''), 'Rd', 'Road', 'Street', 'Suite 4', 'Apt. 12', 'PSC 1234, Box 5678', 'P.O. Box 12', 'rue', 'straat', 'Émile', 'Zoë', 'Müller', 'Łódź', 'łódź', 'Σοφία', 'Иван', 'Ölçek', 'μg', 'Aβ', '𝗝𝗼𝗮𝗻', '𝐒𝐦𝐢𝐭𝐡', 'ℋarry', 'ℌ', 'SW1A 1AA', 'AB123456', '07700 900882', '+44', 'call ', 'at ', 'J.K.', 'JT, 54', 'x12', '1', '22', '333', '4444', 'a@b.co', '72yo', 'aged ', ', 94, ', '😀', '—', '½', '²');

  it('keeps every pattern the engine compiles with the classes short enough for V8 to optimise', () => {
    // V8 leaves a pattern whose source passes 20,000 characters unoptimised: the address
    // pattern with the classes written as escapes was 29,000 and took 60 ms on a megabyte.
    const rules = Object.values(getRuleBundle().signals).flatMap((s) => s.patterns.map(compilePattern));
    const sources = [...rewritten.map(([, re]) => re), ...rules].map((re) => re.source.length);
    expect(Math.max(...sources)).toBeLessThan(15_000);
  });

  it.each(rewritten)('%s', (_name, re) => {
    const original = ORIGINALS.get(re);
    expect(original).toBeDefined();
    const exact = new RegExp(original!.source, original!.flags);
    expect(texts.length).toBeGreaterThan(1800);
    for (const text of texts) expect(matches(re, text)).toEqual(matches(exact, text));
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 3, unit: fc.constantFrom(...'aZé9 ,.\'-'.split('')) })), { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        expect(matches(re, text)).toEqual(matches(exact, text));
      }),
      { numRuns: 300 },
    );
  });
});
