/** XenForo forums: the Froala rich editor (`.fr-element`), or its plain textarea mode. */
import type { SiteModule } from './types';

export const xenforo: SiteModule = {
  id: 'xenforo',
  name: 'XenForo forums',
  hosts: ['xenforo.com'],
  editors: ['.fr-element.fr-view[contenteditable="true"]', 'textarea.input[name="message"]', 'textarea[name="message"]'],
  postButtons: ['.formButtonGroup-primary button[type="submit"]', 'button.button--icon--reply', 'button.button--icon--write'],
  submitKey: 'mod+enter',
  attachments: { inputs: ['input[type="file"][name="upload"]', 'input[type="file"]'], dropZones: ['.js-attachmentUpload', '.fr-box'] },
  audience: (_editor, location) => (location.pathname.includes('/conversations/') || location.pathname.includes('/direct-messages/') ? 'direct' : 'public'),
};
