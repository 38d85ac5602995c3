/**
 * The check after a pause runs in slices (src/content/slices.ts) so keystrokes never wait
 * behind a whole check of a long draft. Typing on while a slice-by-slice check is under
 * way must abandon it cleanly: when the typing stops, what the page shows is exactly the
 * engine's answer for the final text, the editor holds exactly what was typed, and the
 * page logs no error.
 */
import type { Page } from 'puppeteer-core';
import { check, shownFindings } from '../../src/engine';
import { buildFixtures, startFixtureServer, type FixtureServer } from '../browser/fixture-server';
import { launchChromium, openInFront, type Launched } from '../browser/launch';
import { badgeCount, clickElement, editorText, inOverlay, sleep, underlineBoxes, waitFor } from '../browser/page-helpers';
import { longDraft } from '../fixtures/corpus/posts';
import { FIXTURE_PAGES } from '../fixtures/sites/pages';

jest.setTimeout(90_000);

/** Evaluates in the world our content script runs in (Chromium keeps it apart from the page's), through the DevTools protocol. */
async function contentScriptWorld(page: Page): Promise<{ evaluate(expression: string): Promise<unknown>; detach(): Promise<void> }> {
  const session = await page.createCDPSession();
  const contexts: { id: number; origin: string }[] = [];
  session.on('Runtime.executionContextCreated', ({ context }) => contexts.push({ id: context.id, origin: context.origin }));
  await session.send('Runtime.enable'); // reports the contexts that exist already
  const world = contexts.find((context) => context.origin === `chrome-extension://${chromium.extensionId}`);
  if (!world) throw new Error(`no content-script world among ${contexts.map((context) => context.origin).join(', ')}`);
  return {
    async evaluate(expression) {
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', { expression, contextId: world.id, returnByValue: true });
      if (exceptionDetails) throw new Error(exceptionDetails.text);
      return result.value;
    },
    detach: () => session.detach(),
  };
}

let server: FixtureServer;
let chromium: Launched;

beforeAll(async () => {
  await buildFixtures();
  server = await startFixtureServer();
  chromium = await launchChromium(server.port);
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe.each(['x', 'facebook-group'])('%s', (id) => {
  const fixture = FIXTURE_PAGES.find((candidate) => candidate.id === id)!;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openInFront(chromium.browser, server.url(fixture)));
  });
  afterAll(async () => {
    await page?.close();
  });

  it('shows the engine\'s answer for the final text after typing through checks of a long draft', async () => {
    const draft = longDraft();
    await clickElement(page, fixture.editor);
    await page.keyboard.sendCharacter(draft); // as a paste would
    // Keys just after the debounce, so they land while checks are in progress, then a risk.
    const typed = ' Bay 4 bed 2, NHS no 943 476 5919.';
    for (const [i, key] of [...typed].entries()) {
      await page.keyboard.type(key);
      await sleep(i % 3 === 0 ? 155 : 40);
    }
    const finalText = await editorText(page);
    expect(finalText).toBe(draft + typed);
    // The badge counts each risk once (findings on the same words as another kind are shown with it).
    const expected = shownFindings(check({ text: finalText, site: fixture.site, audience: fixture.audience })).length;
    expect(expected).toBeGreaterThan(10);
    const shown = await waitFor(() => badgeCount(page), (count) => count === expected, `the badge never showed the ${expected} findings for the final text`);
    expect(shown).toBe(expected);
    const underlined = await underlineBoxes(page, fixture, '943 476 5919');
    expect(underlined.length).toBeGreaterThan(0);
  });

  it('leaves the underlines drawn when typing on changes no finding, and they still cover the flagged text', async () => {
    // The underline elements drawn now, kept (in the page's world, by the test alone) to compare after typing.
    const before = await inOverlay(page, (root) => {
      const lines = Array.from(root?.querySelectorAll<HTMLElement>('.underline') ?? []);
      (window as unknown as { drawn: HTMLElement[] }).drawn = lines;
      return lines.map((line) => line.getBoundingClientRect().toJSON() as DOMRect);
    });
    expect(before.length).toBeGreaterThan(0);
    const numberBefore = await underlineBoxes(page, fixture, '943 476 5919');
    expect(numberBefore.length).toBeGreaterThan(0);
    // Count the frames our content script asks for from here on, in its own world. In
    // front first, so that a frame asked for while hidden has been drawn and a new one would
    // be asked for.
    await page.bringToFront();
    await sleep(100);
    const contentScript = await contentScriptWorld(page);
    await contentScript.evaluate(`(() => {
      const ask = globalThis.requestAnimationFrame.bind(globalThis);
      globalThis.framesAsked = 0;
      globalThis.requestAnimationFrame = (callback) => { globalThis.framesAsked++; return ask(callback); };
    })()`);
    await page.keyboard.type(' ok');
    const count = await badgeCount(page);
    await sleep(600); // past the debounce and the check
    expect(await badgeCount(page)).toBe(count);
    const after = await inOverlay(page, (root) => {
      const lines = Array.from(root?.querySelectorAll<HTMLElement>('.underline') ?? []);
      const drawn = (window as unknown as { drawn: HTMLElement[] }).drawn;
      return { same: lines.length === drawn.length && lines.every((line, i) => line === drawn[i]), boxes: lines.map((line) => line.getBoundingClientRect().toJSON() as DOMRect) };
    });
    // The same elements, in the same places: typing after the findings moved none of them.
    expect(after).toEqual({ same: true, boxes: before });
    expect(await underlineBoxes(page, fixture, '943 476 5919')).toEqual(numberBefore);
    // Nor is the badge placed again: a frame asked for with nothing new to draw can make
    // the next keystroke wait for the display refresh after it.
    expect(await contentScript.evaluate('globalThis.framesAsked')).toBe(0);
    await contentScript.detach();
  });

  it('logged no error on the host page', () => {
    expect(errors).toEqual([]);
  });
});
