/**
 * Imported first by every extension page that shows words (popup, options, welcome,
 * audit) and by the content script, before any of their modules calls t(): if the
 * browser's message table for this process is empty, they show the packaged default-locale
 * words instead of bare keys (why the table can be empty: `useMessagesWhenBrowserHasNone`
 * in ./i18n.ts). The content script runs in the host page's renderer process, whose table
 * is filled the same way: at its first lookup.
 */
// The manifest's default_locale (test/extension/locales.test.ts checks they agree). The
// build loads JSON as text, so it is parsed only on the rare day it is needed.
import defaultLocaleMessages from '../_locales/en_GB/messages.json';
import { useMessagesWhenBrowserHasNone } from './i18n';
import type { PackagedMessage } from './message-format';

useMessagesWhenBrowserHasNone(
  () => (typeof defaultLocaleMessages === 'string' ? JSON.parse(defaultLocaleMessages) : defaultLocaleMessages) as Record<string, PackagedMessage>,
);
