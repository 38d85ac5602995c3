/**
 * The OCR in the extension's own context (never a page's): tesseract.js's browser build
 * with its worker, WebAssembly cores and English data inside the extension (`ocr/`, copied
 * by the build), so nothing is fetched; its default worker path is a CDN, so every path is
 * given. The picture is prepared as in Node (src/ocr/prepare.ts) on an OffscreenCanvas.
 */
import { createWorker } from 'tesseract.js';
import { isLightOnDark, OCR_PARAMETERS, ocrScale, portableGreymap } from './prepare';
import { createImageReader, type ImageReader, type PreparedImage } from './reader';
import { UnreadableImage } from './types';

/**
 * Upright (EXIF orientation), scaled, on white, grey, and dark text on light, as a portable
 * greymap (see portableGreymap). In steps, with `pause` between them: decoding a phone photo
 * and turning it grey each take a core for a while, and typing may have started again.
 */
async function prepare(bytes: Uint8Array, pause?: () => Promise<void>): Promise<PreparedImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), { imageOrientation: 'from-image' });
  } catch {
    throw new UnreadableImage('the picture data is damaged or incomplete');
  }
  await pause?.();
  const scale = ocrScale(bitmap.width, bitmap.height);
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.fillStyle = '#ffffff'; // a transparent ground reads as white, not black
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  const originalWidth = bitmap.width;
  bitmap.close();
  const { data } = context.getImageData(0, 0, width, height);
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round(0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!);
  if (isLightOnDark(grey)) for (let i = 0; i < grey.length; i++) grey[i] = 255 - grey[i]!;
  return { image: new Blob(portableGreymap(grey, width, height)), width, height, scale: width / originalWidth };
}

export type BrowserImageReader = ImageReader;

/**
 * `base`: the extension's URL of the OCR files, ending in "/" (`runtime.getURL('ocr/')`).
 * `onProgress`: how far the recognition of the picture being read has got (0 to 1).
 */
export function createBrowserImageReader(base: string, onProgress?: (fraction: number) => void): BrowserImageReader {
  const logger = (message: { status: string; progress: number }) => {
    if (message.status === 'recognizing text') onProgress?.(message.progress);
  };
  return createImageReader(async () => {
    const worker = await createWorker('eng', 1, { workerPath: `${base}worker.min.js`, corePath: base, langPath: base.replace(/\/$/, ''), gzip: true, cacheMethod: 'none', workerBlobURL: false, errorHandler: () => undefined, logger });
    await worker.setParameters(OCR_PARAMETERS);
    return worker;
  }, prepare);
}
