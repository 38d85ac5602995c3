/** The first-run page (a trust can turn it off with `showFirstRun: false`). */
// First: before any module below calls t() (see the module).
import '../shared/page-messages';
import { t } from '../shared/i18n';
import { el, fill } from './dom';

document.title = t('welcome_title');
fill(
  document.getElementById('app')!,
  el('h1', {}, t('welcome_title')),
  el('p', {}, t('welcome_body')),
  el('p', { class: 'privacy' }, t('welcome_privacy')),
  el('p', {}, el('a', { href: 'options.html' }, t('popup_settings'))),
);
document.body.dataset.ready = 'true';
