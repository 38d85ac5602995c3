/**
 * The background worker (a service worker in Chromium, an event page in Firefox). It
 * holds no draft text. It injects the engine and the checker into a frame when that
 * frame's compose box first gets focus (the sentinel asks), keeps the toolbar badge in step with the number of risks, and
 * keeps the cached trust policy fresh so that it applies from the browser's first page.
 */
import browser from 'webextension-polyfill';
import type { Severity } from '../engine/types';
import { readCachedPolicy, readUserSettings, recomputeEffective, writeUserSettings } from '../settings/store';
import type { RuntimeMessage } from '../shared/messages';
import { syncExtraSites } from './extra-sites';
import { readEffective } from '../settings/effective';
import ruleIndex from '../../build/rule-index.json';
import { muteRefusal } from './mute-policy';
import { phraseKey } from '../engine/phrase';
import type { RuleIndex } from '../rules/schema';
import { allHosts } from '../content/sites';
import { siteForOrigin, sitesToRemember } from './remember-site';
import { matchPatternFor } from '../shared/match-pattern';
import { openPictureReader } from './picture-reader';

/** Every rule id a finding can carry, with its category. */
const RULES = ruleIndex as RuleIndex;

const ENGINE_FILE = 'engine/second-opinion-engine.js';
/** The engine's rule data, injected before it in a task of its own (see scripts/build.mjs). */
const RULES_DATA_FILE = 'engine/rules-data.js';
const CHECKER_FILE = 'content/content.js';
const SENTINEL_FILE = 'content/sentinel.js';

const BADGE_COLOURS: Record<Severity, string> = { high: '#d5281b', medium: '#b35900', low: '#005eb8' };

function iconPaths(state: 'normal' | 'alert'): Record<string, string> {
  const prefix = state === 'alert' ? 'icons/icon-alert' : 'icons/icon';
  return { 16: `${prefix}-16.png`, 32: `${prefix}-32.png`, 48: `${prefix}-48.png`, 128: `${prefix}-128.png` };
}

/** Injects `files`, in order, into the content-script world of the frame that asked. */
async function inject(sender: browser.Runtime.MessageSender, files: string[]): Promise<boolean> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return false;
  await browser.scripting.executeScript({ target: { tabId, frameIds: [sender.frameId ?? 0] }, files });
  return true;
}

async function showDraftState(sender: browser.Runtime.MessageSender, count: number, highest: Severity | null): Promise<void> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return;
  await browser.action.setBadgeText({ tabId, text: count > 0 ? String(Math.min(count, 99)) : '' });
  if (highest) await browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOURS[highest] });
  await browser.action.setIcon({ tabId, path: iconPaths(count > 0 ? 'alert' : 'normal') });
}

browser.runtime.onMessage.addListener((raw: unknown, sender: browser.Runtime.MessageSender) => {
  const message = raw as RuntimeMessage | undefined;
  switch (message?.type) {
    case 'load-checker':
      // Two injections, so that the page compiles the rule data and the engine in two tasks.
      // A failed injection answers false, not an error: the sentinel asks again only when no
      // worker answered at all (src/content/checker-request.ts), never to repeat a failure.
      return inject(sender, [RULES_DATA_FILE]).then((injected) => injected && inject(sender, [ENGINE_FILE, CHECKER_FILE])).catch(() => false);
    case 'mute':
      return mute(message.rule, message.words, message.undo === true);
    case 'draft-state':
      return showDraftState(sender, message.count, message.highest).then(() => true, () => false);
    case 'check-this-site':
      return checkThisSite(sender, message.tabId).then(() => true, () => false);
    case 'remember-site':
      return rememberSite(sender, message.site).catch(() => false);
    case 'open-picture-reader':
      // Only the extension's own pages (the relay frame) ask: a site's page holds no picture reader.
      if (!isExtensionPage(sender)) return Promise.resolve(false);
      return openPictureReader();
    default:
      return undefined;
  }
});

/** A sender that is a page of this extension (its frame in a site's page included), not a content script. */
function isExtensionPage(sender: browser.Runtime.MessageSender): boolean {
  if (sender.id !== browser.runtime.id || !sender.url) return false;
  return /^(chrome|moz)-extension:$/.test(new URL(sender.url).protocol);
}

/**
 * Stores a mute (of `words`, when given, else of the rule), or takes one back, unless the
 * trust's policy forbids changing it; answers whether it was done. A mute of words is
 * refused for the same reasons as one of its rule: settings locked, or a blocked category.
 */
async function mute(rule: string, words: string | undefined, undo: boolean): Promise<boolean> {
  if (typeof rule !== 'string' || (words !== undefined && typeof words !== 'string')) return false;
  const effective = await readEffective();
  if (muteRefusal(rule, effective, RULES, words === undefined ? 'mutedRules' : 'mutedPhrases')) return false;
  const user = await readUserSettings();
  if (words !== undefined) {
    const key = phraseKey(words).slice(0, 200);
    if (!key) return false;
    const current = user.values.mutedPhrases ?? [];
    await writeUserSettings({ mutedPhrases: undo ? current.filter((phrase) => phrase !== key) : [...new Set([...current, key])] });
    return true;
  }
  const current = user.values.mutedRules ?? [];
  await writeUserSettings({ mutedRules: undo ? current.filter((id) => id !== rule) : [...new Set([...current, rule])] });
  return true;
}

/**
 * The popup's "Check posts on this site": the sentinel starts in the tab at once, through
 * the access the toolbar click gave for this tab (the browser refuses it otherwise). Only
 * the extension's own pages may ask: a content script has a tab, the popup has none.
 */
async function checkThisSite(sender: browser.Runtime.MessageSender, tabId: number): Promise<void> {
  if (sender.tab || !sender.url?.startsWith(browser.runtime.getURL('')) || !Number.isInteger(tabId)) throw new Error('not from the popup');
  await browser.scripting.executeScript({ target: { tabId }, files: [SENTINEL_FILE] });
}

/** A site the browser has just allowed is remembered as an added forum (src/background/remember-site.ts). */
async function rememberGrantedSites(origins: readonly string[]): Promise<void> {
  const added = sitesToRemember(origins, await readEffective(), allHosts());
  if (!added.length) return;
  const current = (await readUserSettings()).values.extraSites ?? [];
  await writeUserSettings({ extraSites: [...new Set([...current, ...added])] });
}

/**
 * The popup's answer from the browser was yes: the site goes on the list now (the browser
 * says nothing through onAdded when the site was allowed already). Only for the extension's
 * own pages, only a site the browser really allows, and within the trust's policy.
 */
async function rememberSite(sender: browser.Runtime.MessageSender, site: string): Promise<boolean> {
  if (sender.tab || !sender.url?.startsWith(browser.runtime.getURL('')) || typeof site !== 'string') return false;
  const pattern = matchPatternFor(site);
  if (!siteForOrigin(pattern) || !(await browser.permissions.contains({ origins: [pattern] }))) return false;
  await rememberGrantedSites([pattern]);
  return (await readEffective()).settings.extraSites.includes(siteForOrigin(pattern)!);
}

browser.permissions.onAdded.addListener((permissions) => void rememberGrantedSites(permissions.origins ?? []).catch(() => undefined));

/** Recompute the effective settings: from the cached policy at once, then from managed storage. */
async function refreshPolicy(): Promise<void> {
  await recomputeEffective({ managed: false });
  await recomputeEffective();
  await syncExtraSites();
}

// Every time the worker starts (it is stopped when idle, and started for onStartup and
// onInstalled too), make sure the stored settings are current.
const refreshed = refreshPolicy().catch(() => undefined);

// Listening for onStartup is what starts the worker when the browser starts.
browser.runtime.onStartup.addListener(() => refreshed);
browser.runtime.onInstalled.addListener(async (details) => {
  await refreshed;
  if (details.reason === 'install') {
    const { trust } = await readCachedPolicy();
    if (trust.showFirstRun) await browser.tabs.create({ url: browser.runtime.getURL('pages/welcome.html') });
  }
});
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed') void refreshPolicy();
  else if (area === 'local' && 'settings' in changes) void recomputeEffective({ managed: false }).then(syncExtraSites);
});
