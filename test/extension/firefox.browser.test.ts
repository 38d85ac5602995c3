/**
 * Firefox ESR smoke test: the Firefox build, installed into Debian's firefox-esr, warns
 * in one rich editor (Draft.js on X) and one textarea (Mastodon) and stops a risky post.
 * The Chromium suite covers every site in depth; this proves the Firefox manifest,
 * background scripts and engine injection work in Gecko.
 */
import type { Page } from 'puppeteer-core';
import { buildFixtures, startFixtureServer, type FixtureServer } from '../browser/fixture-server';
import { FIREFOX_EXTENSION_ID, collectPageErrors, firefoxAvailable, launchFirefox, type Launched } from '../browser/launch';
import {
  BENIGN_DRAFT, FLAGGED_NUMBER, RISKY_DRAFT, clickElement, clickInOverlay, editorText, posts, sleep, typeDraft, underlineBoxes, waitForBadge,
  waitForCard, waitForDialog,
} from '../browser/page-helpers';
import { FIXTURE_PAGES } from '../fixtures/sites/pages';

jest.setTimeout(90_000);

const available = firefoxAvailable();
if (!available && process.env.SECOND_OPINION_REQUIRE_BROWSERS) {
  throw new Error('firefox-esr is required here (SECOND_OPINION_REQUIRE_BROWSERS is set) but is not installed');
}
if (!available) {
  // eslint-disable-next-line no-console
  console.warn('Skipping the Firefox smoke test: firefox-esr is not installed (apt-get install -y firefox-esr). CI installs it.');
}
const describeIfFirefox = available ? describe : describe.skip;

describeIfFirefox('Firefox ESR', () => {
  let server: FixtureServer;
  let firefox: Launched;

  beforeAll(async () => {
    await buildFixtures();
    server = await startFixtureServer();
    firefox = await launchFirefox();
  });

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it('installs the Firefox build under its gecko id', () => {
    expect(firefox.extensionId).toBe(FIREFOX_EXTENSION_ID);
  });

  describe.each(['x', 'mastodon'])('%s', (id) => {
    const fixture = FIXTURE_PAGES.find((candidate) => candidate.id === id)!;
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      page = await firefox.browser.newPage();
      page.setDefaultTimeout(15_000);
      // Headless Firefox gives a new tab no focus, and with no focus there are no focus
      // events; a user's window has it.
      await page.bringToFront();
      errors = collectPageErrors(page);
      await page.goto(server.url(fixture), { waitUntil: 'load' });
    });
    afterAll(async () => {
      await page?.close();
    });

    it(`underlines the NHS number in the ${fixture.library} editor and leaves the text alone`, async () => {
      await typeDraft(page, fixture, RISKY_DRAFT);
      await waitForBadge(page, (count) => count > 0);
      expect(await editorText(page)).toBe(RISKY_DRAFT);
      expect((await underlineBoxes(page, fixture, FLAGGED_NUMBER, 'nhs-number')).length).toBeGreaterThan(0);
    });

    it('opens the card from the keyboard with the category and guidance', async () => {
      await page.keyboard.down('Alt');
      await page.keyboard.press('Enter');
      await page.keyboard.up('Alt');
      const card = await waitForCard(page);
      expect(card.category).toBe('patient-identifier');
      expect(card.guidance.some((ref) => ref.startsWith('GMP-88 https://www.gmc-uk.org/'))).toBe(true);
      await page.keyboard.press('Escape');
    });

    it('stops the risky post; "Post anyway" posts it once', async () => {
      await clickElement(page, fixture.post);
      const dialog = await waitForDialog(page);
      expect(dialog.categories).toContain('patient-identifier');
      expect(await posts(page)).toEqual([]);
      await clickInOverlay(page, 'dialog button.post-anyway');
      await sleep(200);
      expect(await posts(page)).toEqual([RISKY_DRAFT]);
    });

    it('posts a benign draft straight away', async () => {
      await typeDraft(page, fixture, BENIGN_DRAFT);
      await waitForBadge(page, (count) => count === 0);
      await clickElement(page, fixture.post);
      await sleep(200);
      expect(await posts(page)).toEqual([RISKY_DRAFT, BENIGN_DRAFT]);
    });

    it('logged no error on the host page', () => {
      expect(errors).toEqual([]);
    });
  });
});
