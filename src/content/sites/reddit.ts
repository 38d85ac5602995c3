/** Reddit: `shreddit-composer` around a Lexical editor on new Reddit; plain textareas on old Reddit. */
import type { SiteModule } from './types';

export const reddit: SiteModule = {
  id: 'reddit',
  name: 'Reddit',
  hosts: ['reddit.com', 'www.reddit.com', 'new.reddit.com', 'sh.reddit.com', 'old.reddit.com'],
  exclusive: true,
  editors: [
    'shreddit-composer [contenteditable="true"]',
    '[data-lexical-editor="true"][contenteditable="true"]',
    '.usertext-edit textarea',
    'textarea[name="title"]',
    'textarea[name="text"]',
  ],
  postButtons: [
    'shreddit-composer ~ [slot="submit-button"]',
    'button[slot="submit-button"]',
    '#inner-post-submit-button',
    '.usertext-buttons button.save',
    'button[name="submit"]',
  ],
  submitKey: 'mod+enter',
  attachments: { inputs: ['input[type="file"][accept*="image"]', 'input[type="file"]'] },
  audience: (_editor, location) => (location.pathname.startsWith('/chat') ? 'direct' : 'public'),
};
