/** Bluesky: a TipTap (ProseMirror) composer for posts and replies; a textarea in chats. */
import type { SiteModule } from './types';

export const bluesky: SiteModule = {
  id: 'bluesky',
  name: 'Bluesky',
  hosts: ['bsky.app'],
  exclusive: true,
  editors: ['.ProseMirror[contenteditable="true"]', '[data-testid="composerTextInput"] [contenteditable="true"]', 'textarea[data-testid="messageInput"]'],
  postButtons: ['[data-testid="composerPublishBtn"]', 'button[aria-label="Publish post"]', 'button[aria-label="Publish reply"]', 'button[aria-label="Send message"]'],
  submitKey: 'mod+enter',
  attachments: { inputs: ['input[type="file"][accept*="image"]', 'input[type="file"]'] },
  audience: (editor, location) =>
    location.pathname.startsWith('/messages') || editor.matches('textarea[data-testid="messageInput"]') ? 'direct' : 'public',
};
