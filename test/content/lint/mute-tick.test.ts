/** When switching a rule off everywhere asks for the user's tick (src/content/lint/mute-tick.ts). */
import { check, getRuleBundle, highRules, type Finding } from '../../../src/engine';
import { muteNeedsTick } from '../../../src/content/lint/mute-tick';

describe('muteNeedsTick', () => {
  const finding = (rule: string, severity: Finding['severity']): Finding => ({ category: 'colleague-criticism', rule, severity, start: 0, end: 1, message: '', suggestion: '', guidance: [] });
  const high = new Set(['insulting-a-colleague']);

  it('asks for the tick for a high risk switched off everywhere, as shown or as its rule declares it', () => {
    expect(muteNeedsTick(finding('insulting-a-colleague', 'medium'), true, high)).toBe(true);
    expect(muteNeedsTick(finding('mocking-a-colleague', 'high'), true, high)).toBe(true);
    expect(muteNeedsTick(finding('mocking-a-colleague', 'medium'), true, high)).toBe(false);
    // Only the draft's words muted, not the rule: no tick.
    expect(muteNeedsTick(finding('insulting-a-colleague', 'high'), false, high)).toBe(false);
  });
});

describe('highRules', () => {
  it("holds the rules declared high, and only those: a high rule shown lower in a direct message still asks for the tick", () => {
    const rules = getRuleBundle().rules;
    for (const r of rules) expect({ id: r.id, high: highRules().has(r.id) }).toEqual({ id: r.id, high: r.severity === 'high' });
    expect(highRules().has('jigsaw')).toBe(getRuleBundle().jigsaw.severity === 'high');
    // A direct message shifts some categories one step down; every finding of a rule declared
    // high asks for the tick, whatever it is shown as.
    const text = 'Our useless registrar Dr Patel at St Mary’s left me to drown again, absolute clown';
    const direct = check({ text, audience: 'direct' });
    const shownLower = direct.filter((f) => highRules().has(f.rule) && f.severity !== 'high');
    expect(shownLower.length).toBeGreaterThan(0);
    for (const f of shownLower) expect(muteNeedsTick(f, true, highRules())).toBe(true);
  });
});
