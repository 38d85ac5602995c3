/**
 * A forum the user has let Second Opinion check (the popup's "Check posts on this site",
 * or the browser's own site-access control) is remembered as an added forum, so the
 * checker runs there on every visit, as on a forum added in the options page. The
 * browser's grant is the user's choice; the trust's policy still wins: nothing is added
 * while the trust has locked the list or forbids changes.
 */
import type { EffectiveSettings } from '../settings/defaults';
import { SITE_PATTERN } from '../settings/schema';

/** `https://forum.example.org/*` → `https://forum.example.org/`; undefined for any pattern that is not one https site. */
export function siteForOrigin(origin: string): string | undefined {
  const site = origin.toLowerCase().replace(/\*$/, '');
  return site.startsWith('https://') && !site.includes('*') && SITE_PATTERN.test(site) ? site : undefined;
}

/**
 * The sites to add to the user's list after the browser granted `origins`: each one https
 * site the built-in sites and the current list do not already cover.
 */
export function sitesToRemember(origins: readonly string[], effective: EffectiveSettings, builtInHosts: readonly string[]): string[] {
  if (!effective.trust.allowSettingsChanges || effective.locked.includes('extraSites')) return [];
  const known = new Set(effective.settings.extraSites);
  const added: string[] = [];
  for (const origin of origins) {
    const site = siteForOrigin(origin);
    if (!site || known.has(site) || builtInHosts.includes(new URL(site).hostname)) continue;
    known.add(site);
    added.push(site);
  }
  return added;
}
