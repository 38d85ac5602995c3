/** The settings layers: per-key validation of policy and user settings, and how the layers merge. */
import { managedSchema } from '../../src/settings/managed-schema';
import { parsePolicy, resolveSettings, validateKeys } from '../../src/settings/layers';
import { SettingsSchema } from '../../src/settings/schema';

describe('policy parsing', () => {
  it('ignores one invalid key, reports it by name, and keeps the valid ones', () => {
    const policy = parsePolicy({ categories: { 'patient-identifier': 'block' }, localTerms: 'Ward 7', message: 'Read our policy', allowPause: 'no' });
    expect(policy.enforced.categories).toEqual({ 'patient-identifier': 'block' });
    expect(policy.enforced.localTerms).toBeUndefined();
    expect(policy.trust.message).toBe('Read our policy');
    expect(policy.trust.allowPause).toBe(true);
    expect(policy.problems.map((problem) => problem.key).sort()).toEqual(['allowPause', 'localTerms']);
  });

  it('reports a misspelt category mode and an unknown key, keeping the other categories', () => {
    const policy = parsePolicy({ categories: { 'alcohol-at-work': 'blokc', 'patient-identifier': 'block', 'not-a-category': 'warn' }, localTerm: ['x'] });
    expect(policy.enforced.categories).toEqual({ 'patient-identifier': 'block' });
    expect(policy.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'categories.alcohol-at-work' }),
        expect.objectContaining({ key: 'categories.not-a-category' }),
        expect.objectContaining({ key: 'localTerm', message: 'not a known setting' }),
      ]),
    );
  });

  it('treats no policy (Firefox throws, Chrome returns {}) as no policy', () => {
    expect(parsePolicy(undefined).problems).toEqual([]);
    expect(parsePolicy({}).enforced).toEqual({});
  });
});

describe('merging the layers', () => {
  it('lets enforced values win and locks them; recommended values yield to the user', () => {
    const policy = parsePolicy({
      categories: { 'patient-identifier': 'block' },
      localTerms: ['Nightingale Ward'],
      recommended: { categories: { disrespect: 'off' }, disabledSites: ['linkedin'] },
    });
    const effective = resolveSettings(policy, { categories: { 'patient-identifier': 'off', disrespect: 'warn' }, localTerms: ['Ward 7'], disabledSites: [] });
    expect(effective.settings.categories['patient-identifier']).toBe('block');
    expect(effective.settings.categories.disrespect).toBe('warn');
    expect(effective.settings.disabledSites).toEqual([]);
    expect(effective.settings.localTerms).toEqual(['Nightingale Ward', 'Ward 7']);
    expect(effective.locked).toContain('localTerms');
    expect(effective.lockedCategories).toEqual(['patient-identifier']);
  });

  it('locks everything when the trust disallows changes, and clears pauses when pausing is not allowed', () => {
    const effective = resolveSettings(parsePolicy({ allowSettingsChanges: false, allowPause: false }), { pausedHosts: ['x.com'] });
    expect(effective.settings.pausedHosts).toEqual([]);
    expect(effective.locked).toEqual(expect.arrayContaining(['categories', 'mutedRules', 'localTerms', 'pausedHosts']));
  });

  it('recovers corrupt user settings key by key', () => {
    const { values, problems } = validateKeys(SettingsSchema, { mutedRules: ['nhs-number'], localTerms: [42] }, 'user');
    expect(values).toEqual({ mutedRules: ['nhs-number'] });
    expect(problems).toHaveLength(1);
    expect(validateKeys(SettingsSchema, 'garbage', 'user').problems[0]!.key).toBe('(all)');
  });
});

describe('the managed schema', () => {
  it('uses only what Chrome accepts (type, properties, items, description)', () => {
    const walk = (node: Record<string, unknown>): void => {
      for (const key of Object.keys(node)) expect(['type', 'properties', 'items', 'description']).toContain(key);
      for (const child of Object.values((node.properties as Record<string, Record<string, unknown>>) ?? {})) walk(child);
      if (node.items) walk(node.items as Record<string, unknown>);
    };
    const schema = managedSchema();
    walk(schema);
    expect(Object.keys(schema.properties as object)).toEqual(expect.arrayContaining(['categories', 'localTerms', 'extraSites', 'message', 'policyUrl', 'recommended']));
  });
});

describe('names every object inherits', () => {
  it('are reported as unknown settings, never thrown on, and change nothing else', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const input = JSON.parse(`{"${key}": 1, "localTerms": ["Ward 7"]}`);
      const validated = validateKeys(SettingsSchema, input, 'user');
      expect(validated.problems).toEqual([{ layer: 'user', key, message: 'not a known setting' }]);
      expect(validated.values).toEqual({ localTerms: ['Ward 7'] });
      expect(Object.getPrototypeOf(validated.values)).toBe(Object.prototype);
      expect(() => parsePolicy(input)).not.toThrow();
    }
  });
});
