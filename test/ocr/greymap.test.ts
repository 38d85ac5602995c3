/**
 * The picture as the extension hands it to the OCR (src/ocr/browser.ts): a portable greymap,
 * read here by the real tesseract.js and its English data in Node, as the extension's reader
 * reads it in the browser.
 */
import * as path from 'node:path';
import sharp from 'sharp';
import { createWorker, type Worker } from 'tesseract.js';
import { OCR_PARAMETERS, portableGreymap } from '../../src/ocr/prepare';

const langPath = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

/** A wristband's line of text, drawn, in grey. */
async function drawnLine(): Promise<{ grey: Uint8Array<ArrayBuffer>; width: number; height: number }> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="160"><rect width="900" height="160" fill="#fff"/><text x="30" y="100" font-family="DejaVu Sans" font-size="48" fill="#000">NHS 943 476 5919</text></svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { grey: new Uint8Array(data), width: info.width, height: info.height };
}

describe('a portable greymap read by tesseract.js', () => {
  let worker: Worker;
  beforeAll(async () => {
    worker = await createWorker('eng', 1, { langPath, gzip: true, cacheMethod: 'none', errorHandler: () => undefined });
    await worker.setParameters(OCR_PARAMETERS);
  }, 60_000);
  afterAll(() => worker?.terminate());

  it('reads the text, with the header comment that keeps the pixels from its orientation sniffing', async () => {
    const { grey, width, height } = await drawnLine();
    // The first pixels spell the EXIF pattern for "turned 90 degrees": unpadded, the picture was read on its side.
    [1, 18, 0, 3, 0, 0, 0, 1, 0, 6].forEach((value, i) => (grey[i] = value));
    const { data } = await worker.recognize(Buffer.concat(portableGreymap(grey, width, height)), {}, { text: true });
    expect(data.text).toMatch(/943 476 5919/);
  }, 60_000);
});
