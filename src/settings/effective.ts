/**
 * The effective settings, as the background worker last computed and stored them
 * (store.ts: recomputeEffective). Content scripts read them from here without loading
 * the validator: they only check the shape and fall back to defaults, so a damaged
 * value can never break a page.
 */
import browser from 'webextension-polyfill';
import { CATEGORY_MODES, DEFAULT_EFFECTIVE, DEFAULT_SETTINGS, type EffectiveSettings } from './defaults';

export const EFFECTIVE_KEY = 'effectiveSettings';

const LIST_KEYS = ['mutedRules', 'disabledSites', 'pausedHosts', 'extraSites', 'localTerms'] as const;

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The stored value if it has the right shape, else the defaults. */
export function asEffective(value: unknown): EffectiveSettings {
  const candidate = value as Partial<EffectiveSettings> | undefined;
  const settings = candidate?.settings;
  if (!settings || typeof settings !== 'object' || typeof settings.categories !== 'object' || settings.categories === null) return DEFAULT_EFFECTIVE;
  if (!LIST_KEYS.every((key) => isStringList(settings[key]))) return DEFAULT_EFFECTIVE;
  return {
    // mutedPhrases came later than the other lists: stored settings may not have it yet.
    settings: {
      ...DEFAULT_SETTINGS,
      ...settings,
      mutedPhrases: isStringList(settings.mutedPhrases) ? settings.mutedPhrases : [],
      // imageCheck came later too; a value that is not a mode reads as the default.
      imageCheck: (CATEGORY_MODES as readonly unknown[]).includes(settings.imageCheck) ? settings.imageCheck : DEFAULT_SETTINGS.imageCheck,
    },
    locked: isStringList(candidate.locked) ? (candidate.locked as EffectiveSettings['locked']) : [],
    lockedCategories: isStringList(candidate.lockedCategories) ? candidate.lockedCategories : [],
    trust: { ...DEFAULT_EFFECTIVE.trust, ...(candidate.trust ?? {}) },
    problems: Array.isArray(candidate.problems) ? candidate.problems : [],
  };
}

export async function readEffective(): Promise<EffectiveSettings> {
  try {
    return asEffective((await browser.storage.local.get(EFFECTIVE_KEY))[EFFECTIVE_KEY]);
  } catch {
    return DEFAULT_EFFECTIVE;
  }
}

/** Calls `listener` with the effective settings now and after every change. */
export function watchEffective(listener: (effective: EffectiveSettings) => void, signal?: AbortSignal): void {
  void readEffective().then((effective) => {
    if (!signal?.aborted) listener(effective);
  });
  const onChanged = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
    if (area === 'local' && EFFECTIVE_KEY in changes && !signal?.aborted) listener(asEffective(changes[EFFECTIVE_KEY]!.newValue));
  };
  browser.storage.onChanged.addListener(onChanged);
  signal?.addEventListener('abort', () => browser.storage.onChanged.removeListener(onChanged), { once: true });
}
