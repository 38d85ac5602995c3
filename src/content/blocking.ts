/**
 * What the last check lists and whether it needs the review tick: findings of high
 * severity or of a category the trust blocks. A category folded into another finding on
 * the same words (`also`) blocks through that finding, so showing each risk once never
 * lets a blocked one through.
 */
import type { Category, Finding } from '../engine/types';

export interface Blocking {
  findings: Finding[];
  requireReview: boolean;
}

export function blockingOf(findings: readonly Finding[], isBlocked: (category: Category) => boolean): Blocking {
  const blocked = findings.filter((finding) => isBlocked(finding.category) || finding.also?.some((other) => isBlocked(other.category)));
  const listed = findings.filter((finding) => finding.severity === 'high' || blocked.includes(finding));
  return { findings: listed, requireReview: blocked.length > 0 };
}
