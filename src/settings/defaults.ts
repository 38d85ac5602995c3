/**
 * The parts of the settings model that content scripts need, without zod: content
 * scripts run on every page view of the supported sites, so they stay small. The
 * background worker validates and merges the layers (layers.ts) and stores the result;
 * content scripts only read it (effective.ts).
 */
import type { Category } from '../engine/types';
import type { SettingKey, Settings } from './schema';

export const CATEGORY_MODES = ['off', 'warn', 'block'] as const;
export type CategoryMode = (typeof CATEGORY_MODES)[number];

export const DEFAULT_SETTINGS: Settings = {
  categories: {},
  mutedRules: [],
  mutedPhrases: [],
  disabledSites: [],
  pausedHosts: [],
  extraSites: [],
  imageCheck: 'warn',
  localTerms: [],
};

/** The mode of a category after settings: unset categories warn. */
export function categoryMode(settings: Settings, category: Category): CategoryMode {
  return settings.categories[category] ?? 'warn';
}

/** Keys only a trust can set (validated by PolicyOnlySchema in layers.ts). */
export interface PolicyOnly {
  message: string;
  policyUrl: string;
  allowPause: boolean;
  allowSettingsChanges: boolean;
  showFirstRun: boolean;
  showAudit: boolean;
}

export const DEFAULT_POLICY_ONLY: PolicyOnly = {
  message: '',
  policyUrl: '',
  allowPause: true,
  allowSettingsChanges: true,
  showFirstRun: true,
  showAudit: true,
};

/** A problem with one key of one layer: shown on the options page. */
export interface SettingsProblem {
  layer: 'policy' | 'recommended' | 'user' | 'import';
  key: string;
  message: string;
}

/** The settings in force, which keys (and categories) the trust has locked, and what was wrong. Plain data: it is stored. */
export interface EffectiveSettings {
  settings: Settings;
  locked: SettingKey[];
  lockedCategories: string[];
  trust: PolicyOnly;
  problems: SettingsProblem[];
}

export const DEFAULT_EFFECTIVE: EffectiveSettings = {
  settings: DEFAULT_SETTINGS,
  locked: [],
  lockedCategories: [],
  trust: DEFAULT_POLICY_ONLY,
  problems: [],
};
