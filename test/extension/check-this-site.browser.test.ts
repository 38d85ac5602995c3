/**
 * "Check posts on this site" (issue 18, item 6) in Chromium: a clinicians' forum on a host
 * no site module lists, recognised by its markup. The toolbar button is pressed as a user
 * presses it (`page.triggerExtensionAction`), which gives the popup `activeTab` access to
 * that one tab; no broad host permission is used.
 *
 * Not covered here: answering the browser's own "Allow on this site?" prompt. Chromium
 * draws it outside the page, where neither the DevTools protocol nor puppeteer can reach,
 * and it closes the popup. What follows an answer (the site remembered as an added forum)
 * is `sitesToRemember`, tested in test/background/remember-site.test.ts.
 */
import type { Page, Target } from 'puppeteer-core';
import { axeViolations, badgeCount, clickElement, clickInOverlay, posts, RISKY_DRAFT, sleep, typeDraft, waitForBadge, waitForDialog } from '../browser/page-helpers';
import { buildFixtures, startFixtureServer, type FixtureServer } from '../browser/fixture-server';
import { chromiumAvailable, collectPageErrors, launchChromium, type Launched } from '../browser/launch';
import { FIXTURE_PAGES } from '../fixtures/sites/pages';
import { FORUM_MARKERS } from '../../src/content/sites/markers';

const maybe = chromiumAvailable() ? describe : describe.skip;
const forum = FIXTURE_PAGES.find((candidate) => candidate.id === 'unlisted-discourse')!;
const article = FIXTURE_PAGES.find((candidate) => candidate.id === 'unlisted-article')!;

let server: FixtureServer;
let chromium: Launched;

type WorkerChrome = {
  chrome: {
    storage: { local: { get(key: string): Promise<Record<string, { extraSites?: string[] } | undefined>> } };
    permissions: { contains(request: { origins: string[] }): Promise<boolean> };
  };
};

async function extensionWorker() {
  return (await (await chromium.browser.waitForTarget((target) => target.type() === 'service_worker' && target.url().includes(chromium.extensionId))).worker())!;
}

/** Opens the page in front, presses the extension's toolbar button on it, and returns the popup it opened. */
async function openWithPopup(url: string): Promise<{ page: Page; popup: Page; errors: string[] }> {
  const page = await chromium.browser.newPage();
  page.setDefaultTimeout(10_000);
  await page.bringToFront();
  const errors = collectPageErrors(page);
  await page.goto(url, { waitUntil: 'load' });
  const extension = (await chromium.browser.extensions()).get(chromium.extensionId)!;
  const opened = chromium.browser.waitForTarget((target: Target) => target.url().endsWith('/pages/popup.html'), { timeout: 10_000 });
  await page.triggerExtensionAction(extension);
  const popup = (await (await opened).asPage())!;
  await popup.waitForSelector('body[data-ready="true"]');
  return { page, popup, errors };
}

maybe('check posts on this site', () => {
  beforeAll(async () => {
    await buildFixtures();
    server = await startFixtureServer();
    chromium = await launchChromium(server.port, { actions: true });
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('does nothing on a forum the extension does not check, until asked', async () => {
    const page = await chromium.browser.newPage();
    await page.bringToFront();
    await page.goto(server.url(forum), { waitUntil: 'load' });
    await typeDraft(page, forum, RISKY_DRAFT);
    await sleep(1_000);
    expect(await badgeCount(page)).toBeUndefined();
    await page.close();
  });

  it('recognises the forum by its markup, offers to check it, and checks posts there at once', async () => {
    const { page, popup, errors } = await openWithPopup(server.url(forum));
    const offer = await popup.$eval('#draft [data-state="offer"]', (element) => ({ software: element.getAttribute('data-software'), text: element.textContent ?? '' }));
    expect(offer.software).toBe('Discourse forums');
    expect(offer.text).toContain(forum.host);
    expect(await popup.$eval('#check-site', (button) => button.textContent)).toBe('Check posts on this site');
    expect(await popup.$eval('#check-site-note', (note) => note.textContent)).toContain('nothing you write is sent anywhere');
    expect(await axeViolations(popup)).toEqual([]);

    // The click asks the browser to allow the site. Chromium closes the popup as its prompt opens.
    const closed = new Promise<boolean>((resolve) => popup.once('close', () => resolve(true)));
    await popup.click('#check-site').catch(() => undefined); // the popup may close before the click returns
    expect(await Promise.race([closed, sleep(5_000).then(() => false)])).toBe(true);

    // The checker runs in this tab now, on the access the toolbar click gave.
    await typeDraft(page, forum, RISKY_DRAFT);
    expect(await waitForBadge(page, (count) => count > 0)).toBeGreaterThan(0);
    await clickElement(page, forum.post);
    const dialog = await waitForDialog(page);
    expect(dialog.categories).toContain('patient-identifier');
    await clickInOverlay(page, 'dialog button.edit');
    expect(await posts(page)).toEqual([]);
    expect(errors).toEqual([]);

    // Nothing broad was granted, and nothing is remembered without the browser's grant.
    const worker = await extensionWorker();
    const stored = await worker.evaluate(async (origin) => {
      const { chrome } = globalThis as unknown as WorkerChrome;
      return { granted: await chrome.permissions.contains({ origins: [origin] }), all: await chrome.permissions.contains({ origins: ['https://*/*'] }), settings: (await chrome.storage.local.get('settings')).settings ?? {} };
    }, `https://${forum.host}/*`);
    expect(stored).toEqual({ granted: false, all: false, settings: {} });
    await page.close();
  });

  it("recognises each forum program's own page by its markers, and every marker is a selector Chromium parses", async () => {
    for (const [id, markers] of Object.entries(FORUM_MARKERS)) {
      const fixture = FIXTURE_PAGES.find((candidate) => candidate.site === id && !candidate.unlisted);
      expect({ id, fixture: !!fixture }).toEqual({ id, fixture: true });
      if (!fixture) continue;
      const page = await chromium.browser.newPage();
      await page.goto(server.url(fixture), { waitUntil: 'load' });
      const matched = await page.evaluate((selectors) => selectors.map((selector) => document.querySelectorAll(selector).length > 0), [...markers]);
      expect({ id, recognised: matched.some(Boolean) }).toEqual({ id, recognised: true });
      await page.close();
    }
    const page = await chromium.browser.newPage();
    const unparsable = await page.evaluate((selectors) => selectors.filter((selector) => {
      try {
        document.querySelector(selector);
        return false;
      } catch {
        return true;
      }
    }), Object.values(FORUM_MARKERS).flat());
    expect(unparsable).toEqual([]);
    await page.close();
  });

  it('offers nothing on a page with no forum and nothing to write in', async () => {
    const { page, popup } = await openWithPopup(server.url(article));
    expect(await popup.$('#draft [data-state="not-supported"]')).not.toBeNull();
    expect(await popup.$('#check-site')).toBeNull();
    await popup.close();
    await page.close();
  });
});
