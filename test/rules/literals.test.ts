/**
 * The engine skips a pattern when none of its required literals is in the draft, so
 * the literals must never miss a draft the pattern matches.
 */
import fc from 'fast-check';
import { requiredLiterals } from '../../src/rules/literals';
import { createEngine, getRuleBundle } from '../../src/engine';
import { compilePattern } from '../../src/engine/terms';
import type { RuleExample } from '../../src/rules/schema';
import { corpusTexts } from '../fixtures/corpus/posts';

const fold = (text: string) => text.toLowerCase().replace(/ſ/g, 's');

describe('requiredLiterals', () => {
  it('takes a literal word', () => {
    expect(requiredLiterals('\\bhungover\\b')).toEqual(['hungover']);
  });

  it('takes one of each alternative, keeping the shortest that every longer one contains', () => {
    expect(requiredLiterals('\\b(?:photo|photos|picture) of\\b')).toEqual(['photo of', 'photos of', 'picture of']);
    expect(requiredLiterals('\\b(?:highest|biggest) (?:one |value )?(?:I\'ve )?seen\\b')).toHaveLength(12);
    // With an unknown part in the middle, the more selective side is kept.
    expect(requiredLiterals('\\b(?:highest|biggest) \\d+ seen\\b')).toEqual(['biggest ', 'highest ']);
  });

  it('joins small character classes and lower-cases case-sensitive patterns', () => {
    expect(requiredLiterals('=\\b[Hh]ello there\\b')).toEqual(['hello there']);
  });

  it('says nothing when a pattern promises no literal of three or more letters', () => {
    expect(requiredLiterals('\\d{1,2}:\\d{2}')).toBeNull();
    expect(requiredLiterals('\\b(?:at|on)\\b')).toBeNull();
    expect(requiredLiterals('(?:ward)?\\s\\d+')).toBeNull();
    expect(requiredLiterals('\\b(?:troponin|CK)\\b')).toBeNull();
  });

  it('takes a rare character on its own, such as a handle\'s "@" or a double quotation mark, but not an apostrophe', () => {
    expect(requiredLiterals('(?<![\\p{L}\\p{N}_@.])@[A-Za-z0-9_]{2,30}\\b')).toEqual(['@']);
    expect(requiredLiterals('"[^"\\n]{2,80}"')).toEqual(['"']);
    expect(requiredLiterals("'[^'\\n]{2,80}'")).toBeNull();
  });

  it('does not trust letters outside ASCII, whose case variants lower-casing may not unify', () => {
    expect(requiredLiterals('\\bstraße\\b')).toEqual(['stra']);
    expect(requiredLiterals('\\bΣοφία\\b')).toBeNull();
  });
});

describe('the rules\' required literals', () => {
  const bundle = getRuleBundle();
  const patterns = Object.entries(bundle.signals).flatMap(([name, def]) =>
    def.patterns.map((p, i) => ({ name, pattern: p, re: compilePattern(p), literals: bundle.patternLiterals?.[name]?.[i] ?? null })),
  );
  const exampleText = (ex: RuleExample) => (typeof ex === 'string' ? ex : ex.text);
  const corpus = corpusTexts();
  const texts = [...bundle.rules.flatMap((r) => [...r.examples.flag, ...r.examples.pass].map(exampleText)), ...corpus];

  it('are built for most patterns', () => {
    expect(bundle.patternLiterals).toBeDefined();
    expect(patterns.filter((p) => p.literals).length).toBeGreaterThan(patterns.length / 2);
  });

  it.each(patterns.filter((p) => p.literals).map((p) => [`${p.name}: ${p.pattern.slice(0, 60)}`, p] as const))('never miss a match of %s', (_label, p) => {
    const present = (text: string) => p.literals!.some((l) => fold(text).includes(l));
    for (const text of texts) {
      p.re.lastIndex = 0;
      if (p.re.test(text)) expect([text, present(text)]).toEqual([text, true]);
    }
    // Drafts assembled from the literals' own pieces, in odd cases and with "ſ" for "s".
    const pieces = p.literals!.flatMap((l) => [l, l.slice(0, Math.ceil(l.length / 2)), l.slice(Math.ceil(l.length / 2))]);
    const piece = fc.oneof(fc.constantFrom(...pieces), fc.constantFrom(' ', '. ', '\n', '12', 'Dr ', 'ſ', 'K'), fc.string({ maxLength: 4 }));
    const draft = fc.tuple(fc.array(piece, { maxLength: 12 }), fc.boolean()).map(([parts, upper]) => {
      const s = parts.join('');
      return upper ? s.toUpperCase() : s.replace(/s/g, 'ſ');
    });
    fc.assert(
      fc.property(draft, (text) => {
        p.re.lastIndex = 0;
        return !p.re.test(text) || present(text);
      }),
      { numRuns: 150 },
    );
  });

  it('change no finding: the engine without them gives the same answers on the corpus and every rule example', () => {
    const withLiterals = createEngine(bundle);
    const without = createEngine({ ...bundle, patternLiterals: undefined });
    for (const text of texts) expect(withLiterals.check({ text })).toEqual(without.check({ text }));
  });
});
