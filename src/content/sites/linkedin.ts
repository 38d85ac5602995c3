/** LinkedIn: Quill (`.ql-editor`) for posts and comments; a plain contenteditable in messaging. */
import type { SiteModule } from './types';

export const linkedin: SiteModule = {
  id: 'linkedin',
  name: 'LinkedIn',
  hosts: ['linkedin.com', 'www.linkedin.com'],
  exclusive: true,
  editors: ['.ql-editor[contenteditable="true"]', '.msg-form__contenteditable[contenteditable="true"]', '[role="textbox"][contenteditable="true"]'],
  postButtons: [
    '.share-actions__primary-action',
    '.comments-comment-box__submit-button',
    '.comments-comment-box__submit-button--cr',
    '.msg-form__send-button',
  ],
  submitKey: 'mod+enter',
  attachments: { inputs: ['input#media-editor-file-selector__file-input', 'input[type="file"]'] },
  audience: (editor, location) =>
    location.pathname.startsWith('/messaging') || editor.closest('.msg-form') ? 'direct' : 'public',
};
