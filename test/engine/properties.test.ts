/**
 * Property tests: whatever a clinician (or an attacker) pastes, the engine never
 * throws, every span lies inside the text, and results are deterministic.
 * Speed is measured by `npm run bench`, not here; the generous timeouts only stop a hang.
 */
import fc from 'fast-check';
import { check, entities, type Finding } from '../../src/engine';

function assertWellFormed(text: string, findings: Finding[]): void {
  for (const f of findings) {
    expect(Number.isInteger(f.start) && Number.isInteger(f.end)).toBe(true);
    expect(f.start).toBeGreaterThanOrEqual(0);
    expect(f.end).toBeGreaterThan(f.start);
    expect(f.end).toBeLessThanOrEqual(text.length);
  }
}

const fragments = [
  'NHS no 943 476 5919', 'Mrs Kaur in bed 12', 'hungover on the ward round', '😂😂', '👩🏽‍⚕️', 'مرحبا بالمريض', 'שלום',
  '\u202Eevil\u202C', '\u200D', '\uFE0F', 'A&E', "don't", '’', '"', "'", '\n', '\t', '#frequentflyer', '@kelly_b88', 'LS6 2QT',
  '07700 900882', 'DOB 14/03/1941', '72yo', 'Dr Priya Shah', 'use code DOC20', 'cures cancer', '<script>alert(1)</script>', '\uD800', '\uDC00',
];
const draftText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 12 })), { maxLength: 40 }).map((parts) => parts.join(' ')),
);

describe('engine properties', () => {
  it('never throws and keeps every finding inside the text', () => {
    fc.assert(
      fc.property(draftText, fc.constantFrom('public', 'closed-group', 'direct' as const), (text, audience) => {
        const findings = check({ text, audience: audience as 'public' });
        assertWellFormed(text, findings);
      }),
      { numRuns: 400 },
    );
  });

  it('returns entities whose text is exactly the slice they point at', () => {
    fc.assert(
      fc.property(draftText, (text) => {
        for (const e of entities(text)) {
          expect(e.start).toBeGreaterThanOrEqual(0);
          expect(e.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(e.start, e.end)).toBe(e.text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(draftText, (text) => {
        expect(check({ text })).toEqual(check({ text }));
      }),
      { numRuns: 100 },
    );
  });

  it('accepts non-string and missing input without throwing', () => {
    for (const bad of [undefined, null, 42, {}, [], Symbol.iterator] as unknown[]) {
      expect(check({ text: bad } as never)).toEqual([]);
      expect(() => entities(bad as never)).not.toThrow();
    }
    expect(check(undefined as never)).toEqual([]);
  });

  it.each([
    ['one letter repeated', 'a'.repeat(200_000)],
    ['apostrophes', "'".repeat(200_000)],
    ['emoji', '😂'.repeat(100_000)],
    ['titles', 'Dr Dr '.repeat(40_000)],
    ['digits', '9'.repeat(200_000)],
    ['white space', ' \t\n'.repeat(70_000)],
    ['mixed identifiers', 'Mr A 1/1/11 07700 9 '.repeat(10_000)],
    ['right-to-left text', 'مرحبا بالعالم '.repeat(15_000)],
    ['nested quotes', '"\''.repeat(100_000)],
  ])('survives pathological repetition: %s', (_name, text) => {
    const findings = check({ text });
    assertWellFormed(text, findings);
    expect(findings.length).toBeLessThanOrEqual(500);
  }, 60_000);

  it('checks a 1 MB draft completely, finding risks at its very end', () => {
    const filler = 'Lovely team today, thanks everyone for the cake and the coffee. ';
    let text = '';
    while (text.length < 1_000_000) text += filler;
    text += 'Also NHS number 943 476 5919.';
    const findings = check({ text });
    assertWellFormed(text, findings);
    const nhs = findings.find((f) => f.rule === 'nhs-number');
    expect(nhs && text.slice(nhs.start, nhs.end)).toBe('943 476 5919');
  }, 60_000);
});
