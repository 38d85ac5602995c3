/** "Don't flag this again" against the trust's policy (src/background/mute-policy.ts). */
import { muteRefusal } from '../../src/background/mute-policy';
import { DEFAULT_EFFECTIVE, type EffectiveSettings } from '../../src/settings/defaults';

const rules = {
  'nhs-number': { category: 'patient-identifier', message: 'An NHS number.' },
  'mocking-patients': { category: 'disrespect', message: 'Mocking.' },
  'disrespect-score': { category: 'disrespect', message: 'Disrespect.' },
} as const;
const withModes = (categories: Record<string, string>, locked: string[] = []): EffectiveSettings =>
  ({ ...DEFAULT_EFFECTIVE, settings: { ...DEFAULT_EFFECTIVE.settings, categories: { ...DEFAULT_EFFECTIVE.settings.categories, ...categories } }, locked }) as EffectiveSettings;

describe('muteRefusal', () => {
  it('allows a mute in a category the trust only warns on', () => {
    expect(muteRefusal('mocking-patients', withModes({ disrespect: 'warn' }), rules)).toBeUndefined();
    expect(muteRefusal('disrespect-score', withModes({ disrespect: 'warn' }), rules)).toBeUndefined();
  });

  it('refuses a mute in a category the trust blocks on', () => {
    expect(muteRefusal('nhs-number', withModes({ 'patient-identifier': 'block' }), rules)).toBe('blocked-category');
  });

  it('refuses every mute while the trust has locked the settings', () => {
    expect(muteRefusal('mocking-patients', withModes({}, ['mutedRules']), rules)).toBe('locked');
    expect(muteRefusal('mocking-patients', withModes({}, ['mutedPhrases']), rules, 'mutedPhrases')).toBe('locked');
  });

  it('refuses a mute of words for the same reasons as one of their rule', () => {
    expect(muteRefusal('mocking-patients', withModes({ disrespect: 'warn' }), rules, 'mutedPhrases')).toBeUndefined();
    expect(muteRefusal('nhs-number', withModes({ 'patient-identifier': 'block' }), rules, 'mutedPhrases')).toBe('blocked-category');
  });

  it('refuses a rule it does not know, including names inherited by every object', () => {
    for (const rule of ['no-such-rule', 'constructor', '__proto__', 'toString']) expect(muteRefusal(rule, withModes({}), rules)).toBe('unknown-rule');
  });
});
