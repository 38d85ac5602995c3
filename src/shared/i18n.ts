/**
 * User-facing strings come from `_locales/<lang>/messages.json` through the browser's
 * i18n API. A missing key shows the key itself, so a gap is visible in testing rather
 * than an empty label; test/extension/locales.test.ts checks every key used exists.
 */
import browser from 'webextension-polyfill';
import { formatMessage, type PackagedMessage } from './message-format';

/** The packaged messages t() formats itself when the browser's table is empty (see below). */
let packagedMessages: Map<string, PackagedMessage> | undefined;

export function t(key: string, substitutions?: string | string[]): string {
  try {
    const message = browser.i18n.getMessage(key, substitutions);
    if (message) return message;
  } catch {
    // No extension context (unit tests): fall through to the key.
  }
  // The browser looks names up ignoring case, and only the messages' own names count.
  const packaged = packagedMessages?.get(key.toLowerCase());
  return packaged ? formatMessage(packaged, substitutions) : key;
}

/**
 * Chromium fills one message table per renderer process, at the first lookup. When that
 * lookup comes from a frame that is closing (a tab or popup shut while it loads), the
 * browser's answer is lost and the table stays empty for the life of the process: every
 * key gives '', `@@extension_id` included, and every extension page opened later in that
 * process would show bare keys. (Seen in CI as the audit page's status "audit_done", after
 * a test closed the welcome tab as it opened; reproduced by closing it at once.) An
 * extension page calls this first: if the table is empty it hands t() the packaged
 * default-locale messages, which `load` reads from the page's own bundle. The content
 * script does the same: its 17 KB of text are parsed only when needed.
 */
export function useMessagesWhenBrowserHasNone(load: () => Record<string, PackagedMessage>): boolean {
  try {
    if (browser.i18n.getMessage('@@extension_id')) return false;
  } catch {
    return false;
  }
  packagedMessages = new Map(Object.entries(load()).map(([name, message]) => [name.toLowerCase(), message]));
  return true;
}

export { categoryLabelKey } from './labels';
