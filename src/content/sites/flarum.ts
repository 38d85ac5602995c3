/**
 * Flarum forums: the composer's textarea (`.Composer .TextEditor textarea`), or a rich
 * editor an extension puts in its place. Flarum's discussions are public; its private
 * discussions (an extension) are tagged on the composer.
 */
import type { SiteModule } from './types';

export const flarum: SiteModule = {
  id: 'flarum',
  name: 'Flarum forums',
  hosts: [], // recognised by its markup on whatever host it runs: no host permission of its own
  editors: ['.Composer .TextEditor textarea', '.Composer .TextEditor [contenteditable="true"]'],
  postButtons: ['.Composer .TextEditor-controls .Button--primary', '.Composer button.Button--primary[type="submit"]'],
  submitKey: 'mod+enter',
  audience: (editor) => (editor.closest('.Composer.PrivateDiscussionComposer, .Composer [data-private]') ? 'direct' : 'public'),
};
