/**
 * Facebook: Lexical editors for posts, group posts and comments. A group composer is a
 * closed group (its members can still copy a post out); Messenger is direct.
 */
import type { SiteModule } from './types';

export const facebook: SiteModule = {
  id: 'facebook',
  name: 'Facebook',
  hosts: ['facebook.com', 'www.facebook.com', 'web.facebook.com', 'm.facebook.com'],
  exclusive: true,
  editors: ['[role="textbox"][contenteditable="true"][data-lexical-editor="true"]', '[role="textbox"][contenteditable="true"]'],
  postButtons: ['[role="dialog"] [aria-label="Post"][role="button"]', '[aria-label="Post"][role="button"]', '[aria-label="Send"][role="button"]'],
  submitKey: 'mod+enter',
  // Comment and chat boxes publish on Enter; the post composer does not.
  enterSends: '[aria-label*="comment" i], [aria-label*="message" i]',
  attachments: { inputs: ['input[type="file"][accept*="image"]', 'input[type="file"]'] },
  audience: (editor, location) => {
    if (location.pathname.startsWith('/messages') || editor.matches('[aria-label*="message" i]')) return 'direct';
    if (location.pathname.startsWith('/groups/')) return 'closed-group';
    return 'public';
  },
};
