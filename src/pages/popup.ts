/**
 * The toolbar popup: the state of the draft in this tab, the "would I say this to my
 * grandmother?" checklist, pausing on this site, the trust's message and policy link,
 * and a way to the settings. `popup.html?tab=<id>` shows another tab (the tests use it;
 * a popup otherwise describes the active tab).
 */
// First: before any module below calls t() (see the module).
import '../shared/page-messages';
import browser from 'webextension-polyfill';
import { CATEGORIES } from '../engine/types';
import type { EffectiveSettings } from '../settings/defaults';
import { watchEffective } from '../settings/effective';
import { writeUserSettings } from '../settings/store';
import { allHosts } from '../content/sites';
import { categoryLabelKey, t } from '../shared/i18n';
import type { DraftState, RuntimeMessage } from '../shared/messages';
import { el, fill } from './dom';
import { probeForumPage, probeSites, type ProbeResult } from './forum-probe';
import { matchPatternFor } from '../shared/match-pattern';

const CHECKLIST = ['aloud', 'offensive', 'prejudice', 'reputation'] as const;

interface TabInfo {
  id?: number;
  host?: string;
  /** `https://host/` for an https page: the site "Check posts on this site" would add. */
  site?: string;
}

async function currentTab(): Promise<TabInfo> {
  const requested = Number(new URLSearchParams(location.search).get('tab'));
  const [tab] = Number.isInteger(requested) && requested > 0 ? [await browser.tabs.get(requested)] : await browser.tabs.query({ active: true, currentWindow: true });
  let host: string | undefined;
  let site: string | undefined;
  try {
    // The URL is visible only on the sites the extension has access to, and on the tab
    // whose toolbar button was clicked to open this popup (`activeTab`).
    if (tab?.url) {
      const url = new URL(tab.url);
      host = url.hostname;
      // A match pattern without a port covers every port, so the site is named without one.
      if (url.protocol === 'https:') site = `https://${url.hostname}/`;
    }
  } catch {
    host = undefined;
  }
  return { id: tab?.id, host, site };
}

/** Forum software and compose boxes on a page not checked yet; undefined when the popup may not look. */
async function probe(tab: TabInfo): Promise<ProbeResult | undefined> {
  if (tab.id === undefined || !tab.site) return undefined;
  try {
    const [frame] = await browser.scripting.executeScript({ target: { tabId: tab.id }, func: probeForumPage, args: [probeSites()] });
    return frame?.result as ProbeResult | undefined;
  } catch {
    // No access (the popup was not opened from this tab's toolbar button), or a page the browser protects.
    return undefined;
  }
}

async function draftState(tab: TabInfo): Promise<DraftState | undefined> {
  if (tab.id === undefined) return undefined;
  try {
    const message: RuntimeMessage = { type: 'get-draft-state' };
    return (await browser.tabs.sendMessage(tab.id, message)) as DraftState | undefined;
  } catch {
    // No checker in that tab yet: nobody has started a post there.
    return undefined;
  }
}

function isCovered(host: string | undefined, effective: EffectiveSettings): boolean {
  if (!host) return false;
  if (allHosts().includes(host)) return true;
  return effective.settings.extraSites.some((site) => {
    const pattern = new URL(site.replace('*.', 'wildcard.')).hostname.replace(/^wildcard\./, '');
    return site.includes('*.') ? host === pattern || host.endsWith(`.${pattern}`) : host === pattern;
  });
}

/**
 * "Check posts on this site", for a forum or comment box the extension does not check yet.
 * One click starts the checker in this tab at once and asks the browser to allow the site
 * from now on; once allowed, the site is remembered as an added forum.
 */
function offerToCheck(tab: TabInfo, effective: EffectiveSettings, found: ProbeResult | undefined): HTMLElement[] {
  if (!tab.site || tab.id === undefined || !found || (!found.software && found.composeBoxes === 0)) return [el('p', { 'data-state': 'not-supported' }, t('popup_not_supported'))];
  const host = tab.host ?? tab.site;
  const intro = el('p', { 'data-state': 'offer', 'data-software': found.software ?? '' }, found.software ? t('popup_offer_forum', [found.software, host]) : t('popup_offer_box', [host]));
  if (!effective.trust.allowSettingsChanges || effective.locked.includes('extraSites')) return [intro, el('p', { class: 'hint' }, t('popup_offer_locked'))];
  const { id: tabId, site } = tab;
  const button = el('button', { type: 'button', id: 'check-site' }, t('popup_offer_button'));
  const note = el('p', { class: 'hint', id: 'check-site-note' }, t('popup_offer_note', [host]));
  button.addEventListener('click', () => {
    // Both start from the click itself: the browser asks for the site only from a user's action.
    const message: RuntimeMessage = { type: 'check-this-site', tabId };
    const started = browser.runtime.sendMessage(message);
    const allowed = browser.permissions.request({ origins: [matchPatternFor(site)] });
    button.disabled = true;
    void started.then((ok) => {
      if (ok) note.textContent = t('popup_offer_started');
    }, () => undefined);
    // "Remembered" only once the site is on the list: the background stores it and says so.
    const remembered = allowed.then(async (granted) => granted && (await browser.runtime.sendMessage({ type: 'remember-site', site } satisfies RuntimeMessage)) === true);
    void remembered.then(
      (stored) => (note.textContent = t(stored ? 'popup_offer_remembered' : 'popup_offer_this_visit', [host])),
      () => (note.textContent = t('popup_offer_this_visit', [host])),
    );
  });
  return [intro, button, note];
}

function renderDraft(section: HTMLElement, tab: TabInfo, effective: EffectiveSettings, state: DraftState | undefined, found: ProbeResult | undefined): void {
  const paused = !!tab.host && effective.settings.pausedHosts.includes(tab.host);
  const body: (HTMLElement | string)[] = [];
  if (!isCovered(tab.host, effective)) body.push(...offerToCheck(tab, effective, found));
  else if (paused) body.push(el('p', { 'data-state': 'paused' }, t('popup_paused')));
  else if (!state?.hasComposeBox) body.push(el('p', { 'data-state': 'no-box' }, t('popup_no_box')));
  else if (state.total === 0) body.push(el('p', { 'data-state': 'clear' }, t('popup_clear')));
  else {
    body.push(el('p', { 'data-state': 'risks' }, t('popup_risks', [String(state.total)])));
    const list = el('ul', { class: 'risks' });
    for (const category of CATEGORIES) {
      const count = state.byCategory[category];
      if (count) list.append(el('li', { 'data-category': category }, el('span', {}, t(categoryLabelKey(category))), el('span', { class: 'count' }, String(count))));
    }
    body.push(list);
  }
  // Attached pictures: how many are being read or were checked, and whether the trust has the check off.
  const pictures = state?.pictures;
  if (state?.hasComposeBox && !paused) {
    if (effective.settings.imageCheck === 'off') body.push(el('p', { 'data-state': 'pictures-off' }, t('popup_pictures_off')));
    else if (pictures?.reading) body.push(el('p', { 'data-state': 'pictures-reading' }, t('popup_pictures_reading', [String(pictures.reading)])));
    else if (pictures?.checked) body.push(el('p', { 'data-state': 'pictures' }, t('popup_pictures_checked', [String(pictures.checked), String(pictures.withRisks)])));
  }
  fill(section, el('h2', {}, t('popup_this_tab')), ...body);
}

function renderPause(container: HTMLElement, tab: TabInfo, effective: EffectiveSettings): void {
  if (!tab.host || !isCovered(tab.host, effective)) {
    fill(container);
    return;
  }
  const host = tab.host;
  const paused = effective.settings.pausedHosts.includes(host);
  const allowed = effective.trust.allowPause && !effective.locked.includes('pausedHosts');
  const button = el('button', { type: 'button', id: 'pause', 'aria-pressed': String(paused), disabled: !allowed }, t(paused ? 'popup_resume' : 'popup_pause'));
  button.addEventListener('click', async () => {
    const hosts = new Set(effective.settings.pausedHosts);
    if (paused) hosts.delete(host);
    else hosts.add(host);
    button.disabled = true;
    await writeUserSettings({ pausedHosts: [...hosts] });
  });
  fill(container, button, allowed ? null : el('p', { class: 'hint' }, t('popup_pause_not_allowed')));
}

function renderTrust(section: HTMLElement, effective: EffectiveSettings): void {
  const { message, policyUrl } = effective.trust;
  section.hidden = !message && !policyUrl;
  fill(
    section,
    el('h2', {}, t('popup_trust_heading')),
    message ? el('p', { class: 'trust-message' }, message) : null,
    policyUrl ? el('a', { href: policyUrl, target: '_blank', rel: 'noopener noreferrer', class: 'trust-policy' }, t('popup_trust_policy')) : null,
  );
}

function renderChecklist(section: HTMLElement): void {
  const list = el('ol', { class: 'checklist' });
  for (const item of CHECKLIST) {
    list.append(el('li', { 'data-item': item }, el('strong', {}, t(`checklist_${item}_question`)), el('span', { class: 'why' }, t(`checklist_${item}_why`))));
  }
  fill(section, el('h2', { id: 'checklist-heading' }, t('popup_checklist_heading')), el('p', {}, t('popup_checklist_intro')), list);
}

async function main(): Promise<void> {
  const draftSection = document.getElementById('draft')!;
  const pauseContainer = document.getElementById('pause-control')!;
  const trustSection = document.getElementById('trust')!;
  renderChecklist(document.getElementById('checklist')!);
  const settingsLink = document.getElementById('settings') as HTMLAnchorElement;
  settingsLink.textContent = t('popup_settings');
  settingsLink.addEventListener('click', (event) => {
    event.preventDefault();
    void browser.runtime.openOptionsPage();
  });
  const auditLink = document.getElementById('audit') as HTMLAnchorElement;
  auditLink.textContent = t('popup_audit');
  const tab = await currentTab();
  watchEffective(async (effective) => {
    const state = await draftState(tab);
    const found = isCovered(tab.host, effective) ? undefined : await probe(tab);
    renderDraft(draftSection, tab, effective, state, found);
    renderPause(pauseContainer, tab, effective);
    renderTrust(trustSection, effective);
    auditLink.hidden = !effective.trust.showAudit;
    document.body.dataset.ready = 'true';
  });
}

void main();
