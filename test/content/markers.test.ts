/** The forum programs' markers (src/content/sites/markers.ts) against the site modules. */
import { SITES } from '../../src/content/sites';
import { FORUM_MARKERS } from '../../src/content/sites/markers';

describe('FORUM_MARKERS', () => {
  const byMarkup = SITES.filter((site) => !site.exclusive && site.id !== 'generic');

  it('recognises every program a site module finds by its markup', () => {
    expect(Object.keys(FORUM_MARKERS).sort()).toEqual(byMarkup.map((site) => site.id).sort());
    for (const site of byMarkup) expect(FORUM_MARKERS[site.id]!.length).toBeGreaterThan(0);
  });
});
