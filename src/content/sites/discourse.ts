/** Discourse forums: the composer's textarea (`.d-editor-input`) or its newer rich editor. */
import type { SiteModule } from './types';

export const discourse: SiteModule = {
  id: 'discourse',
  name: 'Discourse forums',
  hosts: ['meta.discourse.org'],
  editors: ['textarea.d-editor-input', '.d-editor-input[contenteditable="true"]'],
  postButtons: ['#reply-control .save-or-cancel .btn-primary', '#reply-control button.create'],
  submitKey: 'mod+enter',
  attachments: { inputs: ['input#file-uploader', 'input[type="file"]'], dropZones: ['.d-editor-container'] },
  audience: (editor) => (editor.closest('#reply-control.private-message, .composer-action-privateMessage') ? 'direct' : 'public'),
};
