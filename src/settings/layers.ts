/**
 * Settings come in four layers, lowest first: built-in defaults, the trust's
 * recommended values, the user's own settings, the trust's enforced values. This file
 * is pure (no browser APIs) so the merge and the validation are unit-tested directly.
 *
 * Validation is per key: one bad value is dropped and reported, never the whole layer,
 * so a typo in one policy key cannot switch the rest of a trust's configuration off.
 */
import { z } from 'zod';
import type { SettingsProblem } from './defaults';
import { DEFAULT_POLICY_ONLY, DEFAULT_SETTINGS, type EffectiveSettings, type PolicyOnly } from './defaults';
import { SettingsSchema, type SettingKey, type Settings } from './schema';

export { DEFAULT_POLICY_ONLY, type PolicyOnly } from './defaults';

/** Keys only a trust can set (they are not user settings). */
export const PolicyOnlySchema = z.object({
  message: z.string().max(500).describe('A short message from the trust, shown in the popup.'),
  policyUrl: z
    .string()
    .url()
    .regex(/^https:\/\//, 'must be an https link')
    .max(2000)
    .describe("A link to the trust's own social media policy, shown in the popup."),
  allowPause: z.boolean().describe('Whether users may pause Second Opinion on a site. Default true.'),
  allowSettingsChanges: z.boolean().describe('Whether users may change their own settings on the options page. Default true.'),
  showFirstRun: z.boolean().describe('Whether to open the welcome page after installation. Default true.'),
  showAudit: z.boolean().describe('Whether users may audit an archive of their past posts (the "Audit past posts" page, reached from the popup and the settings). Default true.'),
});

export type { SettingsProblem } from './defaults';

export interface Validated<T> {
  values: Partial<T>;
  problems: SettingsProblem[];
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  return `${issue.message}${where}`;
}

/**
 * Validates each known key of `input` on its own. Unknown keys are reported (they are
 * usually typos an admin wants to hear about) and ignored.
 */
export function validateKeys<S extends z.ZodObject>(schema: S, input: unknown, layer: SettingsProblem['layer'], ignore: readonly string[] = []): Validated<z.infer<S>> {
  const values: Record<string, unknown> = {};
  const problems: SettingsProblem[] = [];
  if (input === undefined || input === null) return { values: values as Partial<z.infer<S>>, problems };
  if (typeof input !== 'object' || Array.isArray(input)) {
    problems.push({ layer, key: '(all)', message: 'expected an object of settings' });
    return { values: values as Partial<z.infer<S>>, problems };
  }
  const shape = schema.shape as Record<string, z.ZodType>;
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (ignore.includes(key)) continue;
    // Own properties only: "constructor", "toString" and "__proto__" are not settings, though
    // every object has them through its prototype.
    const field = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
    if (!field) {
      problems.push({ layer, key, message: 'not a known setting' });
      continue;
    }
    if (key === 'categories' && value && typeof value === 'object' && !Array.isArray(value)) {
      // One misspelt mode must not discard the trust's other categories: each is checked on its own.
      const kept: Record<string, unknown> = {};
      for (const [category, mode] of Object.entries(value as Record<string, unknown>)) {
        const one = field.safeParse({ [category]: mode });
        if (one.success) Object.assign(kept, one.data);
        else problems.push({ layer, key: `categories.${category}`, message: describeIssue(one.error) });
      }
      values[key] = kept;
      continue;
    }
    const result = field.safeParse(value);
    if (result.success) values[key] = result.data;
    else problems.push({ layer, key, message: describeIssue(result.error) });
  }
  return { values: values as Partial<z.infer<S>>, problems };
}

/** A parsed policy: enforced settings, recommended settings and the trust-only keys. */
export interface Policy {
  enforced: Partial<Settings>;
  recommended: Partial<Settings>;
  trust: PolicyOnly;
  problems: SettingsProblem[];
}

export const EMPTY_POLICY: Policy = { enforced: {}, recommended: {}, trust: DEFAULT_POLICY_ONLY, problems: [] };

const POLICY_ONLY_KEYS = Object.keys(PolicyOnlySchema.shape);

/** Reads a managed-storage object: top-level settings are enforced; `recommended` holds defaults the user may change. */
export function parsePolicy(raw: unknown): Policy {
  if (raw === undefined || raw === null || (typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 0)) return EMPTY_POLICY;
  const enforced = validateKeys(SettingsSchema, raw, 'policy', [...POLICY_ONLY_KEYS, 'recommended']);
  const trust = validateKeys(PolicyOnlySchema, pick(raw, POLICY_ONLY_KEYS), 'policy');
  const recommendedRaw = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).recommended : undefined;
  const recommended = validateKeys(SettingsSchema, recommendedRaw, 'recommended');
  return {
    enforced: enforced.values,
    recommended: recommended.values,
    trust: { ...DEFAULT_POLICY_ONLY, ...trust.values },
    problems: [...enforced.problems, ...trust.problems, ...recommended.problems],
  };
}

function pick(raw: unknown, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const key of keys) if (key in raw) out[key] = (raw as Record<string, unknown>)[key];
  return out;
}

export type { EffectiveSettings } from './defaults';

/**
 * Merges the layers. `categories` merges per category (a trust can lock one category
 * and leave the rest to the user); lists from the trust are added to the user's, so a
 * trust's local terms or extra sites never erase the user's own.
 */
export function resolveSettings(policy: Policy, user: Partial<Settings>, userProblems: SettingsProblem[] = []): EffectiveSettings {
  const merged: Settings = { ...DEFAULT_SETTINGS, ...policy.recommended, ...user };
  merged.categories = { ...DEFAULT_SETTINGS.categories, ...policy.recommended.categories, ...user.categories, ...policy.enforced.categories };
  const locked = new Set<SettingKey>();
  for (const key of Object.keys(policy.enforced) as SettingKey[]) {
    if (key === 'categories') continue;
    if (key === 'localTerms' || key === 'extraSites') {
      merged[key] = [...new Set([...(policy.enforced[key] ?? []), ...(user[key] ?? [])])];
    } else {
      (merged as Record<SettingKey, unknown>)[key] = policy.enforced[key];
    }
    locked.add(key);
  }
  if (!policy.trust.allowSettingsChanges) for (const key of Object.keys(DEFAULT_SETTINGS) as SettingKey[]) locked.add(key);
  if (!policy.trust.allowPause) {
    merged.pausedHosts = [];
    locked.add('pausedHosts');
  }
  const lockedCategories = Object.keys(policy.enforced.categories ?? {});
  return { settings: merged, locked: [...locked], lockedCategories, trust: policy.trust, problems: [...policy.problems, ...userProblems] };
}

