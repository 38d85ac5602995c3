/** Every site module, and how a page and a focused element pick one. */
import { bluesky } from './bluesky';
import { discourse } from './discourse';
import { facebook } from './facebook';
import { flarum } from './flarum';
import { generic } from './generic';
import { invision } from './invision';
import { linkedin } from './linkedin';
import { mastodon } from './mastodon';
import { phpbb } from './phpbb';
import { reddit } from './reddit';
import type { SiteModule } from './types';
import { whatsapp } from './whatsapp';
import { vbulletin } from './vbulletin';
import { x } from './x';
import { xenforo } from './xenforo';

export type { SiteModule, SubmitKey } from './types';
export { AUTOCOMPLETE_OPEN } from './types';

/** In the order they are tried: the big sites by host, then software recognised by markup, then the fallback. */
export const SITES: readonly SiteModule[] = [x, facebook, reddit, whatsapp, linkedin, bluesky, mastodon, discourse, phpbb, xenforo, vbulletin, invision, flarum, generic];

/** Modules recognised by markup rather than by host (in trial order), ending with the fallback. */
const MARKUP_SITES = SITES.filter((site) => !site.exclusive);

/** The modules that may apply on this host: the owning big site alone, or every markup module. */
export function sitesForHost(hostname: string): readonly SiteModule[] {
  const host = hostname.toLowerCase();
  const owner = SITES.find((site) => site.exclusive && site.hosts.includes(host));
  return owner ? [owner] : MARKUP_SITES;
}

/** The first editor selector of `site` that `element` matches, if any. */
export function editorSelectorFor(site: SiteModule, element: Element): string | undefined {
  return site.editors.find((selector) => safeMatches(element, selector));
}

/** The module whose compose box `element` is, among `candidates`. */
export function siteForEditor(candidates: readonly SiteModule[], element: Element): SiteModule | undefined {
  return candidates.find((site) => editorSelectorFor(site, element) !== undefined);
}

/** Every host any module owns: the manifest's content-script matches and host permissions. */
export function allHosts(): string[] {
  return [...new Set(SITES.flatMap((site) => site.hosts))];
}

/** `matches` that never throws: an unsupported selector in an old browser must not break the page. */
export function safeMatches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

export function safeClosest(element: Element, selector: string): Element | null {
  try {
    return element.closest(selector);
  } catch {
    return null;
  }
}
