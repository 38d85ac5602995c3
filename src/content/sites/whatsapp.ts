/** WhatsApp Web: a Lexical editor per chat; Enter sends. Every chat is direct. */
import type { SiteModule } from './types';

export const whatsapp: SiteModule = {
  id: 'whatsapp',
  name: 'WhatsApp Web',
  hosts: ['web.whatsapp.com'],
  exclusive: true,
  editors: ['footer [contenteditable="true"][role="textbox"]', 'footer [contenteditable="true"][data-lexical-editor="true"]', 'footer [contenteditable="true"]'],
  postButtons: ['button[aria-label="Send"]', 'button:has([data-icon="send"])', 'button:has([data-icon="wds-ic-send-filled"])'],
  submitKey: 'enter',
  attachments: { inputs: ['input[type="file"][accept*="image"]', 'input[type="file"]'] },
  audience: () => 'direct',
};
