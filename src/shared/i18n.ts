/**
 * User-facing strings come from `_locales/<lang>/messages.json` through the browser's
 * i18n API. A missing key shows the key itself, so a gap is visible in testing rather
 * than an empty label; test/extension/locales.test.ts checks every key used exists.
 */
import browser from 'webextension-polyfill';

export function t(key: string, substitutions?: string | string[]): string {
  try {
    const message = browser.i18n.getMessage(key, substitutions);
    if (message) return message;
  } catch {
    // No extension context (unit tests): fall through to the key.
  }
  return key;
}

export { categoryLabelKey } from './labels';
