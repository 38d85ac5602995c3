import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { coarseClasses, coarsePattern, ORIGINALS } from '../../src/engine/coarse-classes';
import { COARSE_CLASS_BODIES } from '../../src/engine/coarse-classes-data';
import { compilePattern } from '../../src/engine/terms';
import { AGE } from '../../src/engine/recognisers/age';
import { ADDRESS, ADDRESS_CONTINUATION, FORCES_ADDRESS, NUMBER_STREET_NUMBER, ON_STREET_NUMBER, PO_BOX } from '../../src/engine/recognisers/names';
import { INITIALS } from '../../src/engine/recognisers';
import { UK as UK_POSTCODE } from '../../src/engine/recognisers/postcode';
import { SHAPED } from '../../src/engine/recognisers/hospital-number';
import { EMAIL } from '../../src/engine/recognisers/email';
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
    expect(coarseClasses(String.raw`\P{L}`)).toBe(`[^${body('L')}]`);
  });

  it('keeps other properties, other escapes and patterns without the classes as written', () => {
    expect(coarseClasses(String.raw`\p{Extended_Pictographic}+\p{Lo}`)).toBe(String.raw`\p{Extended_Pictographic}+\p{Lo}`);
    expect(coarseClasses(String.raw`\[\p{L}\]`)).toBe(String.raw`\[[${body('L')}]\]`);
    expect(coarseClasses(String.raw`[\]\p{N}]`)).toBe(String.raw`[\]${body('N')}]`);
    expect(coarseClasses(String.raw`\\p{L}`)).toBe(String.raw`\\p{L}`);
    const plain = String.raw`(?<!\w)bed \d+`;
    expect(coarseClasses(plain)).toBe(plain);
  });

  it('refuses what it cannot write as a class', () => {
    expect(() => coarseClasses(String.raw`[\P{L}x]`)).toThrow(/inside a class/);
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
  const SHARED_BLOCKS = [[0, 0xff], [0x2000, 0x2bff], [0x2e00, 0x2e7f], [0x3000, 0x303f], [0xfe10, 0xfe6f], [0xff00, 0xffef], [0xfff0, 0xffff]];
  const separates = (ch: string, cp: number) =>
    /\s/u.test(ch) || (cp >= 0xd800 && cp <= 0xf8ff) || (SHARED_BLOCKS.some(([a, b]) => cp >= a! && cp <= b!) && !/[\p{L}\p{M}\p{N}]/u.test(ch));
  const cased = (ch: string) => /[\p{Lu}\p{Ll}\p{Lt}\p{M}\p{Cn}]/u.test(ch);
  const classes = [
    { name: 'L', exact: /\p{L}/u, exactTo: 0x24f, extraMay: (ch: string, cp: number) => !separates(ch, cp) },
    { name: 'Lu', exact: /\p{Lu}/u, exactTo: 0xff, extraMay: cased },
    { name: 'Ll', exact: /\p{Ll}/u, exactTo: 0xff, extraMay: cased },
    { name: 'N', exact: /\p{N}/u, exactTo: 0xff, extraMay: (ch: string, cp: number) => !separates(ch, cp) },
  ] as const;

  it.each(classes)('\\p{$name} holds every one of its BMP characters, is exact through its limit, and adds only what its runs allow', ({ name, exact, exactTo, extraMay }) => {
    const coarse = new RegExp(`^[${body(name)}]$`, 'u');
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCharCode(cp);
      const inExact = exact.test(ch);
      const inCoarse = coarse.test(ch);
      if (inExact && !inCoarse) wrong.push(`U+${cp.toString(16)} missing`);
      else if (!inExact && inCoarse && (cp <= exactTo || !extraMay(ch, cp))) wrong.push(`U+${cp.toString(16)} added`);
      if (wrong.length > 10) break;
    }
    expect(wrong).toEqual([]);
    // Supplementary-plane characters are outside every class, as the recognisers had them.
    expect(coarse.test('𝐀')).toBe(false);
    expect(body(name)).toMatch(/^(?:\\u[0-9A-F]{4}|-)+$/);
  });

  it('keeps separators out: the punctuation, symbols and spaces drafts are written with', () => {
    const letterOrNumber = new RegExp(`[${body('L')}${body('N')}]`, 'u');
    for (const ch of [' ', '\u00a0', '\u2009', '\u3000', '-', '‐', '–', '—', '’', '“', '”', '…', '•', '·', '€', '£', '©', '°', '→', '★', '😀', '、', '。', '！']) expect([ch, letterOrNumber.test(ch)]).toEqual([ch, false]);
  });

  it('keeps scripts without case out of \\p{Lu} and \\p{Ll}, and reads a cased script\'s letters as both', () => {
    const upper = new RegExp(`^[${body('Lu')}]$`, 'u');
    const lower = new RegExp(`^[${body('Ll')}]$`, 'u');
    for (const ch of ['ا', 'א', '中', 'ก', 'あ']) expect([ch, upper.test(ch), lower.test(ch)]).toEqual([ch, false, false]);
    for (const ch of ['Ł', 'ł', 'Σ', 'σ', 'Д', 'д']) expect([ch, upper.test(ch), lower.test(ch)]).toEqual([ch, true, true]);
    for (const ch of ['É', 'Ø', 'A']) expect([ch, upper.test(ch), lower.test(ch)]).toEqual([ch, true, false]);
    for (const ch of ['é', 'ø', 'ß', 'a']) expect([ch, upper.test(ch), lower.test(ch)]).toEqual([ch, false, true]);
  });
});

describe('the rewritten patterns match as their exact originals on text in Latin-1, punctuation and emoji', () => {
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
    ['a rule pattern', compilePattern(String.raw`=(?<![\p{L}\p{N}'’-])\p{Lu}[\p{L}'’-]+ (?:Hospital|Surgery)\b`)],
    ['a case-insensitive rule pattern', compilePattern(String.raw`(?<![\p{L}\p{N}])'[^'\n]{2,80}'(?![\p{L}\p{N}])`)],
  ];
  const read = (file: string) =>
    fs
      .readFileSync(path.join(__dirname, '../fixtures', file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
  // The development corpus is in Latin-1 but for punctuation and emoji; Presidio's set also
  // has Greek and Central European names, where the classes are coarse by design.
  const latin = (text: string) => [...text].every((ch) => ch.codePointAt(0)! <= 0xff || !/[\p{L}\p{N}]/u.test(ch));
  const texts = [...read('../../rules/training/dev.jsonl'), ...read('eval-external/pii.jsonl').filter(latin)];
  const pieces = fc.constantFrom(...' ,\n\t.-()+@_%\'’'.split(''), 'Rd', 'Road', 'Street', 'Suite 4', 'Apt. 12', 'PSC 1234, Box 5678', 'P.O. Box 12', 'rue', 'straat', 'Émile', 'Zoë', 'Müller', 'SW1A 1AA', 'AB123456', '07700 900882', '+44', 'call ', 'at ', 'J.K.', 'JT, 54', 'x12', '1', '22', '333', '4444', 'a@b.co', '72yo', 'aged ', ', 94, ', '😀', '—', '½', '²');

  it.each(rewritten)('%s', (_name, re) => {
    const original = ORIGINALS.get(re);
    expect(original).toBeDefined();
    const exact = new RegExp(original!.source, original!.flags);
    expect(texts.length).toBeGreaterThan(1000);
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
