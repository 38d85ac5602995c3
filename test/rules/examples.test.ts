/** Every rule carries drafts it must flag and must not flag; run them all. */
import { createEngine, getEngine, getRuleBundle, type CheckOptions, type Draft } from '../../src/engine';
import type { RuleExample } from '../../src/rules/schema';

const ruleBundle = getRuleBundle();
// Each rule is tested alone, as its own evidence: without the learned model, which decides
// whether a category is reported (test/rules/train.test.ts tests that).
const engine = createEngine({ ...ruleBundle, model: undefined });
const asDraft = (ex: RuleExample): [Draft, CheckOptions] =>
  typeof ex === 'string' ? [{ text: ex }, {}] : [{ text: ex.text, audience: ex.audience, site: ex.site }, { localTerms: ex.localTerms }];
const label = (ex: RuleExample) => (typeof ex === 'string' ? ex : ex.text);
const rulesFired = (ex: RuleExample) => {
  const [draft, options] = asDraft(ex);
  return engine.check(draft, options).map((f) => f.rule);
};

const cases = [
  ...ruleBundle.rules.map((r) => ({ id: r.id, category: r.category, examples: r.examples })),
  { id: 'jigsaw', category: 'patient-identifier', examples: ruleBundle.jigsaw.examples },
];

describe.each(cases)('rule $id ($category)', ({ id, examples }) => {
  it.each(examples.flag.map((ex) => [label(ex), ex] as const))('flags: %s', (_l, ex) => {
    expect(rulesFired(ex)).toContain(id);
  });
  it.each(examples.pass.map((ex) => [label(ex), ex] as const))('does not flag: %s', (_l, ex) => {
    expect(rulesFired(ex)).not.toContain(id);
  });
});

describe('rule data', () => {
  it('covers every category with at least one rule', () => {
    const categories = new Set(ruleBundle.rules.map((r) => r.category));
    expect([...categories].sort()).toEqual([...new Set(getEngine().rules.map((r) => r.category))].sort());
    expect(categories.size).toBe(11);
  });
  it('cites guidance with a document, paragraph and official https link for every rule', () => {
    for (const rule of engine.rules) {
      expect(rule.guidance.length).toBeGreaterThan(0);
      for (const g of rule.guidance) {
        expect(g.document).toMatch(/\S/);
        expect(g.paragraph).toMatch(/\S/);
        expect(g.url).toMatch(/^https:\/\/www\.(gmc-uk\.org|medicalprotection\.org)\//);
      }
    }
  });
  it('has a suggestion for every rule', () => {
    for (const rule of engine.rules) expect(rule.suggestion.length).toBeGreaterThan(10);
  });
});
