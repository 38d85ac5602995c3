/**
 * The audit's HTML report (src/audit/report-html.ts) opened from the disk in Chromium: it
 * asks for nothing from any server, axe-core finds nothing wrong, the filters work from the
 * keyboard, and the ticked posts are saved as a CSV delete list.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { audit } from '../../src/audit/audit';
import { openArchive } from '../../src/audit/open-node';
import { reportData } from '../../src/audit/report-data';
import { reportHtml } from '../../src/audit/report-html';
import { check } from '../../src/engine';
import { launchChromium, type Launched } from '../browser/launch';
import { axeViolations } from '../browser/page-helpers';
import { facebookArchive, RISKY, xArchive } from '../fixtures/archives/build';

jest.setTimeout(60_000);

let dir: string;
let chromium: Launched;
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-report-'));
  const archives = [await openArchive(await xArchive(dir)), await openArchive(await facebookArchive(dir))];
  const html = reportHtml(reportData(await audit(archives, { check }), new Date('2026-12-02T10:00:00Z')));
  await Promise.all(archives.map((a) => a.close()));
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html);
  chromium = await launchChromium(0, { extension: false });
  page = await chromium.browser.newPage();
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`file://${file}`, { waitUntil: 'load' });
});

afterAll(async () => {
  await chromium?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const visibleTitles = () => page.$$eval('article.post', (posts) => posts.filter((p) => !(p as HTMLElement).hidden).map((p) => p.querySelector('.text')!.textContent!));

describe('the audit report', () => {
  it('loads nothing but itself', () => {
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
  });

  it('passes axe-core', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the totals, a chart by year and the risky words marked', async () => {
    expect(await page.$eval('header p', (p) => p.textContent)).toMatch(/^10 posts checked from X \(Twitter\) \(5 posts\), Facebook \(5 posts\); \d+ may be worth deleting/);
    expect(await page.$eval('svg[role="img"]', (svg) => svg.getAttribute('aria-label'))).toMatch(/^Flagged posts by year: 2018: 1, /);
    expect(await page.$$eval('mark', (marks) => marks.map((m) => m.textContent))).toEqual(expect.arrayContaining(['943 476 5919']));
  });

  it('filters by risk, year and site from the keyboard', async () => {
    const all = (await visibleTitles()).length;
    await page.focus('#filter-site');
    await page.keyboard.press('ArrowDown'); // the first site, Facebook
    await page.waitForFunction(() => document.querySelector('#shown')!.textContent !== document.querySelectorAll('article.post').length + ' shown');
    const facebook = await visibleTitles();
    expect(facebook.length).toBeGreaterThan(0);
    expect(facebook.length).toBeLessThan(all);
    expect(facebook).toContain(RISKY.identifier);
    await page.select('#filter-site', '');
    await page.select('#filter-category', 'alcohol-at-work');
    const alcohol = await visibleTitles();
    expect(alcohol.every((text) => text.includes('drunk'))).toBe(true);
    await page.select('#filter-category', '');
    await page.select('#filter-year', '2018');
    expect(await visibleTitles()).toEqual([RISKY.alcohol]);
    await page.select('#filter-year', '');
    expect((await visibleTitles()).length).toBe(all);
  });

  it('saves the ticked posts as a CSV delete list', async () => {
    expect(await page.$eval('#export', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await page.evaluate(() => {
      const saved: Promise<string>[] = [];
      (window as unknown as { saved: Promise<string>[] }).saved = saved;
      URL.createObjectURL = (blob: Blob) => {
        saved.push(blob.text());
        return 'blob:captured';
      };
    });
    const boxes = await page.$$('input.delete');
    await boxes[0]!.focus();
    await page.keyboard.press('Space');
    await boxes[1]!.click();
    expect(await page.$eval('#to-delete', (s) => s.textContent)).toBe('2 posts');
    await page.focus('#export');
    await page.keyboard.press('Enter');
    const csv = await page.evaluate(() => Promise.all((window as unknown as { saved: Promise<string>[] }).saved));
    const lines = csv[0]!.trim().split('\r\n');
    expect(lines[0]).toBe('site,date,link,search,text');
    expect(lines).toHaveLength(3);
  });
});
