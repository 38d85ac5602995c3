/** phpBB forums: `textarea#message` in the posting form; private messages live under ucp.php?i=pm. */
import type { SiteModule } from './types';

export const phpbb: SiteModule = {
  id: 'phpbb',
  name: 'phpBB forums',
  hosts: ['www.phpbb.com'],
  editors: ['form#postform textarea#message', 'textarea#message'],
  postButtons: ['input[name="post"]', 'button[name="post"]'],
  submitKey: 'mod+enter',
  attachments: { inputs: ['input[type="file"][name="fileupload"]', 'input[type="file"]'], dropZones: ['#attach-panel', '#postingbox'] },
  audience: (_editor, location) => (location.pathname.endsWith('ucp.php') && /[?&]i=pm\b/.test(location.search) ? 'direct' : 'public'),
};
