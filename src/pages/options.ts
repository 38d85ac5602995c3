/**
 * The options page: what to check, muted rules, sites, extra forums, local names,
 * export/import and reset. It shows the settings in force (effective settings, worked
 * out by the background worker from defaults, the trust's recommended values, the
 * user's own and the trust's enforced values) and writes only the user's own layer.
 * Anything the trust has locked is shown disabled and marked "Set by your organisation".
 */
// First: before any module below calls t() (see the module).
import '../shared/page-messages';
import browser from 'webextension-polyfill';
import ruleIndexJson from '../../build/rule-index.json';
import { CATEGORIES, type Category } from '../engine/types';
import type { RuleIndex } from '../rules/schema';
import { SITES } from '../content/sites';
import { matchPatternFor } from '../shared/match-pattern';
import { categoryMode, type EffectiveSettings, type SettingsProblem } from '../settings/defaults';
import { watchEffective } from '../settings/effective';
import { parseSettingsFile, EXPORT_FORMAT } from '../settings/import-file';
import { SITE_PATTERN, SettingsSchema, type SettingKey, type Settings } from '../settings/schema';
import { readSettingsNotice, readUserSettings, resetUserSettings, writeUserSettings } from '../settings/store';
import { categoryLabelKey, t } from '../shared/i18n';
import { announce, el, fill } from './dom';

// Rule messages only, not the rules and the model (build/rule-index.json). The pages' build
// loads JSON as text; the tests get the object.
const ruleIndex = (typeof ruleIndexJson === 'string' ? JSON.parse(ruleIndexJson) : ruleIndexJson) as RuleIndex;
const ruleMessages = new Map(Object.entries(ruleIndex).map(([id, rule]) => [id, rule.message]));
const ruleCategories = new Map(Object.entries(ruleIndex).map(([id, rule]) => [id, rule.category as Category]));

/** The file format of an export: the user's own settings, with a marker so a stray JSON file is recognised as not ours. */

let effective: EffectiveSettings | undefined;
const status = () => document.getElementById('status')!;

function canChange(key: SettingKey): boolean {
  return !!effective && effective.trust.allowSettingsChanges && !effective.locked.includes(key);
}

function lockedNote(locked: boolean): HTMLElement | null {
  return locked ? el('span', { class: 'locked' }, t('options_locked')) : null;
}

async function save(update: Partial<Settings>, message = t('options_saved')): Promise<void> {
  try {
    await writeUserSettings(update);
    announce(status(), message);
  } catch (error) {
    announce(status(), String(error instanceof Error ? error.message : error));
  }
}

function problemLine(problem: SettingsProblem): HTMLElement {
  return el('li', { 'data-layer': problem.layer, 'data-key': problem.key }, t('options_problem', [t(`options_layer_${problem.layer}`), problem.key, problem.message]));
}

function renderProblems(section: HTMLElement, current: EffectiveSettings, notice: Awaited<ReturnType<typeof readSettingsNotice>>): void {
  const policyProblems = current.problems.filter((problem) => problem.layer === 'policy' || problem.layer === 'recommended');
  section.hidden = policyProblems.length === 0 && !notice;
  fill(
    section,
    el('h2', {}, t('options_problems_heading')),
    policyProblems.length ? el('ul', { class: 'problems' }, ...policyProblems.map(problemLine)) : null,
    notice ? el('p', {}, t('options_recovered')) : null,
    notice ? el('ul', { class: 'recovered' }, ...notice.problems.map(problemLine)) : null,
  );
}

function renderTrust(section: HTMLElement, current: EffectiveSettings): void {
  const { message, policyUrl, allowSettingsChanges } = current.trust;
  section.hidden = !message && !policyUrl && allowSettingsChanges;
  fill(
    section,
    message ? el('p', { class: 'trust-message' }, message) : null,
    policyUrl ? el('p', {}, el('a', { href: policyUrl, target: '_blank', rel: 'noopener noreferrer' }, t('popup_trust_policy'))) : null,
    allowSettingsChanges ? null : el('p', { class: 'locked-all' }, t('options_changes_locked')),
  );
}

function renderCategories(section: HTMLElement, current: EffectiveSettings): void {
  const rows = CATEGORIES.map((category: Category) => {
    const mode = categoryMode(current.settings, category);
    const locked = current.lockedCategories.includes(category) || !current.trust.allowSettingsChanges;
    const id = `category-${category}`;
    const select = el(
      'select',
      { id, 'data-category': category, disabled: locked },
      el('option', { value: 'warn', selected: mode === 'warn' }, t('options_mode_warn')),
      el('option', { value: 'off', selected: mode === 'off' }, t('options_mode_off')),
      // Only a trust can require confirmation; it is listed when the trust has set it.
      mode === 'block' ? el('option', { value: 'block', selected: true }, t('options_mode_block')) : null,
    );
    select.addEventListener('change', () => {
      void save({ categories: { ...current.settings.categories, [category]: select.value as 'warn' | 'off' } });
    });
    return el('div', { class: 'row' }, el('label', { for: id }, t(categoryLabelKey(category))), select, lockedNote(locked));
  });
  fill(section, el('h2', {}, t('options_categories_heading')), el('p', {}, t('options_categories_intro')), ...rows);
}

/** Attached pictures: read on this device, or not at all; only a trust can require the confirmation (block). */
function renderPictures(section: HTMLElement, current: EffectiveSettings): void {
  const mode = current.settings.imageCheck;
  const locked = !canChange('imageCheck');
  const select = el(
    'select',
    { id: 'image-check', disabled: locked },
    el('option', { value: 'warn', selected: mode === 'warn' }, t('options_mode_warn')),
    el('option', { value: 'off', selected: mode === 'off' }, t('options_mode_off')),
    mode === 'block' ? el('option', { value: 'block', selected: true }, t('options_mode_block')) : null,
  );
  select.addEventListener('change', () => void save({ imageCheck: select.value as 'warn' | 'off' }));
  fill(
    section,
    el('h2', {}, t('options_pictures_heading')),
    el('p', {}, t('options_pictures_intro')),
    el('div', { class: 'row' }, el('label', { for: 'image-check' }, t('options_pictures_label')), select, lockedNote(locked)),
  );
}

/** What was muted, in plain words: the words themselves, and each kind of risk by its category and what it looks for. */
function renderMuted(section: HTMLElement, current: EffectiveSettings): void {
  const muted = current.settings.mutedRules;
  const phrases = current.settings.mutedPhrases;
  const list = el('ul', { class: 'muted-rules' });
  for (const phrase of phrases) {
    const restore = el('button', { type: 'button', 'data-phrase': phrase, disabled: !canChange('mutedPhrases') }, t('options_restore'));
    restore.setAttribute('aria-label', `${t('options_restore')}: “${phrase}”`);
    restore.addEventListener('click', () => void save({ mutedPhrases: phrases.filter((item) => item !== phrase) }));
    list.append(el('li', {}, el('span', {}, t('options_muted_words', [phrase])), restore));
  }
  for (const rule of muted) {
    const category = ruleCategories.get(rule);
    const described = `${category ? `${t(categoryLabelKey(category))}: ` : ''}${ruleMessages.get(rule) ?? rule}`;
    const restore = el('button', { type: 'button', 'data-rule': rule, disabled: !canChange('mutedRules') }, t('options_restore'));
    restore.setAttribute('aria-label', `${t('options_restore')}: ${described}`);
    restore.addEventListener('click', () => void save({ mutedRules: muted.filter((id) => id !== rule) }));
    list.append(el('li', {}, el('span', {}, described), restore));
  }
  const any = muted.length + phrases.length > 0;
  fill(section, el('h2', {}, t('options_muted_heading')), any ? list : el('p', {}, t('options_muted_none')), lockedNote(!canChange('mutedRules')));
}

function renderSites(section: HTMLElement, current: EffectiveSettings): void {
  const editable = canChange('disabledSites');
  const rows = SITES.map((site) => {
    const id = `site-${site.id}`;
    const box = el('input', { type: 'checkbox', id, 'data-site': site.id, checked: !current.settings.disabledSites.includes(site.id), disabled: !editable });
    box.addEventListener('change', () => {
      const disabled = new Set(current.settings.disabledSites);
      if (box.checked) disabled.delete(site.id);
      else disabled.add(site.id);
      void save({ disabledSites: [...disabled] });
    });
    return el('div', { class: 'row check' }, box, el('label', { for: id }, site.name));
  });
  fill(section, el('h2', {}, t('options_sites_heading')), el('p', {}, t('options_sites_intro')), lockedNote(!editable), ...rows);
}

function renderExtraSites(section: HTMLElement, current: EffectiveSettings, own: Partial<Settings>, granted: ReadonlyMap<string, boolean>): void {
  const editable = canChange('extraSites');
  const user = own.extraSites ?? [];
  const list = el('ul', { class: 'extra-sites' });
  for (const site of current.settings.extraSites) {
    const fromTrust = !user.includes(site);
    const item = el('li', { 'data-site': site }, el('span', {}, site));
    if (!granted.get(site)) {
      item.append(el('span', { class: 'waiting' }, ` (${t('options_extra_waiting')})`));
      const grant = el('button', { type: 'button', class: 'grant' }, t('options_extra_grant'));
      grant.addEventListener('click', () => void browser.permissions.request({ origins: [matchPatternFor(site)] }).then(() => renderAll()));
      item.append(grant);
    }
    if (fromTrust) item.append(lockedNote(true)!);
    else {
      const remove = el('button', { type: 'button', class: 'remove', disabled: !editable }, t('options_extra_remove'));
      remove.setAttribute('aria-label', `${t('options_extra_remove')}: ${site}`);
      remove.addEventListener('click', async () => {
        await save({ extraSites: user.filter((entry) => entry !== site) });
        await browser.permissions.remove({ origins: [matchPatternFor(site)] }).catch(() => false);
      });
      item.append(remove);
    }
    list.append(item);
  }
  const input = el('input', { type: 'url', id: 'extra-site', placeholder: 'https://forum.example.nhs.uk/', disabled: !editable, autocomplete: 'off' });
  const add = el('button', { type: 'button', id: 'extra-site-add', disabled: !editable }, t('options_extra_add'));
  const error = el('p', { class: 'error', id: 'extra-site-error', role: 'alert' });
  add.addEventListener('click', () => {
    let site = input.value.trim().toLowerCase();
    if (site && !site.endsWith('/')) site += '/';
    if (!SITE_PATTERN.test(site)) {
      error.textContent = t('options_extra_invalid');
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    // The permission prompt must come straight from the click, before anything is awaited.
    void browser.permissions.request({ origins: [matchPatternFor(site)] }).then(
      async (granted) => {
        if (!granted) {
          error.textContent = t('options_extra_denied');
          return;
        }
        error.textContent = '';
        input.value = '';
        await save({ extraSites: [...new Set([...user, site])] });
      },
      (reason: unknown) => (error.textContent = String(reason instanceof Error ? reason.message : reason)),
    );
  });
  fill(
    section,
    el('h2', {}, t('options_extra_heading')),
    el('p', {}, t('options_extra_intro')),
    list,
    el('div', { class: 'row' }, el('label', { for: 'extra-site' }, t('options_extra_label')), input, add),
    error,
  );
}

function renderTerms(section: HTMLElement, current: EffectiveSettings, own: Partial<Settings>): void {
  const editable = canChange('localTerms');
  const user = own.localTerms ?? [];
  const fromTrust = current.settings.localTerms.filter((term) => !user.includes(term));
  const area = el('textarea', { id: 'local-terms', rows: '6', disabled: !editable, spellcheck: false });
  area.value = user.join('\n');
  const saveButton = el('button', { type: 'button', id: 'local-terms-save', disabled: !editable }, t('options_terms_save'));
  saveButton.addEventListener('click', () => {
    const terms = [...new Set(area.value.split('\n').map((line) => line.trim()).filter((line) => line.length >= 2))];
    void save({ localTerms: terms });
  });
  fill(
    section,
    el('h2', {}, t('options_terms_heading')),
    el('p', {}, t('options_terms_intro')),
    fromTrust.length ? el('p', { class: 'trust-terms' }, `${t('options_locked')}: ${fromTrust.join(', ')}`) : null,
    el('label', { for: 'local-terms' }, t('options_terms_label')),
    area,
    el('div', {}, saveButton),
  );
}

function renderBackup(section: HTMLElement): void {
  const editable = !!effective?.trust.allowSettingsChanges;
  const exportButton = el('button', { type: 'button', id: 'export' }, t('options_export'));
  exportButton.addEventListener('click', async () => {
    const { values } = await readUserSettings();
    const blob = new Blob([`${JSON.stringify({ format: EXPORT_FORMAT, version: 1, settings: values }, null, 2)}\n`], { type: 'application/json' });
    const link = el('a', { href: URL.createObjectURL(blob), download: 'second-opinion-settings.json' });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  });
  const file = el('input', { type: 'file', id: 'import-file', accept: 'application/json,.json', class: 'visually-hidden', tabindex: '-1', 'aria-label': t('options_import'), disabled: !editable });
  const importButton = el('button', { type: 'button', id: 'import', disabled: !editable }, t('options_import'));
  importButton.addEventListener('click', () => file.click());
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    file.value = '';
    if (!chosen) return;
    const refuse = (problem: string) => {
      announce(status(), t('options_import_refused', [problem]));
      status().dataset.kind = 'error';
    };
    const parsed = parseSettingsFile(await chosen.text());
    if ('refused' in parsed) {
      refuse(parsed.refused === 'not-json' ? t('options_import_not_json') : parsed.refused === 'no-settings' ? t('options_import_no_settings') : parsed.detail);
      return;
    }
    // Locked keys stay as the trust set them: only what the user may change is imported.
    const keys = parsed.keys.filter((key) => canChange(key as SettingKey));
    if (!keys.length) {
      refuse(t('options_import_all_locked'));
      return;
    }
    const allowed = Object.fromEntries(keys.map((key) => [key, parsed.settings[key as SettingKey]])) as Partial<Settings>;
    status().dataset.kind = 'ok';
    await save(allowed, t('options_import_done', [keys.join(', ')]));
  });
  const reset = el('button', { type: 'button', id: 'reset', disabled: !editable }, t('options_reset'));
  reset.addEventListener('click', async () => {
    if (!confirm(t('options_reset_confirm'))) return;
    await resetUserSettings();
    announce(status(), t('options_reset_done'));
  });
  fill(section, el('h2', {}, t('options_backup_heading')), el('div', { class: 'buttons' }, exportButton, importButton, file, reset));
}

/** Counts renders begun, so that one overtaken by a newer one while it reads draws nothing. */
let renderGeneration = 0;

async function renderAll(): Promise<void> {
  if (!effective) return;
  const current = effective;
  const generation = ++renderGeneration;
  // Everything read first, then every section drawn in one go: drawing between reads showed
  // a new policy's message above the old policy's categories for a moment (a test caught the
  // page in that state), and a slower, older render could draw over a newer one.
  const [notice, own, granted] = await Promise.all([
    readSettingsNotice(),
    readUserSettings().then((read) => read.values),
    Promise.all(current.settings.extraSites.map(async (site) => [site, await browser.permissions.contains({ origins: [matchPatternFor(site)] }).catch(() => false)] as const)).then((entries) => new Map(entries)),
  ]);
  if (generation !== renderGeneration) return;
  renderTrust(document.getElementById('trust')!, current);
  renderProblems(document.getElementById('problems')!, current, notice);
  renderCategories(document.getElementById('categories')!, current);
  renderPictures(document.getElementById('pictures')!, current);
  renderMuted(document.getElementById('muted')!, current);
  renderSites(document.getElementById('sites')!, current);
  renderExtraSites(document.getElementById('extra-sites')!, current, own, granted);
  renderTerms(document.getElementById('terms')!, current, own);
  renderBackup(document.getElementById('backup')!);
  document.body.dataset.ready = 'true';
}

function main(): void {
  document.title = t('options_title');
  document.getElementById('title')!.textContent = t('options_title');
  document.getElementById('privacy')!.textContent = t('options_privacy');
  document.getElementById('audit')!.textContent = t('options_audit');
  watchEffective((next) => {
    document.getElementById('audit-link')!.hidden = !next.trust.showAudit;
    // Re-rendering while the user edits would throw their typing away: keep focus where it was.
    const focusedId = document.activeElement?.id;
    effective = next;
    void renderAll().then(() => {
      if (focusedId) document.getElementById(focusedId)?.focus();
    });
  });
}

main();
