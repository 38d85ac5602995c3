/**
 * Whether switching a finding's rule off everywhere waits for the user's own tick (the card's
 * "Don't flag this again"): a high risk, as shown or as its rule declares it. A direct
 * message shows a high rule one step lower, and a category reported beside another keeps
 * its rules' severity but shows its learned finding low; neither makes the rule less of a
 * risk in the other drafts it would stop flagging.
 */
import type { Finding } from '../../engine/types';

export function muteNeedsTick(finding: Finding, everywhere: boolean, highRules: ReadonlySet<string>): boolean {
  return everywhere && (finding.severity === 'high' || highRules.has(finding.rule));
}
