/**
 * What Second Opinion knows about one site: where it runs, how to find the compose
 * boxes and post buttons, and who will read what is posted there. Site modules are
 * data plus small functions, so that a site's markup change is a one-file fix and the
 * tests (test/content/sites.test.ts) can check every module the same way.
 */
import type { Audience } from '../../engine/types';

export type SubmitKey = 'mod+enter' | 'enter';

export interface SiteModule {
  /** Stable id, also the `site` passed to the engine and the key in settings. */
  id: string;
  /** The name shown to users (options page, popup). */
  name: string;
  /**
   * Host names this module owns. The manifest's content-script matches and host
   * permissions are generated from these (scripts/manifest.mjs), so they cannot drift.
   * Forum modules own no hosts: forums live on their own domains and are recognised by
   * their markup on any site the extension runs on.
   */
  hosts: string[];
  /**
   * True for the big sites: on their hosts only this module's selectors apply. Other
   * modules (Mastodon, forums, the generic fallback) are tried by markup on every other
   * host the extension runs on, because that software lives on many domains.
   */
  exclusive?: boolean;
  /**
   * Selectors of compose boxes, newest first. When the site changes its markup, add the
   * new selector in front and keep the old one until the old markup is gone.
   */
  editors: string[];
  /** Selectors of the buttons that publish what is in the compose box. */
  postButtons: string[];
  /** The keyboard shortcut that publishes: Ctrl/Cmd+Enter on most sites, Enter in chats. */
  submitKey: SubmitKey;
  /** Compose boxes matching this selector publish on Enter even though `submitKey` is Ctrl/Cmd+Enter (comment and chat boxes). */
  enterSends?: string;
  /**
   * `form`: a post button counts only inside the compose box's own form (the generic
   * fallback, where "a submit button" is otherwise too broad). Default `page`.
   */
  postButtonScope?: 'form' | 'page';
  /**
   * Where this site's pictures are attached, besides a paste or drop onto the compose box:
   * selectors of its file inputs, newest first (default: any file input, owned by the
   * compose box nearest it). `dropZones`: areas around the compose box that take a drop.
   */
  attachments?: { inputs: string[]; dropZones?: string[] };
  /** Who will read a post from this compose box. */
  audience(editor: Element, location: Location): Audience;
}

/** Selectors used to tell that an autocomplete list is open, when Enter picks an item. */
export const AUTOCOMPLETE_OPEN = [
  '[role="listbox"]:not([hidden])',
  '[role="option"][aria-selected="true"]',
  '.autocomplete:not([hidden])',
  '.ac-wrap:not([hidden])',
];
