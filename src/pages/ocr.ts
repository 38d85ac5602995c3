/**
 * The picture reader inside the extension: the OCR runs here, in the extension's own
 * context (an offscreen document in Chromium, a page of the extension in Firefox), never
 * in a site's page. It answers on a BroadcastChannel, which only the extension's own pages
 * share (the channel is per origin), and which carries the picture's bytes as bytes.
 *   request:  { id: string, bytes: ArrayBuffer }
 *   cancel:   { id: string, cancel: true }   (a picture not yet read is skipped)
 *   typing:   { typing: true }   (the clinician is typing in a compose box: see below)
 *   progress: { id, progress }   (how far the recognition has got, 0 to 1, in steps of a tenth)
 *   answer:   { id, ok: true, reading, metadata } | { id, ok: false, error, cancelled? }
 * One picture at a time, in the order asked. The relay (relay.ts) asks for the pages of
 * a site; the background worker opens this page when the first picture arrives.
 *
 * Typing comes first. The OCR takes a core for a second or more, and on a machine with two
 * cores that made every keystroke in the site's page paint about 10 ms later while a phone
 * photo was read (npm run bench). So a picture is read only after a pause in typing, and a
 * reading under way when typing resumes is stopped and read again at the next pause (the
 * decoding and scaling of a photo cannot be stopped midway, so the checker hands a picture
 * over only at a pause after it is attached); the last check waits for it, and says so.
 */
import { createBrowserImageReader } from '../ocr/browser';
import { Interrupted } from '../ocr/reader';
import { TYPING_PAUSE_MS, TypingGate } from '../ocr/typing-gate';
import { UnreadableImage } from '../ocr/types';
import { OCR_CHANNEL } from '../shared/messages';

const channel = new BroadcastChannel(OCR_CHANNEL);
/** The picture being read now, and the progress last told for it. */
let current: { id: string; told: number } | undefined;
const reader = createBrowserImageReader(new URL('../ocr/', location.href).href, (fraction) => {
  if (!current || fraction - current.told < 0.1) return;
  current.told = fraction;
  channel.postMessage({ id: current.id, progress: fraction });
});
let queue: Promise<void> = Promise.resolve();

/** Read only after a pause in typing in a compose box (see TYPING_PAUSE_MS). */
const typing = new TypingGate(TYPING_PAUSE_MS);
/** Pictures waiting for their turn (or for a pause in typing), and those of them cancelled (a picture being read is finished). */
const queued = new Set<string>();
const cancelled = new Set<string>();

channel.addEventListener('message', (event: MessageEvent) => {
  const request = event.data as { id?: unknown; bytes?: unknown; cancel?: unknown; typing?: unknown } | null;
  if (request?.typing === true) {
    typing.typed();
    reader.interrupt();
    return;
  }
  if (!request || typeof request.id !== 'string') return;
  if (request.cancel === true) {
    if (queued.has(request.id)) cancelled.add(request.id);
    return;
  }
  if (!(request.bytes instanceof ArrayBuffer)) return;
  const { id, bytes } = request as { id: string; bytes: ArrayBuffer };
  // Its arrival is not typing: the checker hands a picture over only at a pause.
  queued.add(id);
  queue = queue.then(async () => {
    try {
      for (;;) {
        await typing.quiet();
        queued.delete(id);
        if (cancelled.delete(id)) {
          channel.postMessage({ id, ok: false, cancelled: true, error: 'cancelled' });
          return;
        }
        current = { id, told: 0 };
        try {
          const { reading, metadata } = await reader.read(new Uint8Array(bytes), () => typing.quiet());
          channel.postMessage({ id, ok: true, reading, metadata });
          return;
        } catch (e) {
          if (!(e instanceof Interrupted)) throw e;
          // Typing resumed: read it again at the next pause, from the start.
          channel.postMessage({ id, progress: 0 });
          queued.add(id); // cancellable again while it waits
        }
      }
    } catch (e) {
      channel.postMessage({ id, ok: false, error: e instanceof UnreadableImage ? e.message : `could not read this image: ${(e as Error).message}` });
    } finally {
      current = undefined;
    }
  });
});

document.documentElement.dataset.ready = 'true';
