/** The pictures of one post (src/content/attachments/pictures.ts), with a reader that answers when told. */
import { Pictures, type PicturesContext } from '../../../src/content/attachments/pictures';
import type { ReaderAnswer } from '../../../src/content/attachments/reader-client';
import type { ImageReport } from '../../../src/ocr/types';

const READING = { text: 'NHS 943 476 5919', words: [], width: 10, height: 10, scale: 1 };

function setup() {
  const asked: { file: Blob; signal: AbortSignal; answer(a: ReaderAnswer): void }[] = [];
  let changes = 0;
  let analysed = 0;
  const context: PicturesContext = {
    read: (file, signal) => new Promise((resolve) => asked.push({ file, signal, answer: resolve })),
    analyse: () => {
      analysed++;
      return { summary: 'x', findings: [], notes: [], metadata: {}, text: READING.text, width: 10, height: 10 } as ImageReport;
    },
    changed: () => changes++,
  };
  return { pictures: new Pictures(context), asked, changes: () => changes, analysed: () => analysed };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Pictures', () => {
  it('reads a picture as it arrives, and is settled once it is read', async () => {
    const { pictures, asked } = setup();
    const picture = pictures.add(new File([new Uint8Array([1, 2, 3])], 'a.png', { type: 'image/png' }), 'picker')!;
    expect(picture.status).toBe('reading');
    await flush();
    expect(new Uint8Array(await asked[0]!.file.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    let settled = false;
    void pictures.settled(new AbortController().signal).then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    asked[0]!.answer({ ok: true, reading: READING, metadata: {} });
    await flush();
    expect(settled).toBe(true);
    expect(picture.status).toBe('checked');
  });

  it('does not read the same file twice (a site may hand it on again)', () => {
    const { pictures } = setup();
    const file = new File([new Uint8Array([1])], 'a.png', { type: 'image/png' });
    expect(pictures.add(file, 'picker')).toBeDefined();
    expect(pictures.add(file, 'drop')).toBeUndefined();
    expect(pictures.size).toBe(1);
  });

  it('says why a picture could not be read, in words a person reads', async () => {
    const { pictures, asked } = setup();
    const picture = pictures.add(new File([new Uint8Array([1])], 'scan.pdf', { type: 'application/pdf' }), 'picker')!;
    await flush();
    asked[0]!.answer({ ok: false, error: 'it is a PDF, not a picture' });
    await flush();
    expect(picture).toMatchObject({ status: 'unreadable', error: 'could not read this image: it is a PDF, not a picture' });
  });

  it('refuses a file over 40 MB without reading its bytes', async () => {
    const { pictures, asked } = setup();
    const big = new File([new Uint8Array(41 * 1024 * 1024)], 'big.png', { type: 'image/png' });
    const picture = pictures.add(big, 'paste')!;
    await flush();
    expect(asked).toHaveLength(0);
    expect(picture.status).toBe('unreadable');
    expect(picture.error).toMatch(/41 MB; pictures over 40 MB are not read/);
  });

  it('cancels: the reader is told, and the picture stays listed as not checked', async () => {
    const { pictures, asked } = setup();
    const picture = pictures.add(new File([new Uint8Array([1])], 'a.png', { type: 'image/png' }), 'picker')!;
    await flush();
    pictures.cancel(picture);
    expect(asked[0]!.signal.aborted).toBe(true);
    asked[0]!.answer({ ok: false, error: 'cancelled', cancelled: true });
    await flush();
    expect(picture.status).toBe('cancelled');
    expect(pictures.pending).toEqual([]);
  });

  it('analyses a read picture once per consent cue of the draft and settings, again when either changes', async () => {
    const { pictures, asked, analysed } = setup();
    const picture = pictures.add(new File([new Uint8Array([1])], 'a.png', { type: 'image/png' }), 'picker')!;
    await flush();
    asked[0]!.answer({ ok: true, reading: READING, metadata: {} });
    await flush();
    const settings = {};
    // Typing changes the draft at every key, not what it says of the picture: no new analysis.
    pictures.report(picture, false, settings);
    pictures.report(picture, false, settings);
    expect(analysed()).toBe(1);
    pictures.report(picture, true, settings);
    pictures.report(picture, true, {});
    expect(analysed()).toBe(3);
  });

  it('"Not in this post" takes a picture out, and a reading still running is dropped', async () => {
    const { pictures, asked } = setup();
    const picture = pictures.add(new File([new Uint8Array([1])], 'a.png', { type: 'image/png' }), 'picker')!;
    await flush();
    pictures.remove(picture);
    expect(pictures.size).toBe(0);
    asked[0]!.answer({ ok: true, reading: READING, metadata: {} });
    await flush();
    expect(pictures.size).toBe(0);
  });

  it('clear (the post went): every picture goes, a reading under way is cancelled, and waiters are let go', async () => {
    const { pictures, asked } = setup();
    pictures.add(new File([new Uint8Array([1])], 'a.png', { type: 'image/png' }), 'picker');
    await flush();
    let settled = false;
    void pictures.settled(new AbortController().signal).then(() => (settled = true));
    pictures.clear();
    await flush();
    expect(pictures.size).toBe(0);
    expect(asked[0]!.signal.aborted).toBe(true);
    expect(settled).toBe(true);
  });
});
