/**
 * The picture reader inside the extension: the OCR runs here, in the extension's own
 * context (an offscreen document in Chromium, a page of the extension in Firefox), never
 * in a site's page. It answers on a BroadcastChannel, which only the extension's own pages
 * share (the channel is per origin), and which carries the picture's bytes as bytes.
 *   request:  { id: string, bytes: ArrayBuffer }
 *   cancel:   { id: string, cancel: true }   (a picture not yet read is skipped)
 *   answer:   { id, ok: true, reading, metadata } | { id, ok: false, error, cancelled? }
 * One picture at a time, in the order asked. The relay (relay.ts) asks for the pages of
 * a site; the background worker opens this page when the first picture arrives.
 */
import { createBrowserImageReader } from '../ocr/browser';
import { UnreadableImage } from '../ocr/types';
import { OCR_CHANNEL } from '../shared/messages';

const reader = createBrowserImageReader(new URL('../ocr/', location.href).href);
const channel = new BroadcastChannel(OCR_CHANNEL);
let queue: Promise<void> = Promise.resolve();
/** Pictures cancelled before their turn (a picture being read is finished: tesseract cannot stop midway). */
const cancelled = new Set<string>();

channel.addEventListener('message', (event: MessageEvent) => {
  const request = event.data as { id?: unknown; bytes?: unknown; cancel?: unknown } | null;
  if (!request || typeof request.id !== 'string') return;
  if (request.cancel === true) {
    cancelled.add(request.id);
    return;
  }
  if (!(request.bytes instanceof ArrayBuffer)) return;
  const { id, bytes } = request as { id: string; bytes: ArrayBuffer };
  queue = queue.then(async () => {
    if (cancelled.delete(id)) {
      channel.postMessage({ id, ok: false, cancelled: true, error: 'cancelled' });
      return;
    }
    try {
      const { reading, metadata } = await reader.read(new Uint8Array(bytes));
      channel.postMessage({ id, ok: true, reading, metadata });
    } catch (e) {
      channel.postMessage({ id, ok: false, error: e instanceof UnreadableImage ? e.message : `could not read this image: ${(e as Error).message}` });
    }
  });
});

document.documentElement.dataset.ready = 'true';
