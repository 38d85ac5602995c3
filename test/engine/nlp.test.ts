import { lazyNlp, patternAnchors } from '../../src/engine/nlp';
import { createEngine, getRuleBundle } from '../../src/engine';

// The rule alone, without the learned model that decides whether its category is reported.
const rulesOnly = createEngine({ ...getRuleBundle(), model: undefined });

describe('patternAnchors', () => {
  it('takes the tags and words a pattern cannot match without', () => {
    expect(patternAnchors('#ClinicalRole (is|was)? (fast|sound|still)? asleep')).toEqual({ tags: ['ClinicalRole'], words: ['asleep'], anyOf: [] });
  });

  it('takes a required group of alternative words, so a common tag alone does not send every window to compromise', () => {
    expect(patternAnchors('#ClinicalRole (is|was)? (napping|snoring|sleeping)')).toEqual({ tags: ['ClinicalRole'], words: [], anyOf: [['napping', 'snoring', 'sleeping']] });
  });

  it('leaves out optional parts, nested groups and groups that are not plain words', () => {
    expect(patternAnchors('(the|a)? #Noun (#Verb|was) [(very|so)] really+')).toEqual({ tags: ['Noun'], words: [], anyOf: [] });
  });

  it('still finds what the anchored pattern matches', () => {
    const text = 'Walked into the mess and the locum was snoring on the sofa again';
    const found = rulesOnly.check({ text }).find((f) => f.rule === 'mocking-a-colleague');
    expect(found && text.slice(found.start, found.end)).toBe('locum was snoring');
  });
});

describe('lazyNlp', () => {
  it('loads compromise and adds the words only when first asked, and once', () => {
    const words = jest.fn(() => ({ zzyzxward: 'ClinicalPlace' }));
    const nlp = lazyNlp(words);
    expect(words).not.toHaveBeenCalled();
    const first = nlp();
    expect(words).toHaveBeenCalledTimes(1);
    expect(nlp()).toBe(first);
    expect(words).toHaveBeenCalledTimes(1);
    expect(first('on zzyzxward').has('#ClinicalPlace')).toBe(true);
  });
});
