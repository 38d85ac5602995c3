/**
 * The extension's "Audit past posts" page (src/pages/audit.ts) in Chromium: an archive
 * chosen from the disk is read and checked in a worker, the report shows in the page and
 * can be saved, Cancel stops a long audit, nothing is requested from any server, and
 * axe-core finds nothing wrong.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchChromium, type Launched } from '../browser/launch';
import { axeViolations } from '../browser/page-helpers';
import { CLEAN, RISKY, xArchive, writeZip } from '../fixtures/archives/build';

// Longer than the waits inside, so that a stuck step fails with its own message, not jest's.
jest.setTimeout(150_000);

let dir: string;
let chromium: Launched;
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-audit-page-'));
  // No fixture server: any request to a host would fail, and is recorded below.
  // The launch closes the welcome tab first, so that it never comes up over the page under
  // test. (Before it was closed first, a fresh clone's CI twice had this file's first test
  // run out of time; the extension, larger since the OCR files, installs later there.)
  chromium = await launchChromium(9);
});
afterAll(async () => {
  await chromium?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  page = await chromium.browser.newPage();
  page.on('request', (request) => requests.push(request.url()));
  await page.bringToFront();
  await page.goto(`chrome-extension://${chromium.extensionId}/pages/audit.html`);
  await page.waitForSelector('body[data-ready="true"]');
});
afterEach(async () => {
  await page?.close();
});

/**
 * Waits for the report; if it never comes, fails saying what the page showed (its status
 * line, whether the audit was still running, whether the page was visible), so a slow or
 * stuck audit can be told apart from a hidden tab.
 */
async function waitForReport(timeout = 60_000, before = ''): Promise<void> {
  try {
    await page.waitForSelector('#report article.post', { timeout });
  } catch (error) {
    const state = await page.evaluate(() => ({
      status: document.getElementById('status')?.textContent,
      running: !document.getElementById('running')?.hidden,
      visibility: document.visibilityState,
      focused: document.hasFocus(),
    }));
    throw new Error(`no report after ${timeout} ms${before ? ` (${before})` : ''}: ${JSON.stringify(state)} (${String(error)})`);
  }
}

describe('the audit page', () => {
  it('reads a chosen archive in a worker and shows the report, which can be saved', async () => {
    const started = Date.now();
    const input = await page.$('input#archive');
    const archive = await xArchive(dir);
    const made = Date.now();
    await input!.uploadFile(archive);
    const chosen = Date.now();
    await waitForReport(60_000, `archive made in ${made - started} ms, chosen in ${chosen - made} ms`);
    expect(await page.$eval('#status', (s) => s.textContent)).toMatch(/^5 posts checked, \d+ flagged\.$/);
    const texts = await page.$$eval('#report article.post .text', (nodes) => nodes.map((n) => n.textContent));
    expect(texts).toEqual(expect.arrayContaining([RISKY.alcohol]));
    expect(texts).not.toContain(CLEAN[0]);
    expect(await page.$$eval('#report mark', (marks) => marks.length)).toBeGreaterThan(0);
    // The report's filters work here too (the page runs the report's own behaviour).
    await page.select('#filter-year', '2018');
    expect(await page.$$eval('#report article.post', (posts) => posts.filter((p) => !(p as HTMLElement).hidden).length)).toBe(1);
    await page.select('#filter-year', '');
    // Saved as the same self-contained HTML the command line writes.
    await page.evaluate(() => {
      (window as unknown as { saved: Promise<string>[] }).saved = [];
      URL.createObjectURL = (blob: Blob) => {
        (window as unknown as { saved: Promise<string>[] }).saved.push(blob.text());
        return 'blob:captured';
      };
    });
    await page.click('#save');
    const [html] = await page.evaluate(() => Promise.all((window as unknown as { saved: Promise<string>[] }).saved));
    expect(html).toMatch(/^<!doctype html>[\s\S]*<mark>Still drunk/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('takes an archive dropped anywhere on the page', async () => {
    const bytes = fs.readFileSync(await xArchive(dir)).toString('base64');
    await page.evaluate((base64) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'twitter-archive.zip', { type: 'application/zip' }));
      document.querySelector('main')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await waitForReport();
    expect(await page.$eval('#status', (s) => s.textContent)).toMatch(/^5 posts checked, \d+ flagged\.$/);
  });

  it("applies the user's local terms and switched-off categories, as the checker does", async () => {
    await page.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      await api.storage.local.set({ settings: { localTerms: ['Larkspur Ward'], categories: { 'colleague-criticism': 'off' } } });
    });
    // The background worker makes the effective settings from them.
    await page.waitForFunction(async () => {
      const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      const { effectiveSettings } = (await api.storage.local.get('effectiveSettings')) as { effectiveSettings?: { settings: { localTerms: string[] } } };
      return effectiveSettings?.settings.localTerms.includes('Larkspur Ward');
    });
    const input = await page.$('input#archive');
    await input!.uploadFile(await xArchive(dir, [
      { id: '1', text: 'Lovely old gent on Larkspur Ward told me about the war today' },
      { id: '2', text: RISKY.colleague },
    ]));
    await page.waitForFunction(() => /posts checked/.test(document.querySelector('#status')!.textContent ?? ''));
    const flagged = await page.$$eval('#report article.post', (posts) => posts.map((p) => ({ text: p.querySelector('.text')!.textContent, categories: (p as HTMLElement).dataset.categories })));
    expect(flagged).toEqual([{ text: 'Lovely old gent on Larkspur Ward told me about the war today', categories: expect.stringContaining('patient-identifier') }]);
    await page.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      await api.storage.local.remove('settings');
    });
  });

  it('says what is wrong with an archive it cannot read, and shows no report', async () => {
    const input = await page.$('input#archive');
    await input!.uploadFile(await writeZip(path.join(dir, 'holiday-photos.zip'), { 'IMG_0001.jpg': new Uint8Array([1, 2, 3]) }));
    await page.waitForFunction(() => /is not an archive Second Opinion can read/.test(document.querySelector('#status')!.textContent ?? ''));
    expect(await page.$eval('#status', (s) => s.textContent)).toMatch(/^holiday-photos\.zip: is not an archive Second Opinion can read\. It reads the archives of X \(Twitter\)/);
    expect(await page.$$('#report article')).toHaveLength(0);
  });

  it('stops a long audit on Cancel, keeping nothing', async () => {
    const many = Array.from({ length: 40_000 }, (_, i) => ({ id: String(10_000 + i), text: `${CLEAN[i % CLEAN.length]} ${i}` }));
    const input = await page.$('input#archive');
    await input!.uploadFile(await xArchive(dir, many));
    await page.waitForSelector('#running:not([hidden])');
    await page.click('#cancel');
    expect(await page.$eval('#status', (s) => s.textContent)).toBe('Audit cancelled: nothing was kept.');
    expect(await page.$eval('#running', (r) => (r as HTMLElement).hidden)).toBe(true);
    // The worker is gone: no report arrives later.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await page.$$('#report article')).toHaveLength(0);
    expect(await page.$eval('#status', (s) => s.textContent)).toBe('Audit cancelled: nothing was kept.');
  });

  it('shows the worst thousand flagged posts and says the saved report holds them all', async () => {
    const input = await page.$('input#archive');
    await input!.uploadFile(await xArchive(dir, Array.from({ length: 1050 }, (_, i) => ({ id: String(20_000 + i), text: `${RISKY.identifier} (${i})` }))));
    await waitForReport();
    expect(await page.$$eval('#report article.post', (posts) => posts.length)).toBe(1000);
    expect(await page.$eval('#report .note', (note) => note.textContent)).toBe('The 1000 worst of 1050 flagged posts are shown here; save the report to see them all.');
  });

  it('is reached from the popup and from the settings', async () => {
    for (const name of ['popup', 'options']) {
      await page.goto(`chrome-extension://${chromium.extensionId}/pages/${name}.html`);
      await page.waitForSelector('body[data-ready="true"]');
      const link = await page.$eval('a#audit', (a) => ({ visible: (a as HTMLElement).offsetParent !== null, href: (a as HTMLAnchorElement).href, text: a.textContent }));
      expect(link).toEqual({ visible: true, href: `chrome-extension://${chromium.extensionId}/pages/audit.html`, text: expect.stringMatching(/^Audit past posts/) });
    }
  });

  it('asked no server for anything', () => {
    expect(requests.filter((url) => !/^(?:chrome-extension|blob|data):/.test(url))).toEqual([]);
  });
});
