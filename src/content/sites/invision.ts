/**
 * Invision Community forums: the rich editor inside `[data-role="editor"]` (CKEditor in
 * version 4, its own editor in version 5), or the plain textarea it falls back to.
 * Private messages live under `/messenger/`.
 */
import type { SiteModule } from './types';

export const invision: SiteModule = {
  id: 'invision',
  name: 'Invision Community forums',
  hosts: [], // recognised by its markup on whatever host it runs: no host permission of its own
  editors: ['[data-role="editor"] [contenteditable="true"]', '[data-role="editor"] textarea', '.ipsComposeArea textarea'],
  postButtons: ['[data-role="replyArea"] button[type="submit"]', '.ipsComposeArea_editor button[type="submit"]', 'form[data-ipsform] button.ipsButton_primary[type="submit"]'],
  submitKey: 'mod+enter',
  audience: (_editor, location) => (location.pathname.includes('/messenger/') ? 'direct' : 'public'),
};
