/** X (Twitter): Draft.js editors for posts, replies and quotes; a separate DM composer. */
import type { SiteModule } from './types';

export const x: SiteModule = {
  id: 'x',
  name: 'X (Twitter)',
  hosts: ['x.com', 'twitter.com', 'mobile.x.com', 'mobile.twitter.com'],
  exclusive: true,
  editors: [
    '[data-testid^="tweetTextarea_"][contenteditable="true"]',
    '[data-testid^="tweetTextarea_"] [contenteditable="true"]',
    '[data-testid="dmComposerTextInput"]',
  ],
  postButtons: ['[data-testid="tweetButton"]', '[data-testid="tweetButtonInline"]', '[data-testid="dmComposerSendButton"]'],
  submitKey: 'mod+enter',
  attachments: { inputs: ['input[data-testid="fileInput"]', 'input[type="file"]'], dropZones: ['[data-testid="toolBar"]'] },
  audience: (editor, location) =>
    location.pathname.startsWith('/messages') || editor.matches('[data-testid="dmComposerTextInput"]') ? 'direct' : 'public',
};
