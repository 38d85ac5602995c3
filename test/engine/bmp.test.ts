import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { bmpPattern, ORIGINALS } from '../../src/engine/bmp';
import { ADDRESS, ADDRESS_CONTINUATION, NUMBER_STREET_NUMBER } from '../../src/engine/recognisers/names';
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

describe('bmpPattern', () => {
  it('limits letter and number classes to the BMP and escapes what the v flag reserves', () => {
    const re = bmpPattern(String.raw`(?<![\p{L}\p{N}._%+-])\p{Lu}[\p{L}'’.-]*[\s-]?[A-Z]`, 'gu');
    expect(re.flags).toBe('gv');
    expect(re.source).toBe(String.raw`(?<![[\p{L}--[\u{10000}-\u{10FFFF}]][\p{N}--[\u{10000}-\u{10FFFF}]]._%+\-])[\p{Lu}--[\u{10000}-\u{10FFFF}]][[\p{L}--[\u{10000}-\u{10FFFF}]]'’.\-]*[\s\-]?[A-Z]`);
    expect(matches(re, 'see Anna-Lee B and 𝐀x')).toEqual(['4:Anna-Lee B']);
  });

  it('keeps other properties, such as emoji, whole', () => {
    expect(bmpPattern(String.raw`\p{Extended_Pictographic}+`, 'gu').source).toBe(String.raw`\p{Extended_Pictographic}+`);
  });

  it('refuses a pattern that was not written for the u flag', () => {
    expect(() => bmpPattern('a', 'g')).toThrow(/u-flag/);
  });
});

describe('the recognisers\' rewritten patterns match exactly as their u-flag originals on BMP text', () => {
  const rewritten: [string, RegExp][] = [
    ['ADDRESS', ADDRESS],
    ['ADDRESS_CONTINUATION', ADDRESS_CONTINUATION],
    ['NUMBER_STREET_NUMBER', NUMBER_STREET_NUMBER],
    ['INITIALS', INITIALS],
    ['postcode UK', UK_POSTCODE],
    ['hospital number', SHAPED],
    ['EMAIL', EMAIL],
    ['phone UK', UK_PHONE],
    ...INTERNATIONAL_FORMS.map((re, i): [string, RegExp] => [`phone international ${i}`, re]),
    ['phone LABELLED', LABELLED],
    ['phone WEAKLY_LABELLED', WEAKLY_LABELLED],
  ];
  const read = (file: string) =>
    fs
      .readFileSync(path.join(__dirname, '../fixtures', file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
  const texts = [...read('../../rules/training/dev.jsonl'), ...read('eval-external/pii.jsonl')];
  const pieces = fc.constantFrom(...' ,\n\t.-()+@_%\'’'.split(''), 'Rd', 'Road', 'Street', 'Suite 4', 'Apt. 12', 'PSC 1234, Box 5678', 'rue', 'straat', 'Émile', 'Łódź', 'Σοφία', 'Ölçek', 'SW1A 1AA', 'AB123456', '07700 900882', '+44', 'call ', 'at ', 'J.K.', 'JT, 54', 'x12', '1', '22', '333', '4444', 'a@b.co');

  it.each(rewritten)('%s', (_name, re) => {
    const original = ORIGINALS.get(re);
    expect(original).toBeDefined();
    const u = new RegExp(original!.source, original!.flags);
    for (const text of texts) expect(matches(re, text)).toEqual(matches(u, text));
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 3 })), { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        expect(matches(re, text)).toEqual(matches(u, text));
      }),
      { numRuns: 300 },
    );
  });
});
