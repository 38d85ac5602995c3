/**
 * Reading one picture, the same in Node and in the extension: its type and metadata, the
 * picture prepared for the OCR (each side prepares it its own way), then one reused
 * tesseract worker. A picture that breaks the worker gets a note and the next picture a new
 * worker; a worker that cannot start is said to be that, not blamed on the picture.
 */
import type { Worker } from 'tesseract.js';
import { imageShapeOf } from './image-type';
import { layoutOf, type OcrBlock } from './layout';
import { readMetadata } from './metadata';
import { UnreadableImage, type ImageMetadata, type ImageReading } from './types';

/** A picture ready for the OCR: lossless, with its size and its scale against the original. */
export interface PreparedImage {
  image: Buffer | Blob;
  width: number;
  height: number;
  /** OCR pixels per original pixel. */
  scale: number;
}

export interface ImageReader {
  /** `pause`, if given, is awaited between the costly steps (preparing the picture, then recognising its text). */
  read(bytes: Uint8Array, pause?: () => Promise<void>): Promise<{ reading: ImageReading; metadata: ImageMetadata }>;
  /**
   * Stops the recognition under way, if any: its `read` rejects with `Interrupted`, and the
   * worker is ended (tesseract cannot stop midway); the next read starts a new one.
   */
  interrupt(): void;
  close(): Promise<void>;
}

/** A reading stopped by `interrupt`: the picture is not at fault, and can be read again. */
export class Interrupted extends Error {
  override name = 'Interrupted';
}

/** `pause`, when the preparation is done in steps (the browser's), is awaited between them. */
export type Prepare = (bytes: Uint8Array, pause?: () => Promise<void>) => Promise<PreparedImage>;

export function createImageReader(startWorker: () => Promise<Worker>, prepare: Prepare): ImageReader {
  let worker: Promise<Worker> | undefined;
  /** Rejects the recognition under way, if any. */
  let stop: ((reason: Interrupted) => void) | undefined;
  return {
    async read(bytes, pause) {
      imageShapeOf(bytes); // a clear reason for a file that is not a picture we read
      const metadata = await readMetadata(bytes);
      await pause?.();
      const prepared = await prepare(bytes, pause);
      await pause?.();
      worker ??= startWorker();
      let ocr: Worker;
      try {
        ocr = await worker;
      } catch (e) {
        // Not the picture's fault (the English data missing, say): said as it is, and tried again next time.
        worker = undefined;
        throw new Error(`the OCR could not start: ${(e as Error).message ?? e}`);
      }
      // Starting a worker takes a while, and the clinician may have started typing again.
      await pause?.();
      let result;
      try {
        const interrupted = new Promise<never>((_, reject) => (stop = reject));
        result = await Promise.race([ocr.recognize(prepared.image, {}, { text: false, blocks: true }), interrupted]);
      } catch (e) {
        stop = undefined;
        if (e instanceof Interrupted) throw e;
        // A damaged file can leave the worker unusable: the next picture gets a new one.
        const broken = worker;
        worker = undefined;
        void broken?.then((w) => w.terminate()).catch(() => undefined);
        throw new UnreadableImage('the picture data is damaged or incomplete');
      }
      stop = undefined;
      const blocks = (result.data.blocks ?? []) as unknown as OcrBlock[];
      return { reading: layoutOf(blocks, prepared.width, prepared.height, prepared.scale), metadata };
    },
    interrupt() {
      if (!stop) return;
      const reject = stop;
      stop = undefined;
      const busy = worker;
      worker = undefined;
      void busy?.then((w) => w.terminate()).catch(() => undefined);
      reject(new Interrupted('the reading was interrupted'));
    },
    async close() {
      const current = worker;
      worker = undefined;
      if (current) await (await current).terminate().catch(() => undefined);
    },
  };
}
