/**
 * The fallback for any other forum the extension runs on (sites a user or trust adds):
 * multi-line text areas and rich editors, posted with their form's submit button.
 * Single-line inputs (search boxes, titles) are left alone.
 */
import type { SiteModule } from './types';

export const generic: SiteModule = {
  id: 'generic',
  name: 'Other forums',
  hosts: [],
  editors: ['textarea:not([readonly]):not([disabled])', '[contenteditable="true"]', '[contenteditable=""]', '[contenteditable="plaintext-only"]'],
  postButtons: ['button[type="submit"]', 'input[type="submit"]', 'button:not([type])'],
  submitKey: 'mod+enter',
  postButtonScope: 'form',
  audience: () => 'public',
};
