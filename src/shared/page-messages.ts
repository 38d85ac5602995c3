/**
 * Imported first by every extension page that shows words (popup, options, welcome,
 * audit), before any of its modules calls t(): if the browser's message table for this
 * process is empty, the pages show the packaged default-locale words instead of bare keys
 * (why the table can be empty: `useMessagesWhenBrowserHasNone` in ./i18n.ts).
 */
// The manifest's default_locale (test/extension/locales.test.ts checks they agree). The
// pages' build loads JSON as text, so it is parsed only on the rare day it is needed.
import defaultLocaleMessages from '../_locales/en_GB/messages.json';
import { useMessagesWhenBrowserHasNone } from './i18n';
import type { PackagedMessage } from './message-format';

useMessagesWhenBrowserHasNone(
  () => (typeof defaultLocaleMessages === 'string' ? JSON.parse(defaultLocaleMessages) : defaultLocaleMessages) as Record<string, PackagedMessage>,
);
