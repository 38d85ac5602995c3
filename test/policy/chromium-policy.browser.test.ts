/**
 * A trust's policy, from a real file in /etc/chromium/policies/managed/, in Debian's
 * Chromium: a `block` category, a locked setting, a local term, an invalid value, and a
 * change while the browser runs. Needs root; skipped with a message otherwise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { buildFixtures, startFixtureServer, type FixtureServer } from '../browser/fixture-server';
import { launchChromium, type Launched } from '../browser/launch';
import { badgeCount, clickElement, clickInOverlay, dialogState, inOverlay, posts, sleep, typeDraft, underlineBoxes, waitFor, waitForBadge, waitForDialog } from '../browser/page-helpers';
import { FIXTURE_PAGES } from '../fixtures/sites/pages';
import { CHROMIUM_POLICY_DIR, cannotWritePolicy, keylessExtensionCopy, writeChromiumPolicy } from './policy-helpers';

jest.setTimeout(90_000);

const blocked = cannotWritePolicy(CHROMIUM_POLICY_DIR);
if (blocked && process.env.SECOND_OPINION_REQUIRE_BROWSERS) throw new Error(`the policy tests must run here, but ${blocked}`);
// eslint-disable-next-line no-console
if (blocked) console.warn(`Skipping the Chromium managed-policy tests: ${blocked}.`);
const describeWithPolicy = blocked ? describe.skip : describe;

const POLICY_FILE = path.join(CHROMIUM_POLICY_DIR, `second-opinion-test-${process.pid}.json`);
const POLICY = {
  categories: { 'patient-identifier': 'block', prejudice: 'blok' },
  localTerms: ['Rowan Ward'],
  imageCheck: 'block',
  allowPause: false,
  message: 'Remember the trust social media policy.',
  policyUrl: 'http://insecure.example.org/policy',
  showFirstRun: false,
  showAudit: false,
};


describeWithPolicy('managed policy in Chromium', () => {
  let server: FixtureServer;
  let chromium: Launched;
  let extensionId: string;

  beforeAll(async () => {
    const copy = keylessExtensionCopy('policy-extension');
    extensionId = copy.id;
    writeChromiumPolicy(POLICY_FILE, extensionId, POLICY);
    await buildFixtures();
    server = await startFixtureServer();
    chromium = await launchChromium(server.port, { extensionDir: copy.dir, welcome: 'none' }); // the policy turns the first run off
  });

  afterAll(async () => {
    fs.rmSync(POLICY_FILE, { force: true });
    await chromium?.close();
    await server?.close();
  });

  async function optionsPage(): Promise<Page> {
    const page = await chromium.browser.newPage();
    await page.goto(`chrome-extension://${extensionId}/pages/options.html`);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  it('loads the extension under the id the policy names (Chromium accepted our managed_schema)', () => {
    expect(chromium.extensionId).toBe(extensionId);
  });

  it('shows an enforced category locked on the options page, and reports the invalid values while valid keys apply', async () => {
    const page = await optionsPage();
    const state = await waitFor(
      () =>
        page.evaluate(() => {
          const select = document.querySelector<HTMLSelectElement>('#category-patient-identifier')!;
          return {
            value: select.value,
            disabled: select.disabled,
            lockedNote: select.parentElement?.querySelector('.locked')?.textContent ?? '',
            problems: Array.from(document.querySelectorAll<HTMLElement>('#problems li')).map((item) => item.dataset.key),
            problemText: document.querySelector('#problems')?.textContent ?? '',
            message: document.querySelector('#trust .trust-message')?.textContent ?? '',
            prejudiceLocked: document.querySelector<HTMLSelectElement>('#category-prejudice')!.disabled,
            pictures: (({ value, disabled }) => ({ value, disabled }))(document.querySelector<HTMLSelectElement>('#image-check')!),
          };
        }),
      (value) => value.value === 'block',
      'the policy never reached the options page',
      30_000,
    );
    expect(state.disabled).toBe(true);
    expect(state.lockedNote).toBe('Set by your organisation');
    expect(state.message).toBe(POLICY.message);
    // The misspelt mode and the http link are ignored, each reported by key; the rest applies.
    expect(state.problems).toEqual(expect.arrayContaining(['categories.prejudice', 'policyUrl']));
    expect(state.problemText).toContain('https');
    expect(state.prejudiceLocked).toBe(false);
    // The picture check the trust requires: block, shown and locked.
    expect(state.pictures).toEqual({ value: 'block', disabled: true });
    await page.close();
  });

  it('flags a local term from the policy, and a blocked category needs the review box ticked before the post goes', async () => {
    const fixture = FIXTURE_PAGES.find((candidate) => candidate.id === 'mastodon')!;
    const page = await chromium.browser.newPage();
    await page.goto(server.url(fixture));
    await typeDraft(page, fixture, 'Lovely lady on Rowan Ward today, 94 and sharp as a tack. NHS no 943 476 5919.');
    await waitForBadge(page, (count) => count > 0);
    // Without the policy's local term only the NHS number is flagged: an underline under "Rowan Ward" is the policy's.
    await waitFor(() => underlineBoxes(page, fixture, 'Rowan Ward'), (boxes) => boxes.length > 0, 'the local term from the policy was never flagged');

    await clickElement(page, fixture.post);
    const dialog = await waitForDialog(page);
    expect(dialog.requiresReview).toBe(true);
    const postDisabled = () => inOverlay(page, (root) => root!.querySelector<HTMLButtonElement>('dialog button.post-anyway')!.disabled);
    expect(await postDisabled()).toBe(true);
    await clickInOverlay(page, 'dialog button.post-anyway');
    await sleep(100);
    expect(await posts(page)).toEqual([]);
    // A script's tick is not a review: the box toggles, and a trusted change fires, yet Post anyway stays disabled.
    await inOverlay(page, (root) => root!.querySelector<HTMLInputElement>('dialog input.reviewed')!.click());
    expect(await postDisabled()).toBe(true);
    await inOverlay(page, (root) => (root!.querySelector<HTMLInputElement>('dialog input.reviewed')!.checked = false));
    await clickInOverlay(page, 'dialog input.reviewed');
    expect(await postDisabled()).toBe(false);
    await clickInOverlay(page, 'dialog button.post-anyway');
    await waitFor(() => posts(page), (list) => list.length === 1, 'the reviewed post did not go');
    await page.close();
  });

  it("cannot be probed by the page for the trust's local terms: a script's Post click never opens the last check", async () => {
    const fixture = FIXTURE_PAGES.find((candidate) => candidate.id === 'mastodon')!;
    const page = await chromium.browser.newPage();
    await page.bringToFront();
    await page.goto(server.url(fixture));
    // The clinician is composing: the box has had focus, so it is being checked.
    await typeDraft(page, fixture, 'Back on the ward tomorrow.');
    await waitForBadge(page, (count) => count === 0);
    // The page writes candidate place names into the box, as a user would, and clicks its own Post button from script.
    const write = (place: string) =>
      page.evaluate(
        (place, editor) => {
          const box = document.querySelector<HTMLTextAreaElement>(editor)!;
          box.value = `Lovely lady on ${place} today, 94 and sharp as a tack.`;
          box.dispatchEvent(new Event('input', { bubbles: true }));
        },
        place,
        fixture.editor,
      );
    const scriptPost = () =>
      page.evaluate(async (post) => {
        const before = window.fixture.posts.length;
        document.querySelector<HTMLElement>(post)!.click();
        await new Promise((resolve) => setTimeout(resolve, 300));
        return window.fixture.posts.length > before;
      }, fixture.post);
    await write('Birch Ward');
    await sleep(1000);
    expect(await badgeCount(page)).toBe(0);
    expect(await scriptPost()).toBe(true);
    // The configured term is flagged (the check ran, and a real click would open the last check),
    // yet the script's click goes through just the same: the page learns nothing from it.
    await write('Rowan Ward');
    await waitForBadge(page, (count) => count > 0);
    expect(await scriptPost()).toBe(true);
    expect((await dialogState(page))?.open ?? false).toBe(false);
    await page.close();
  });

  it('takes a changed policy file while the browser runs, without a restart', async () => {
    writeChromiumPolicy(POLICY_FILE, extensionId, { ...POLICY, categories: { 'patient-identifier': 'warn' }, message: 'Updated message.' });
    const page = await optionsPage();
    const state = await waitFor(
      () => page.evaluate(() => ({ message: document.querySelector('#trust .trust-message')?.textContent ?? '', value: document.querySelector<HTMLSelectElement>('#category-patient-identifier')!.value })),
      (value) => value.message === 'Updated message.',
      'the changed policy never arrived',
      60_000,
    );
    expect(state.value).toBe('warn');
    await page.close();
  });

  it('hides the audit of past posts when the policy says showAudit: false: no link to it, and the page itself says so', async () => {
    const options = await optionsPage();
    expect(await options.$eval('#audit-link', (p) => (p as HTMLElement).hidden)).toBe(true);
    await options.close();
    const audit = await chromium.browser.newPage();
    await audit.goto(`chrome-extension://${extensionId}/pages/audit.html`);
    await audit.waitForSelector('body[data-ready="true"]');
    expect(await audit.$eval('#choose', (form) => (form as HTMLElement).hidden)).toBe(true);
    expect(await audit.$eval('#hidden-by-trust', (p) => [(p as HTMLElement).hidden, p.textContent])).toEqual([false, 'Your organisation has turned the audit of past posts off.']);
    await audit.close();
  });

  it('opened no welcome page, because the policy turned the first run off', () => {
    // By now (several seconds after install, past the first managed read) the page would be open.
    expect(chromium.browser.targets().map((target) => target.url()).filter((url) => url.includes('/pages/welcome.html'))).toEqual([]);
  });
});
