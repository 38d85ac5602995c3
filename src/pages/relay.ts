/**
 * The relay between a site's page and the picture reader. The checker (a content script)
 * cannot hand a picture's bytes to the extension as bytes: Chromium's runtime messages are
 * JSON. So it opens this page, which is the extension's own, in a hidden frame inside its
 * closed overlay, and hands it a MessagePort with a transfer (the bytes move, binary, no
 * copy). This page passes each picture on the extension's BroadcastChannel to the reader
 * (ocr.ts), which runs in the extension's own context, off the page's main thread.
 *
 * Only the checker that opened the frame may use it: the frame's address carries a
 * one-time token (a page cannot read the address of a frame of another origin, nor reach
 * into the closed overlay), and the first message carrying that token, with its port, is
 * the only one ever accepted.
 *   from the checker:  { type: 'read', id, bytes: ArrayBuffer } | { type: 'cancel', id } | { type: 'typing' }
 *   to the checker:    { id, progress } as the reading goes on, then the reader's answer,
 *                      { id, ok, reading?, metadata?, error?, cancelled? }
 */
import browser from 'webextension-polyfill';
import { OCR_CHANNEL, type RuntimeMessage } from '../shared/messages';

/** A picture not answered in this time is reported unreadable (the reader may have been closed under it). */
const ANSWER_TIMEOUT_MS = 120_000;
/** While pictures are out, the reader is asked to stay open this often (Firefox suspends an idle background page). */
const KEEP_OPEN_MS = 10_000;

const token = location.hash.slice(1);
let port: MessagePort | undefined;
const channel = new BroadcastChannel(OCR_CHANNEL);
/** Pictures sent and not answered yet, kept to send again if the reader had to be opened anew. */
const outstanding = new Map<string, { bytes: ArrayBuffer; timer: ReturnType<typeof setTimeout> }>();
let keepOpen: ReturnType<typeof setInterval> | undefined;

async function openReader(): Promise<boolean> {
  return (await browser.runtime.sendMessage({ type: 'open-picture-reader' } satisfies RuntimeMessage)) === true;
}

function answer(message: { id: string } & Record<string, unknown>): void {
  const entry = outstanding.get(message.id);
  if (!entry) return;
  clearTimeout(entry.timer);
  outstanding.delete(message.id);
  if (!outstanding.size && keepOpen !== undefined) {
    clearInterval(keepOpen);
    keepOpen = undefined;
  }
  port?.postMessage(message);
}

function timeout(id: string): ReturnType<typeof setTimeout> {
  return setTimeout(() => answer({ id, ok: false, error: 'could not read this image: the picture reader did not answer' }), ANSWER_TIMEOUT_MS);
}

async function read(id: string, bytes: ArrayBuffer): Promise<void> {
  outstanding.set(id, { bytes, timer: timeout(id) });
  keepOpen ??= setInterval(() => void keepReaderOpen(), KEEP_OPEN_MS);
  try {
    await openReader();
  } catch (e) {
    answer({ id, ok: false, error: `could not read this image: the picture reader did not start (${(e as Error).message})` });
    return;
  }
  if (outstanding.has(id)) channel.postMessage({ id, bytes });
}

/** Keeps the reader open; if it had closed, sends again every picture still out. */
async function keepReaderOpen(): Promise<void> {
  try {
    if (await openReader()) for (const [id, { bytes }] of outstanding) channel.postMessage({ id, bytes });
  } catch {
    // the timeout reports it
  }
}

channel.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as { id?: unknown; progress?: unknown; bytes?: unknown; cancel?: unknown } | null;
  if (!message || typeof message.id !== 'string' || !outstanding.has(message.id) || 'bytes' in message || 'cancel' in message) return;
  if (typeof message.progress === 'number') port?.postMessage({ id: message.id, progress: message.progress });
  else answer(message as { id: string });
});

window.addEventListener('message', (event: MessageEvent) => {
  if (port || !token) return;
  const data = event.data as { token?: unknown } | null;
  if (!data || data.token !== token || !event.ports[0]) return;
  port = event.ports[0];
  port.addEventListener('message', (request: MessageEvent) => {
    const message = request.data as { type?: unknown; id?: unknown; bytes?: unknown } | null;
    if (message?.type === 'typing') {
      // The reader waits for a pause in typing: the wait is not the reader failing to answer.
      channel.postMessage({ typing: true });
      for (const [id, entry] of outstanding) {
        clearTimeout(entry.timer);
        entry.timer = timeout(id);
      }
      return;
    }
    if (!message || typeof message.id !== 'string' || message.id.length > 100) return;
    if (message.type === 'read' && message.bytes instanceof ArrayBuffer) void read(message.id, message.bytes);
    else if (message.type === 'cancel' && outstanding.has(message.id)) {
      channel.postMessage({ id: message.id, cancel: true });
    }
  });
  port.start();
  port.postMessage({ type: 'ready' });
});
