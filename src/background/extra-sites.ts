/**
 * Extra sites (forums a user or trust adds) get the sentinel content script through
 * `scripting.registerContentScripts`, for the origins the user has granted. The
 * permission is requested from the options page at the moment a site is added; a site
 * listed by policy but not yet granted is shown there as "waiting for permission".
 */
import browser from 'webextension-polyfill';
import { readEffective } from '../settings/effective';
import { matchPatternFor } from '../shared/match-pattern';

export { matchPatternFor };

const SCRIPT_ID = 'second-opinion-extra-sites';


export async function grantedExtraSites(): Promise<string[]> {
  const { extraSites } = (await readEffective()).settings;
  const granted: string[] = [];
  for (const site of extraSites) {
    try {
      if (await browser.permissions.contains({ origins: [matchPatternFor(site)] })) granted.push(matchPatternFor(site));
    } catch {
      // an origin the browser will not accept: leave it out
    }
  }
  return granted;
}

/** The registration in progress: passes run one at a time, or two could each unregister and register, and the older list win. */
let syncing: Promise<void> = Promise.resolve();

export function syncExtraSites(): Promise<void> {
  syncing = syncing.then(syncOnce, syncOnce);
  return syncing;
}

async function syncOnce(): Promise<void> {
  try {
    const matches = await grantedExtraSites();
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    if (!matches.length) return;
    await browser.scripting.registerContentScripts([
      { id: SCRIPT_ID, matches, js: ['content/sentinel.js'], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
  } catch {
    // Registration failing must not stop the built-in sites working.
  }
}

browser.permissions.onAdded.addListener(() => void syncExtraSites());
browser.permissions.onRemoved.addListener(() => void syncExtraSites());
