/**
 * vBulletin forums: version 5's CKEditor (`.cke_wysiwyg_div`) or its plain textarea, and
 * version 4's quick-reply and full-reply textareas. Private messages live under
 * `private.php` (version 4) and `/privatemessage/` (version 5).
 */
import type { SiteModule } from './types';

export const vbulletin: SiteModule = {
  id: 'vbulletin',
  name: 'vBulletin forums',
  hosts: [], // recognised by its markup on whatever host it runs: no host permission of its own
  editors: ['.b-content-entry .cke_wysiwyg_div[contenteditable="true"]', 'textarea#vB_Editor_QR_textarea', 'textarea[id^="vB_Editor_"][id$="_editor"]', '.b-content-entry textarea.js-editor'],
  postButtons: ['.b-content-entry .js-button-submit', '.b-content-entry button[type="submit"]', 'input#qr_submit', 'input[id^="vB_Editor_"][id$="_save"]'],
  submitKey: 'mod+enter',
  audience: (_editor, location) => (location.pathname.endsWith('private.php') || location.pathname.includes('/privatemessage/') ? 'direct' : 'public'),
};
