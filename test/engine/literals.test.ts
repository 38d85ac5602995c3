import { getRuleBundle } from '../../src/engine';
import { foldForLiterals, Literals, ONE_PASS_MIN_CHARS } from '../../src/engine/literals';
import { corpusTexts } from '../fixtures/corpus/posts';

/** The rule data's literals, in a Literals of their own, with each id. */
function ruleLiterals(): { literals: Literals; all: { id: number; text: string }[] } {
  const literals = new Literals();
  for (const perPattern of Object.values(getRuleBundle().patternLiterals ?? {})) for (const list of perPattern) literals.idsOf(list);
  const all = Array.from({ length: literals.size }, (_, id) => ({ id, text: literals.literal(id) }));
  return { literals, all };
}

/** Which literals a folded draft holds, as `includes` finds them: what both ways must agree with. */
const heldByIncludes = (all: { id: number; text: string }[], folded: string) => all.filter((l) => folded.includes(l.text)).map((l) => l.id);
const heldBy = (literals: Literals, all: { id: number; text: string }[], folded: string) => {
  const here = literals.in(folded);
  return all.filter((l) => here.any([l.id])).map((l) => l.id);
};

describe('Literals', () => {
  const { literals, all } = ruleLiterals();
  const posts = corpusTexts();
  const padding = 'the weather was mild and the walk home was quiet. '.repeat(24);

  it('has the rule data\'s literals, each once', () => {
    expect(all.length).toBeGreaterThan(300);
    expect(new Set(all.map((l) => l.text)).size).toBe(all.length);
  });

  it('finds in a long draft, in one pass, exactly the literals a search for each finds, wherever they stand', () => {
    let checked = 0;
    for (const [i, post] of posts.slice(0, 120).entries()) {
      const folded = foldForLiterals(post);
      // The post at the start, at the end (a literal ending on the last character), and in the middle of a long draft.
      for (const long of [`${folded}\n${padding}`, `${padding}\n${folded}`, `${padding.slice(0, 700)}${folded}${padding.slice(0, 700 + (i % 50))}`]) {
        expect(long.length).toBeGreaterThanOrEqual(ONE_PASS_MIN_CHARS);
        expect(heldBy(literals, all, long)).toEqual(heldByIncludes(all, long));
        checked++;
      }
    }
    expect(checked).toBe(360);
  });

  it('agrees with a search for each on drafts made of literals and their pieces, and on letters that fold oddly', () => {
    const pieces = all.flatMap((l) => [l.text, l.text.slice(1), l.text.slice(0, -1)]);
    for (let seed = 1; seed <= 40; seed++) {
      let text = '';
      for (let k = 0; text.length < 1500 + seed * 60; k++) text += `${pieces[(seed * 7919 + k * 104729) % pieces.length]}${k % 3 ? '' : ' '}`;
      text += ' 𝐀 İ ſ ẞ K ﬁ 😂 \ud83d';
      const folded = foldForLiterals(text);
      expect(heldBy(literals, all, folded)).toEqual(heldByIncludes(all, folded));
      // The same text short: searched literal by literal.
      const short = folded.slice(0, ONE_PASS_MIN_CHARS - 1);
      expect(heldBy(literals, all, short)).toEqual(heldByIncludes(all, short));
    }
  });

  it('looks each literal up in a short draft only when a pattern asks, and answers the same', () => {
    const short = foldForLiterals(posts[0]!);
    expect(short.length).toBeLessThan(ONE_PASS_MIN_CHARS);
    const fresh = new Literals();
    const ids = fresh.idsOf(['nurse', 'zzzz-not-there']);
    expect(ids).toEqual([0, 1]);
    expect(fresh.prepareFor(short)).toBe(false); // no automaton for a short draft
    const here = fresh.in('a nurse on nights');
    expect(here.any([1])).toBe(false);
    expect(here.any([1, 0])).toBe(true);
  });

  it('makes the automaton once, and takes no literal after it', () => {
    const fresh = new Literals();
    fresh.idsOf(['ward']);
    expect(fresh.idsOf(null)).toBeNull();
    expect(fresh.idsOf([])).toBeNull();
    expect(fresh.prepareFor('x'.repeat(ONE_PASS_MIN_CHARS))).toBe(true);
    expect(fresh.prepareFor('x'.repeat(ONE_PASS_MIN_CHARS))).toBe(false);
    expect(() => fresh.idsOf(['bay'])).toThrow(/before the first draft/);
  });

  it('folds a draft as the literals are written', () => {
    expect(foldForLiterals('Mrs Kaur ſeen on the WARD')).toBe('mrs kaur seen on the ward');
  });
});
