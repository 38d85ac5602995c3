/**
 * Whether "Don't flag this again" may mute a rule. The trust's policy wins: no mute while
 * settings are locked, and none for a category the trust blocks on (a blocked risk must
 * not be switched off with one click, or by a page that clicks for the user).
 */
import type { EffectiveSettings } from '../settings/defaults';
import type { RuleIndex } from '../rules/schema';

export type MuteRefusal = 'locked' | 'blocked-category' | 'unknown-rule';

export function muteRefusal(rule: string, effective: EffectiveSettings, rules: Readonly<RuleIndex>, key: 'mutedRules' | 'mutedPhrases' = 'mutedRules'): MuteRefusal | undefined {
  if (effective.locked.includes(key)) return 'locked';
  const category = Object.prototype.hasOwnProperty.call(rules, rule) ? rules[rule]!.category : undefined;
  if (!category) return 'unknown-rule';
  const modes = effective.settings.categories as Record<string, string | undefined>;
  if (modes[category] === 'block') return 'blocked-category';
  return undefined;
}
