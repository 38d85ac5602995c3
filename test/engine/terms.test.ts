import { getRuleBundle } from '../../src/engine';
import { parseTerm, parseTermByTokens, TermMatcher, tokenise } from '../../src/engine/terms';

describe('terms', () => {
  it('match whole words in any case, phrases across hyphens, prefixes with "*" and case-sensitive terms with "="', () => {
    const m = new TermMatcher({ drink: ['hungover', 'on call', 'plank*'], ice: ['=ICE'] });
    const found = m.matchAll(tokenise('Hungover on-call, PLANKING on ice; ICE done'));
    expect(found.get('drink')).toEqual([
      { start: 0, end: 8 },
      { start: 9, end: 16 },
      { start: 18, end: 26 },
    ]);
    expect(found.get('ice')).toEqual([{ start: 35, end: 38 }]);
  });

  it('refuse a malformed term with a message naming it', () => {
    expect(() => parseTerm('*')).toThrow(/"\*" must end a word/);
    expect(() => parseTerm('  ')).toThrow(/has no words/);
  });

  it('parse plain words the quick way exactly as the tokeniser would, for every term and place in the rules', () => {
    const bundle = getRuleBundle();
    const all = [...Object.values(bundle.signals).flatMap((s) => s.terms), ...bundle.lexicon.places, 'Ward 9', '=NHS Trust', 'x  y', "don't", 'A&E'];
    for (const term of all) expect([term, parseTerm(term)]).toEqual([term, parseTermByTokens(term)]);
  });
});
