/**
 * Firefox ESR smoke test: the Firefox build, installed into Debian's firefox-esr, warns
 * in one rich editor (Draft.js on X) and one textarea (Mastodon) and stops a risky post.
 * The Chromium suite covers every site in depth; this proves the Firefox manifest,
 * background scripts and engine injection work in Gecko.
 *
 * Then Firefox reads a trust's settings from a real /etc/firefox/policies/policies.json
 * (3rdparty.Extensions, the same settings Chromium takes from its managed folder).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { buildFixtures, startFixtureServer, type FixtureServer } from '../browser/fixture-server';
import { FIREFOX_EXTENSION_ID, ROOT, answerWithin, firefoxAvailable, launchFirefox, openInFront, type Launched } from '../browser/launch';
import {
  BENIGN_DRAFT, FLAGGED_NUMBER, OPAQUE_VIEW_WITH_OVERLAY, RISKY_DRAFT, addEmbeddedFrame, cardState, clickElement, dialogState, inOverlay, ruleIndex, addedElementsOfOurs, watchAddedElements, clickInOverlay, editorText, posts, typeDraft, pageView, underlineBoxes, waitFor, waitForBadge,
  openCardFromKeyboard, sleep, waitForCardClosed, waitForDialog,
} from '../browser/page-helpers';
import { ASKS_AGAIN, FIRST_PAUSE_MS } from '../../src/content/checker-request';
import { CATEGORIES } from '../../src/engine/types';
import { FIXTURE_PAGES } from '../fixtures/sites/pages';
import { renderImageSet } from '../fixtures/images/render';
import { FIREFOX_POLICY_FILE, cannotWritePolicy, firefoxExtensionCopy, installFirefoxPolicy } from '../policy/policy-helpers';

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
      ({ page, errors } = await openInFront(firefox.browser, server.url(fixture)));
      // A hostile page watches every element added to it, before any compose box has focus.
      await page.evaluate(watchAddedElements);
    });
    afterAll(async () => {
      await page?.close();
    });

    it(`underlines the NHS number in the ${fixture.library} editor and leaves the text alone`, async () => {
      await typeDraft(page, fixture, RISKY_DRAFT);
      await waitForBadge(page, (count) => count > 0);
      expect(await editorText(page)).toBe(RISKY_DRAFT);
      expect((await underlineBoxes(page, fixture, FLAGGED_NUMBER)).length).toBeGreaterThan(0);
      // The page's own script sees one closed host with no names, no highlights and no styles of ours.
      const view = await pageView(page, [...Object.keys(ruleIndex()), ...CATEGORIES]);
      expect(view).toEqual({
        ...OPAQUE_VIEW_WITH_OVERLAY,
        highlightProbe: { 'second-opinion-high': 'none', 'second-opinion-medium': 'none', 'second-opinion-low': 'none', 'page-own-control': 'underline' },
      });
      expect(await addedElementsOfOurs(page)).toEqual(['second-opinion-overlay']);
    });

    it("ignores the page's script clicks on the badge", async () => {
      // The root is closed to the page; the test reaches it as the automation protocol can, then clicks from the page's world.
      const clicked = await inOverlay(page, (root) => {
        const badge = root?.querySelector<HTMLElement>('.badge');
        badge?.click();
        badge?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        return !!badge;
      });
      expect(clicked).toBe(true);
      // The badge opens the card within its click, so none now means the clicks were refused.
      expect(await cardState(page)).toBeUndefined();
    });

    it('opens the card from the keyboard with the category and guidance', async () => {
      const card = await openCardFromKeyboard(page);
      expect(card.category).toBe('patient-identifier');
      expect(card.guidance.some((ref) => ref.startsWith('GMP-88 https://www.gmc-uk.org/'))).toBe(true);
      await page.keyboard.press('Escape');
    });

    it("takes the user's own choice of what to stop, by its label, and undoes a script's", async () => {
      await openCardFromKeyboard(page);
      await clickInOverlay(page, '.card button.mute');
      const ruleChosen = () => inOverlay(page, (root) => root!.querySelector<HTMLInputElement>('.card .mute-scope input[value="rule"]')!.checked);
      // The user clicks the words of the label: Gecko forwards that click to the radio, as the user's.
      await clickInOverlay(page, '.card .mute-scope label:has(input[value="rule"]) span');
      await waitFor(ruleChosen, (chosen) => chosen, 'the rule chosen by its label');
      // A script's click on the other radio, or on its label, is undone.
      await inOverlay(page, (root) => {
        const words = root!.querySelector<HTMLInputElement>('.card .mute-scope input[value="words"]')!;
        for (const target of [words, words.closest('label')!.querySelector('span')!]) {
          target.click();
          target.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        }
      });
      expect(await ruleChosen()).toBe(true);
      await page.keyboard.press('Escape');
      await waitForCardClosed(page);
    });

    it('stops the risky post; "Post anyway" posts it once', async () => {
      await clickElement(page, fixture.post);
      const dialog = await waitForDialog(page);
      expect(dialog.categories).toContain('patient-identifier');
      expect(await posts(page)).toEqual([]);
      await clickInOverlay(page, 'dialog button.post-anyway');
      // Waited for, not slept on; a second post would show in the next test's list.
      expect(await waitFor(() => posts(page), (list) => list.length > 0, 'the post')).toEqual([RISKY_DRAFT]);
    });

    it('posts a benign draft straight away', async () => {
      await typeDraft(page, fixture, BENIGN_DRAFT);
      await waitForBadge(page, (count) => count === 0);
      await clickElement(page, fixture.post);
      expect(await waitFor(() => posts(page), (list) => list.length > 1, 'the benign post')).toEqual([RISKY_DRAFT, BENIGN_DRAFT]);
    });

    it('logged no error on the host page', () => {
      expect(errors).toEqual([]);
    });
  });

  it('closes the card on a press in a frame of the page, whose document the press reaches instead', async () => {
    const fixture = FIXTURE_PAGES.find((candidate) => candidate.id === 'x')!;
    const { page, errors } = await openInFront(firefox.browser, server.url(fixture));
    try {
      const frame = await addEmbeddedFrame(page);
      await typeDraft(page, fixture, RISKY_DRAFT);
      await waitForBadge(page, (count) => count > 0);
      await openCardFromKeyboard(page);
      await page.mouse.click(frame.x, frame.y);
      await waitForCardClosed(page);
      expect(await editorText(page)).toBe(RISKY_DRAFT);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("reads an attached picture in its background page's reader, and the last check holds the post", async () => {
    // Firefox has no offscreen documents: the background page opens the picture reader in a frame of its own.
    const fixture = FIXTURE_PAGES.find((candidate) => candidate.id === 'discourse')!;
    const wristband = (await renderImageSet()).find((image) => image.id === 'wristband-1')!;
    const { page, errors } = await openInFront(firefox.browser, server.url(fixture));
    try {
      await typeDraft(page, fixture, BENIGN_DRAFT);
      await waitForBadge(page, (count) => count === 0);
      const input = await page.$('input#file-uploader');
      await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(wristband.file);
      const badge = await waitFor(
        () => inOverlay(page, (root) => root?.querySelector<HTMLElement>('.badge.pictures')?.textContent ?? ''),
        (text) => /\d/.test(text),
        'the pictures badge to show what the picture holds',
        60_000,
      ).catch(async (error: Error) => {
        // One fresh-clone CI run waited the whole minute at "…" here, and no run since has;
        // what the background page's reader was doing then says where the picture stopped.
        throw new Error(`${error.message}; the background page's picture reader: ${await pictureReaderState(firefox)}`, { cause: error });
      });
      expect(Number(badge.replace(/\D/g, ''))).toBeGreaterThan(0);
      await clickElement(page, fixture.post);
      await waitForDialog(page);
      expect(await posts(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000); // the image set may be drawn here first, and a stall waits a minute before saying where it stopped
});

/**
 * The background page's picture reader, as an extension page of the same install sees it:
 * whether the page is running, how many reader frames it holds, and whether each has
 * loaded its script. Read from a new tab on one of the extension's pages.
 */
async function pictureReaderState(launched: Launched): Promise<string> {
  if (!launched.extensionBase) return 'unknown (no address for the extension)';
  let page: Page | undefined;
  try {
    page = await launched.browser.newPage();
    // Not awaited: puppeteer would wait for a load it never hears of; the page is asked below.
    void page.goto(`${launched.extensionBase}pages/welcome.html`).catch(() => undefined);
    const tab = page;
    return await waitFor(
      () =>
        answerWithin(tab, async () => {
          if (!location.href.startsWith('moz-extension:')) return '';
          const api = (globalThis as unknown as { browser: { runtime: { getBackgroundPage(): Promise<Window | null> } } }).browser;
          const background = await api.runtime.getBackgroundPage();
          if (!background) return 'no background page';
          const frames = Array.from(background.document.querySelectorAll<HTMLIFrameElement>('iframe.picture-reader'));
          return `${frames.length} reader frame(s): ${frames.map((frame) => frame.contentDocument?.documentElement.dataset.ready ?? 'no document').join(', ') || 'none'}`;
        }),
      (text) => text !== '',
      'the extension page to answer',
      5_000,
    );
  } catch (error) {
    return `not read (${(error as Error).message})`;
  } finally {
    await page?.close().catch(() => undefined);
  }
}

/**
 * A copy of the extension whose worker starts `delayMs` after an x page has loaded (or, with
 * `untilTitle`, once an x page has that title), every time, so the page's first request for
 * the checker always finds nothing listening.
 */
function extensionWithLateWorker(name: string, delayMs: number, untilTitle?: string): string {
  const copy = firefoxExtensionCopy(name, `second-opinion-${name}@second-opinion.invalid`);
  const manifestFile = path.join(copy.dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  manifest.background.scripts = ['late-start.js'];
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(copy.dir, 'late-start.js'),
    [
      // Queries overlap (one every 50 ms): only the first to see the page starts the worker.
      'let seen = false;',
      'const waiting = setInterval(() => {',
      '  browser.tabs.query({}).then((tabs) => {',
      `    if (seen || !tabs.some((tab) => tab.status === 'complete' && /^https:\\/\\/x\\.com[:/]/.test(tab.url ?? '')${untilTitle ? ` && tab.title === ${JSON.stringify(untilTitle)}` : ''})) return;`,
      '    seen = true;',
      '    clearInterval(waiting);',
      `    setTimeout(() => document.head.append(Object.assign(document.createElement('script'), { src: 'background.js' })), ${delayMs});`,
      '  });',
      '}, 50);',
      '',
    ].join('\n'),
  );
  return copy.dir;
}

/**
 * Firefox with that copy installed and the fixture server, for the describe block it is called
 * in (started before its tests, closed after); returns a function that opens the x page in front.
 */
function firefoxWithLateWorker(name: string, delayMs: number, untilTitle?: string) {
  let server: FixtureServer;
  let firefox: Launched;
  beforeAll(async () => {
    const extensionDir = extensionWithLateWorker(name, delayMs, untilTitle);
    await buildFixtures();
    server = await startFixtureServer();
    // Its worker starts too late to hear of the install, so it opens no welcome tab (seen:
    // none was open at the end of these tests; one opening later would hide the page typed in).
    firefox = await launchFirefox({ extensionDir, welcome: 'none' });
  });
  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });
  const fixture = FIXTURE_PAGES.find((candidate) => candidate.id === 'x')!;
  return async () => ({ fixture, ...(await openInFront(firefox.browser, server.url(fixture))) });
}

// The worker may not be listening when the first compose box gets focus: the browser has
// just started, or the extension was just installed or updated. The sentinel's request then
// fails, and the clinician, typing on, gives no second focus to ask on; it asks again
// (src/content/checker-request.ts). This copy's worker starts 3 s after the x page has loaded.
describeIfFirefox('Firefox ESR, with a worker that starts late', () => {
  const openX = firefoxWithLateWorker('firefox-late-worker', 3000);

  it('checks the draft typed before the worker started, with no second focus', async () => {
    const { fixture, page, errors } = await openX();
    try {
      await typeDraft(page, fixture, RISKY_DRAFT);
      await waitForBadge(page, (count) => count > 0, 30_000);
      expect(await editorText(page)).toBe(RISKY_DRAFT);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

// A worker later still than the request's half minute of asking again (ASKS_AGAIN): the request
// has given up by the time it listens. The clinician's next keystroke asks afresh, as a focus
// would. This copy's worker starts only when the test says so (the page's title), after the
// request has given up.
const START_THE_WORKER = 'second-opinion test: start the worker';
describeIfFirefox('Firefox ESR, with a worker that starts after the request has given up', () => {
  const openX = firefoxWithLateWorker('firefox-later-worker', 0, START_THE_WORKER);

  it('checks the draft once the clinician types again, with no second focus', async () => {
    const { fixture, page, errors } = await openX();
    try {
      await typeDraft(page, fixture, RISKY_DRAFT);
      // The compose box's focus, in typeDraft, sent the first request before this.
      const afterFirstSend = Date.now();
      // Past the request's asking again (its last send 31.75 s after the first, each a few ms
      // later for the refusal before it) with a wide margin: it has given up. Cut short, the
      // last send would reach the worker started below and the test pass without the feature;
      // waiting on the clock is the point here, and nothing is timed.
      await sleep(Math.max(0, afterFirstSend + FIRST_PAUSE_MS * (2 ** ASKS_AGAIN - 1) + 5_000 - Date.now()));
      expect(await inOverlay(page, (root) => !!root?.querySelector('.badge'))).toBe(false);
      // The worker starts, and the clinician types on without leaving the compose box.
      await page.evaluate((title) => void (document.title = title), START_THE_WORKER);
      await page.keyboard.type(' x');
      await waitForBadge(page, (count) => count > 0, 40_000);
      expect(await editorText(page)).toBe(`${RISKY_DRAFT} x`);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});

const policyBlocked = available ? cannotWritePolicy(path.dirname(FIREFOX_POLICY_FILE)) : 'firefox-esr is not installed';
if (available && policyBlocked && process.env.SECOND_OPINION_REQUIRE_BROWSERS) throw new Error(`the Firefox policy test must run here, but ${policyBlocked}`);
// eslint-disable-next-line no-console
if (available && policyBlocked) console.warn(`Skipping the Firefox managed-policy test: ${policyBlocked}.`);
const describeWithFirefoxPolicy = policyBlocked ? describe.skip : describe;

// Firefox reads policies.json once, at start-up: this browser is launched after the file is written.
describeWithFirefoxPolicy('managed policy in Firefox ESR', () => {
  const POLICY_TEST_ID = 'second-opinion-policy-test@second-opinion.invalid';
  let server: FixtureServer;
  let firefox: Launched;
  let removePolicy: (() => void) | undefined;

  beforeAll(async () => {
    const copy = firefoxExtensionCopy('firefox-policy-extension', POLICY_TEST_ID);
    // The deployment kit's own example (block identifiers, local term "Rowan Ward"), moved to the test copy's id.
    const kit = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/deploy/firefox/policies.json'), 'utf8'));
    const settings = kit.policies['3rdparty'].Extensions[FIREFOX_EXTENSION_ID];
    expect(settings).toMatchObject({ categories: { 'patient-identifier': 'block' }, localTerms: expect.arrayContaining(['Rowan Ward']) });
    removePolicy = installFirefoxPolicy(copy.id, settings);
    await buildFixtures();
    server = await startFixtureServer();
    firefox = await launchFirefox({ extensionDir: copy.dir });
  });

  afterAll(async () => {
    removePolicy?.();
    await firefox?.close();
    await server?.close();
  });

  it('flags the local term from the kit\'s policies.json, and the blocked category needs the review box ticked', async () => {
    expect(firefox.extensionId).toBe(POLICY_TEST_ID);
    const fixture = FIXTURE_PAGES.find((candidate) => candidate.id === 'mastodon')!;
    const { page } = await openInFront(firefox.browser, server.url(fixture));
    await typeDraft(page, fixture, 'Lovely lady on Rowan Ward today, 94 and sharp as a tack. NHS no 943 476 5919.');
    // Without the policy's local term only the NHS number is flagged: an underline under "Rowan Ward" is the policy's.
    await waitFor(() => underlineBoxes(page, fixture, 'Rowan Ward'), (boxes) => boxes.length > 0, 'the local term from the policy was never flagged', 30_000);

    await clickElement(page, fixture.post);
    const dialog = await waitForDialog(page);
    expect(dialog.requiresReview).toBe(true);
    await clickInOverlay(page, 'dialog input.reviewed');
    await clickInOverlay(page, 'dialog button.post-anyway');
    await waitFor(() => posts(page), (list) => list.length === 1, 'the reviewed post did not go');

    // The page probes for the local term: writes a draft naming it and clicks Post from script.
    // The draft is flagged, yet the script's click posts as any other would: nothing to learn.
    await page.evaluate((editor) => {
      const box = document.querySelector<HTMLTextAreaElement>(editor)!;
      box.value = 'Lovely lady on Rowan Ward today, 94 and sharp as a tack.';
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }, fixture.editor);
    await waitFor(() => underlineBoxes(page, fixture, 'Rowan Ward'), (boxes) => boxes.length > 0, 'the probe draft was never checked', 30_000);
    await page.evaluate((post) => document.querySelector<HTMLElement>(post)!.click(), fixture.post);
    await waitFor(() => posts(page), (list) => list.length === 2, "the script's click was held back");
    expect((await dialogState(page))?.open ?? false).toBe(false);
    await page.close();
  });
});
