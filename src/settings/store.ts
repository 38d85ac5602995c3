/**
 * Settings in browser storage. The user's settings live in `storage.local` under
 * `settings`; the trust's policy is read from `storage.managed` and cached in
 * `storage.local` under `policyCache`, because Chromium's first managed read after start
 * takes seconds and a trust's `block` must apply from the first keystroke.
 *
 * Draft text is never stored here or anywhere.
 */
import browser from 'webextension-polyfill';
import { SettingsSchema, type Settings } from './schema';
import { EFFECTIVE_KEY } from './effective';
import { parsePolicy, resolveSettings, validateKeys, type EffectiveSettings, type Policy, type SettingsProblem } from './layers';

const SETTINGS_KEY = 'settings';
const POLICY_CACHE_KEY = 'policyCache';
/** What was dropped when settings were last recovered, for the options page to show. */
const NOTICE_KEY = 'settingsNotice';

export interface UserSettings {
  values: Partial<Settings>;
  problems: SettingsProblem[];
}

/** The user's own settings. Anything unreadable is dropped key by key, with a notice, and never throws. */
export async function readUserSettings(): Promise<UserSettings> {
  let raw: unknown;
  try {
    raw = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  } catch (error) {
    return { values: {}, problems: [{ layer: 'user', key: '(all)', message: `could not read settings: ${String(error)}` }] };
  }
  const { values, problems } = validateKeys(SettingsSchema, raw, 'user');
  if (problems.length) {
    // Recover: keep what was valid, drop the rest, and leave a notice for the options page.
    await safely(() => browser.storage.local.set({ [SETTINGS_KEY]: values, [NOTICE_KEY]: { at: Date.now(), problems } }));
  }
  return { values, problems };
}

/** Writes the user's settings (validated: a bad value is refused, not stored). A deliberate change retires any recovery notice. */
export async function writeUserSettings(update: Partial<Settings>): Promise<void> {
  const current = await readUserSettings();
  const next = SettingsSchema.partial().parse({ ...current.values, ...update });
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  await safely(() => browser.storage.local.remove(NOTICE_KEY));
}

/** Back to the defaults (and the trust's values): the user's own layer is emptied. */
export async function resetUserSettings(): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: {} });
  await safely(() => browser.storage.local.remove(NOTICE_KEY));
}

export interface SettingsNotice {
  at: number;
  problems: SettingsProblem[];
}

/** What was dropped the last time stored settings were found damaged, if anything. */
export async function readSettingsNotice(): Promise<SettingsNotice | undefined> {
  const stored = await safely(() => browser.storage.local.get(NOTICE_KEY));
  const notice = stored?.[NOTICE_KEY] as SettingsNotice | undefined;
  return notice && Array.isArray(notice.problems) ? notice : undefined;
}


/** The policy as last cached: available at once after a browser start. */
export async function readCachedPolicy(): Promise<Policy> {
  const stored = await safely(() => browser.storage.local.get(POLICY_CACHE_KEY));
  return parsePolicy(stored?.[POLICY_CACHE_KEY]);
}

/**
 * The policy from managed storage, cached for the next start. Firefox throws when no
 * policy is installed, and some browsers have no managed area: both mean "no policy".
 */
export async function readManagedPolicy(): Promise<Policy> {
  let raw: unknown;
  try {
    raw = await browser.storage.managed.get();
  } catch {
    raw = undefined;
  }
  const policy = parsePolicy(raw);
  await safely(() => browser.storage.local.set({ [POLICY_CACHE_KEY]: raw ?? {} }));
  return policy;
}

/**
 * Merges the layers and stores the result for content scripts and pages. Called by the
 * background worker at start and whenever the policy or the user's settings change.
 */
export async function recomputeEffective(options: { managed?: boolean } = {}): Promise<EffectiveSettings> {
  const policy = await (options.managed === false ? readCachedPolicy() : readManagedPolicy());
  // The user's settings are read once the policy is in: the first read of managed storage takes
  // seconds, and settings read before it would be stale by then, and overwrite a change the
  // user made meanwhile (seen: "off" chosen on the options page just after start-up came back as "warn").
  const user = await readUserSettings();
  const effective = resolveSettings(policy, user.values, user.problems);
  await safely(() => browser.storage.local.set({ [EFFECTIVE_KEY]: effective }));
  return effective;
}

async function safely<T>(action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch {
    return undefined;
  }
}
