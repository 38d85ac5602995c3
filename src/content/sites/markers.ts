/**
 * How to tell, whatever the host, that a page runs one of the forum programs the site
 * modules know: a generator tag, the application's root element. Only the popup uses these
 * (to recognise a forum Second Opinion does not check yet and offer to check it), so they
 * live apart from the modules, out of the sentinel that runs on every page view.
 * Keyed by site module id; test/content/markers.test.ts checks every module tried by
 * markup has an entry.
 */
export const FORUM_MARKERS: Readonly<Record<string, readonly string[]>> = {
  mastodon: ['div#mastodon[data-props]', 'body.app-body #mastodon'],
  discourse: ['meta[name="generator"][content^="Discourse"]', '#main-outlet', '#reply-control'],
  phpbb: ['body#phpbb', 'meta[name="generator"][content^="phpBB" i]', 'form#postform textarea#message'],
  xenforo: ['html#XF', 'html[data-xf]'],
  vbulletin: ['meta[name="generator"][content^="vBulletin" i]', '#vB_Editor_QR', '.b-content-entry'],
  invision: ['body.ipsApp', 'html[data-ips]', 'meta[name="generator"][content^="Invision" i]'],
  flarum: ['#flarum-loading', '#app.App .App-composer', 'meta[name="generator"][content^="Flarum" i]'],
};
