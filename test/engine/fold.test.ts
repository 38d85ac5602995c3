/** One risk, one finding, on the same words (src/engine/fold.ts). */
import { getEngine } from '../../src/engine';
import { foldSameWords, shownFindings } from '../../src/engine/fold';
import type { Finding } from '../../src/engine/types';

const finding = (category: Finding['category'], rule: string, start: number, end: number, severity: Finding['severity'] = 'high'): Finding => ({ category, rule, severity, start, end, message: `${rule} message`, guidance: [] });

describe('foldSameWords', () => {
  it('folds findings of other categories on exactly the same words into the first category, in the contract order', () => {
    const folded = foldSameWords([finding('patient-discussion', 'named-patient', 4, 12), finding('patient-identifier', 'patient-name', 4, 12)]);
    expect(folded).toEqual([
      { ...finding('patient-discussion', 'named-patient', 4, 12), foldedInto: 'patient-identifier' },
      { ...finding('patient-identifier', 'patient-name', 4, 12), also: [{ category: 'patient-discussion', rule: 'named-patient', severity: 'high', message: 'named-patient message' }] },
    ]);
    expect(shownFindings(folded).map((f) => f.rule)).toEqual(['patient-name']);
  });

  it('shows the most severe finding, whatever its category, so folding never lowers what is shown', () => {
    const folded = foldSameWords([finding('disrespect', 'mocking', 0, 5, 'medium'), finding('prejudice', 'generalising', 0, 5, 'high')]);
    expect(shownFindings(folded).map((f) => [f.category, f.severity, f.also?.map((o) => [o.category, o.severity])])).toEqual([['prejudice', 'high', [['disrespect', 'medium']]]]);
  });

  it('folds afresh: findings folded before are unfolded first', () => {
    const once = foldSameWords([finding('patient-identifier', 'patient-name', 4, 12), finding('patient-discussion', 'named-patient', 4, 12)]);
    expect(foldSameWords(once)).toEqual(once);
    // Without the finding shown, the other stands on its own again.
    expect(foldSameWords(once.filter((f) => f.rule !== 'patient-name'))).toEqual([finding('patient-discussion', 'named-patient', 4, 12)]);
  });

  it('leaves findings on different or overlapping words, and two of one category, as they are', () => {
    const findings = [finding('patient-identifier', 'patient-name', 4, 12), finding('patient-discussion', 'named-patient', 4, 20), finding('disrespect', 'a', 30, 34), finding('disrespect', 'b', 30, 34)];
    expect(foldSameWords(findings)).toEqual(findings);
  });
});

describe('the engine', () => {
  const engine = getEngine();

  it('reports a name and an NHS number in a post about care once each, naming the second risk', () => {
    const text = 'NHS no 943 476 5919 for Mrs Kaur in bed 12, troponin 48,213.';
    const findings = engine.check({ text, site: 'x', audience: 'public' });
    // Every category is still a finding of its own: the contract and the evaluation count them.
    expect(new Set(findings.map((f) => f.category))).toEqual(new Set(['patient-identifier', 'patient-discussion']));
    const shown = shownFindings(findings);
    const words = shown.map((f) => text.slice(f.start, f.end));
    expect(new Set(words).size).toBe(words.length);
    for (const quoted of ['943 476 5919', 'Mrs Kaur']) {
      const f = shown.find((x) => text.slice(x.start, x.end) === quoted)!;
      expect(f.category).toBe('patient-identifier');
      expect(f.also?.map((other) => other.category)).toEqual(['patient-discussion']);
    }
  });

  it('no longer says "no name" about details beside a name', () => {
    const text = 'NHS no 943 476 5919 for Mrs Kaur in bed 12, troponin 48,213.';
    const jigsaw = engine.check({ text, site: 'x', audience: 'public' }).find((f) => f.rule === 'jigsaw')!;
    expect(jigsaw.message).not.toMatch(/no name/i);
  });
});
