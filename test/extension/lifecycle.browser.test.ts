/**
 * Compose boxes that come and go, as in single-page apps: Facebook's feed composer is
 * mounted when the clinician opens it and unmounted when they close or post. The
 * extension must pick each new box up (MutationObserver and focus, no polling), tear
 * everything down when it goes, and keep the toolbar badge in step.
 */
import type { Page } from 'puppeteer-core';
import { buildFixtures, startFixtureServer, type FixtureServer } from '../browser/fixture-server';
import { launchChromium, openInFront, toolbarBadge, type Launched } from '../browser/launch';
import { BENIGN_DRAFT, RISKY_DRAFT, badgeCount, clickElement, editorText, inOverlay, posts, sleep, typeDraft, waitFor, waitForBadge } from '../browser/page-helpers';
import { FIXTURE_PAGES } from '../fixtures/sites/pages';

jest.setTimeout(60_000);

const fixture = FIXTURE_PAGES.find((candidate) => candidate.id === 'facebook-feed')!;
/** NHS red for high severity (BADGE_COLOURS in src/background/main.ts), as RGBA. */
const HIGH_RED = [0xd5, 0x28, 0x1b, 255];

let server: FixtureServer;
let chromium: Launched;
let page: Page;
let errors: string[];
let tabUrl: string;

/** What the extension has drawn on the page: its on-page badge, its highlight ranges and overlay underlines. */
async function drawn(): Promise<{ badges: number; underlines: number }> {
  return inOverlay(page, (root) => ({
    badges: Array.from(root?.querySelectorAll<HTMLElement>('.badge') ?? []).filter((badge) => !badge.hidden).length,
    underlines: root?.querySelectorAll('.underline').length ?? 0,
  }));
}


beforeAll(async () => {
  await buildFixtures();
  server = await startFixtureServer();
  chromium = await launchChromium(server.port);
  tabUrl = server.url(fixture);
  ({ page, errors } = await openInFront(chromium.browser, tabUrl, 10_000));
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

it('draws nothing on a page with no compose box', async () => {
  expect(await page.$('[role="dialog"]')).toBeNull();
  expect(await drawn()).toEqual({ badges: 0, underlines: 0 });
  expect((await toolbarBadge(chromium, tabUrl)).text).toBe('');
});

it('picks up a compose box the page mounts later, and shows the count on the toolbar badge in red', async () => {
  await clickElement(page, '#open-composer');
  await page.waitForSelector(fixture.editor);
  await typeDraft(page, fixture, RISKY_DRAFT);
  const count = await waitForBadge(page, (value) => value > 0);
  expect(await editorText(page)).toBe(RISKY_DRAFT);
  expect((await drawn()).underlines).toBeGreaterThan(0);
  const toolbar = await waitFor(() => toolbarBadge(chromium, tabUrl), (badge) => badge.text === String(count), 'the toolbar badge never showed the count');
  expect(toolbar.colour).toEqual(HIGH_RED);
});

it('tears everything down when the page unmounts the compose box, and clears the toolbar badge', async () => {
  await clickElement(page, '[role="dialog"] [aria-label="Close"]');
  await waitFor(drawn, (state) => state.badges === 0 && state.underlines === 0, 'the underlines and badge stayed after the editor went');
  await waitFor(() => toolbarBadge(chromium, tabUrl), (badge) => badge.text === '', 'the toolbar badge was not cleared');
  expect(await posts(page)).toEqual([]);
});

it('starts afresh on a new compose box, and still stops a risky post from it', async () => {
  await clickElement(page, '#open-composer');
  await page.waitForSelector(fixture.editor);
  expect(await editorText(page)).toBe('');
  await typeDraft(page, fixture, RISKY_DRAFT);
  await waitForBadge(page, (value) => value > 0);
  await clickElement(page, fixture.post);
  await waitFor(
    () => inOverlay(page, (root) => !!root?.querySelector<HTMLDialogElement>('dialog.last-check')?.open),
    (open) => open,
    'the last check did not open',
  );
  expect(await posts(page)).toEqual([]);
  await page.keyboard.press('Escape');
});

it('a benign post from the same box goes at once; the box unmounts and nothing is left behind', async () => {
  await typeDraft(page, fixture, BENIGN_DRAFT);
  await waitForBadge(page, (value) => value === 0);
  await clickElement(page, fixture.post);
  await waitFor(() => posts(page), (list) => list.length === 1, 'the benign post did not go');
  expect(await posts(page)).toEqual([BENIGN_DRAFT]);
  await waitFor(drawn, (state) => state.badges === 0 && state.underlines === 0, 'something stayed after the editor went');
  expect(await badgeCount(page)).toBeUndefined();
  expect((await toolbarBadge(chromium, tabUrl)).text).toBe('');
});

it('logged no error on the host page', () => {
  expect(errors).toEqual([]);
});
