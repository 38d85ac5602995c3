/**
 * What the popup looks for on a page Second Opinion does not check yet: forum software it
 * knows (by its markup, whatever the host) and compose boxes. `probeForumPage` runs in the
 * tab through `scripting.executeScript`, which sends the function's source alone, so it
 * uses nothing from outside its own body; the site modules' selectors come as arguments.
 * It reads only the page's structure, never what anyone has typed.
 */
import { SITES } from '../content/sites';
import { FORUM_MARKERS } from '../content/sites/markers';

export interface ProbeSite {
  name: string;
  markers: string[];
  editors: string[];
}

export interface ProbeResult {
  /** The forum software recognised, by its module's name ("Discourse forums"), if any. */
  software: string | null;
  /** How many visible compose boxes the page has. */
  composeBoxes: number;
}

/** The selectors the probe is given: every site module tried by markup, in trial order. */
export function probeSites(): ProbeSite[] {
  return SITES.filter((site) => !site.exclusive).map((site) => ({ name: site.name, markers: [...(FORUM_MARKERS[site.id] ?? [])], editors: site.editors }));
}

export function probeForumPage(sites: ProbeSite[]): ProbeResult {
  const all = (selector: string): Element[] => {
    try {
      return [...document.querySelectorAll(selector)];
    } catch {
      return []; // a selector this browser does not support
    }
  };
  const software = sites.find((site) => site.markers.some((marker) => all(marker).length > 0))?.name ?? null;
  const boxes = new Set<Element>();
  for (const site of sites) {
    for (const selector of site.editors) {
      for (const element of all(selector)) if (element instanceof HTMLElement && element.getClientRects().length > 0) boxes.add(element);
    }
  }
  return { software, composeBoxes: boxes.size };
}
