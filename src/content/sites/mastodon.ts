/**
 * Mastodon: a textarea in `.compose-form`. Mastodon is federated, so besides a few large
 * servers it is recognised by its markup. The visibility menu says who will read a post.
 */
import type { SiteModule } from './types';

export const mastodon: SiteModule = {
  id: 'mastodon',
  name: 'Mastodon',
  hosts: ['mastodon.social', 'mastodon.online', 'mstdn.social', 'mastodon.scot', 'med-mastodon.com'],
  editors: ['.compose-form textarea.autosuggest-textarea__textarea', '.compose-form textarea'],
  postButtons: ['.compose-form__submit button', '.compose-form__publish-button-wrapper button', '.compose-form button[type="submit"]'],
  submitKey: 'mod+enter',
  attachments: { inputs: ['.compose-form input[type="file"]', 'input[type="file"]'], dropZones: ['.compose-form'] },
  audience: (editor) => {
    const form = editor.closest('.compose-form');
    const visibility = form?.querySelector('.privacy-dropdown__value button, .visibility-dropdown, [data-visibility]');
    const label = `${visibility?.getAttribute('data-visibility') ?? ''} ${visibility?.getAttribute('aria-label') ?? ''} ${visibility?.textContent ?? ''}`.toLowerCase();
    if (/direct|specific people|private mention|mentioned people/.test(label)) return 'direct';
    if (/followers|private/.test(label)) return 'closed-group';
    return 'public';
  },
};
