/** What the last check lists, and when it needs the review tick (src/content/blocking.ts). */
import { blockingOf } from '../../src/content/blocking';
import type { Finding } from '../../src/engine/types';

const finding = (category: Finding['category'], severity: Finding['severity'], extra: Partial<Finding> = {}): Finding => ({ category, rule: `${category}-rule`, severity, start: 0, end: 4, message: 'm', guidance: [], ...extra });

describe('blockingOf', () => {
  it('lists high findings and those of a blocked category; only a blocked one needs the tick', () => {
    const high = finding('patient-identifier', 'high');
    const low = finding('disrespect', 'low');
    expect(blockingOf([high, low], () => false)).toEqual({ findings: [high], requireReview: false });
    expect(blockingOf([high, low], (category) => category === 'disrespect')).toEqual({ findings: [high, low], requireReview: true });
  });

  it('blocks through a finding that shows a blocked category folded into it', () => {
    const shown = finding('patient-identifier', 'medium', { also: [{ category: 'patient-discussion', rule: 'named-patient', severity: 'medium', message: 'm' }] });
    expect(blockingOf([shown], (category) => category === 'patient-discussion')).toEqual({ findings: [shown], requireReview: true });
    expect(blockingOf([shown], () => false)).toEqual({ findings: [], requireReview: false });
  });
});
