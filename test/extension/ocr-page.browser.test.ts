/**
 * The picture reader inside the extension (src/pages/ocr.ts with src/ocr/browser.ts) in
 * Chromium: another page of the extension sends a picture's bytes on the extension's
 * BroadcastChannel and gets back what the OCR read, with every word's box, using only the
 * worker, WebAssembly and English data inside the extension: no request leaves it.
 * The pages of a site reach it through the relay frame (test/extension/attachments.browser.test.ts).
 */
import * as fs from 'node:fs';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { check } from '../../src/engine';
import { analyseImage } from '../../src/ocr/analyse';
import type { ImageReading } from '../../src/ocr/types';
import { chromiumAvailable, launchChromium, type Launched } from '../browser/launch';
import { renderImageSet, type ImageEntry } from '../fixtures/images/render';

const maybe = chromiumAvailable() ? describe : describe.skip;

type Answer = { id: string; ok: true; reading: ImageReading } | { id: string; ok: false; error: string };

maybe('the picture reader inside the extension', () => {
  let chromium: Launched;
  let images: ImageEntry[];
  let reader: Page;
  let asker: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    images = await renderImageSet();
    chromium = await launchChromium(0);
    const watch = (page: Page) => page.on('request', (request: HTTPRequest) => requests.push(request.url()));
    reader = await chromium.browser.newPage();
    watch(reader);
    await reader.goto(`chrome-extension://${chromium.extensionId}/pages/ocr.html`);
    await reader.waitForSelector('html[data-ready="true"]');
    asker = await chromium.browser.newPage();
    watch(asker);
    await asker.goto(`chrome-extension://${chromium.extensionId}/pages/popup.html`);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
  });

  /** Sends `bytes` from the asking page, as the extension's own pages will, and waits for the answer. */
  const ask = (bytes: Uint8Array): Promise<Answer> =>
    asker.evaluate(
      (numbers: number[], id: string) =>
        new Promise<Answer>((resolve) => {
          const channel = new BroadcastChannel('second-opinion-ocr');
          channel.addEventListener('message', (event: MessageEvent) => {
            // Progress ({ id, progress }) comes before the answer.
            if ((event.data as Answer).id !== id || !('ok' in (event.data as object))) return;
            channel.close();
            resolve(event.data as Answer);
          });
          const buffer = Uint8Array.from(numbers).buffer;
          channel.postMessage({ id, bytes: buffer });
        }),
      [...bytes],
      `request-${Math.random()}`,
    );

  it('reads a picture sent as bytes, with each word boxed, and the engine finds what identifies the patient', async () => {
    const wristband = images.find((image) => image.id === 'wristband-1')!;
    const answer = await ask(fs.readFileSync(wristband.file));
    expect(answer.ok).toBe(true);
    const { reading } = answer as Extract<Answer, { ok: true }>;
    expect(reading.text).toMatch(/NHS No: \d{3} \d{3} \d{4}/);
    expect(reading.words.every((word) => word.box.x1 > word.box.x0 && reading.text.slice(word.start, word.end) === word.text)).toBe(true);
    const report = analyseImage(reading, {}, (text) => check({ text, audience: 'public' }), { label: (c) => c });
    expect(report.findings.some((f) => f.rule === 'nhs-number' && f.boxes.length > 0)).toBe(true);
  }, 60_000);

  it('reads a dark screen by inverting it, as in Node', async () => {
    const screen = images.find((image) => image.id === 'results-screen-1')!;
    const answer = await ask(fs.readFileSync(screen.file));
    expect(answer.ok && answer.reading.text).toMatch(/NHS: \d{3} \d{3} \d{4}/);
  }, 60_000);

  it('says why it cannot read a damaged picture or a PDF, and reads the next', async () => {
    const jpeg = fs.readFileSync(images.find((image) => image.file.endsWith('.jpg'))!.file);
    const damaged = await ask(jpeg.subarray(0, 400));
    expect(damaged).toMatchObject({ ok: false, error: expect.stringMatching(/damaged|not a picture/) });
    const pdf = await ask(new TextEncoder().encode('%PDF-1.7\n1 0 obj'));
    expect(pdf).toMatchObject({ ok: false, error: 'it is a PDF, not a picture' });
    const next = await ask(fs.readFileSync(images.find((image) => image.id === 'wristband-2')!.file));
    expect(next.ok).toBe(true);
  }, 60_000);

  it('fetched nothing from outside the extension', () => {
    expect(requests.filter((url) => !url.startsWith(`chrome-extension://${chromium.extensionId}/`))).toEqual([]);
    expect(requests.some((url) => url.endsWith('/ocr/eng.traineddata.gz'))).toBe(true);
  });
});
