/**
 * The picture reader inside the extension: the OCR runs here, in the extension's own
 * context (an offscreen document in Chromium, a page of the extension in Firefox), never
 * in a site's page. It answers on a BroadcastChannel, which only the extension's own pages
 * share (the channel is per origin), and which carries the picture's bytes as bytes.
 *   request:  { id: string, bytes: ArrayBuffer }
 *   answer:   { id, ok: true, reading, metadata } | { id, ok: false, error }
 * One picture at a time, in the order asked.
 */
import { createBrowserImageReader } from '../ocr/browser';
import { UnreadableImage } from '../ocr/types';

export const OCR_CHANNEL = 'second-opinion-ocr';

const reader = createBrowserImageReader(new URL('../ocr/', location.href).href);
const channel = new BroadcastChannel(OCR_CHANNEL);
let queue: Promise<void> = Promise.resolve();

channel.addEventListener('message', (event: MessageEvent) => {
  const request = event.data as { id?: unknown; bytes?: unknown } | null;
  if (!request || typeof request.id !== 'string' || !(request.bytes instanceof ArrayBuffer)) return;
  const { id, bytes } = request as { id: string; bytes: ArrayBuffer };
  queue = queue.then(async () => {
    try {
      const { reading, metadata } = await reader.read(new Uint8Array(bytes));
      channel.postMessage({ id, ok: true, reading, metadata });
    } catch (e) {
      channel.postMessage({ id, ok: false, error: e instanceof UnreadableImage ? e.message : `could not read this image: ${(e as Error).message}` });
    }
  });
});

document.documentElement.dataset.ready = 'true';
