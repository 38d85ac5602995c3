/** A site the browser allowed is remembered as an added forum, within the trust's policy (src/background/remember-site.ts). */
import { siteForOrigin, sitesToRemember } from '../../src/background/remember-site';
import { DEFAULT_EFFECTIVE, type EffectiveSettings } from '../../src/settings/defaults';

const BUILT_IN = ['x.com', 'meta.discourse.org'];
const effective = (changes: { extraSites?: string[]; locked?: string[]; allowSettingsChanges?: boolean } = {}): EffectiveSettings =>
  ({
    ...DEFAULT_EFFECTIVE,
    settings: { ...DEFAULT_EFFECTIVE.settings, extraSites: changes.extraSites ?? [] },
    locked: changes.locked ?? [],
    trust: { ...DEFAULT_EFFECTIVE.trust, allowSettingsChanges: changes.allowSettingsChanges ?? true },
  }) as EffectiveSettings;

describe('siteForOrigin', () => {
  it('turns the match pattern of one https site into the site', () => {
    expect(siteForOrigin('https://community.clinicians-forum.org/*')).toBe('https://community.clinicians-forum.org/');
    expect(siteForOrigin('https://Forum.Example.NHS.uk/*')).toBe('https://forum.example.nhs.uk/');
  });

  it('refuses anything broader or other than one https site', () => {
    for (const origin of ['https://*/*', 'https://*.example.org/*', 'http://forum.example.org/*', '<all_urls>', 'https://localhost/*', 'https://forum.example.org/path/*']) {
      expect(siteForOrigin(origin)).toBeUndefined();
    }
  });
});

describe('sitesToRemember', () => {
  it('adds a newly allowed forum once', () => {
    expect(sitesToRemember(['https://community.clinicians-forum.org/*', 'https://community.clinicians-forum.org/*'], effective(), BUILT_IN)).toEqual(['https://community.clinicians-forum.org/']);
  });

  it('skips sites already listed (by the user or the trust) and the built-in sites', () => {
    expect(sitesToRemember(['https://forum.example.nhs.uk/*', 'https://x.com/*', 'https://meta.discourse.org/*'], effective({ extraSites: ['https://forum.example.nhs.uk/'] }), BUILT_IN)).toEqual([]);
  });

  it('adds nothing while the trust has locked the list or forbids changes', () => {
    expect(sitesToRemember(['https://community.clinicians-forum.org/*'], effective({ locked: ['extraSites'] }), BUILT_IN)).toEqual([]);
    expect(sitesToRemember(['https://community.clinicians-forum.org/*'], effective({ allowSettingsChanges: false }), BUILT_IN)).toEqual([]);
  });
});
