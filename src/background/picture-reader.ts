/**
 * Opens the picture reader (src/pages/ocr.ts) when a picture is attached: in Chromium an
 * offscreen document (the service worker has no document, and a worker of the OCR's own
 * needs one), in Firefox a frame of the background page itself (Firefox has no offscreen
 * documents; its background page is a document). Either way it is the extension's own
 * context, never a site's page, and it stays open for the next picture.
 */
const READER_PAGE = 'pages/ocr.html';

interface OffscreenApi {
  runtime: { getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> };
  offscreen: { createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void> };
}

let opening: Promise<boolean> | undefined;

/** Makes sure the reader is open; whether it was opened just now. */
export function openPictureReader(): Promise<boolean> {
  opening ??= (typeof document === 'undefined' ? openOffscreen() : openFrame()).finally(() => (opening = undefined));
  return opening;
}

async function openOffscreen(): Promise<boolean> {
  const chrome = (globalThis as unknown as { chrome: OffscreenApi }).chrome;
  if ((await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length) return false;
  await chrome.offscreen.createDocument({
    url: READER_PAGE,
    reasons: ['WORKERS'],
    justification: 'Reads the text in a picture the user attaches to a post, on this device, before it is posted.',
  });
  return true;
}

function openFrame(): Promise<boolean> {
  if (document.querySelector('iframe.picture-reader')) return Promise.resolve(false);
  const frame = document.createElement('iframe');
  frame.className = 'picture-reader';
  frame.src = `/${READER_PAGE}`;
  const loaded = new Promise<boolean>((resolve, reject) => {
    frame.addEventListener('load', () => resolve(true), { once: true });
    frame.addEventListener('error', () => reject(new Error('the picture reader did not load')), { once: true });
  });
  document.body.append(frame);
  return loaded;
}
