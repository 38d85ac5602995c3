/**
 * The OCR in Node (the CLI, the evaluation and the bench): tesseract.js with the English
 * data from @tesseract.js-data/eng, both from node_modules, nothing downloaded. One worker
 * reads one picture at a time and is reused; a picture that breaks it gets a note, and the
 * next picture a new worker.
 */
import * as path from 'node:path';
import type { Worker } from 'tesseract.js';
import { imageShapeOf } from './image-type';
import { layoutOf, type OcrBlock } from './layout';
import { readMetadata } from './metadata';
import { OCR_PARAMETERS } from './prepare';
import { prepareForOcr } from './prepare-node';
import { UnreadableImage, type ImageMetadata, type ImageReading } from './types';

/** The English data: tesseract's "best" model in integer form, gzipped (accurate, and quick enough on two cores). */
function langPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}


export interface NodeImageReader {
  read(bytes: Uint8Array): Promise<{ reading: ImageReading; metadata: ImageMetadata }>;
  close(): Promise<void>;
}

export function createNodeImageReader(): NodeImageReader {
  let worker: Promise<Worker> | undefined;
  const start = async (): Promise<Worker> => {
    // Loaded only when a picture is read: the text checker starts without it.
    const { createWorker } = await import('tesseract.js');
    const worker = await createWorker('eng', 1, { langPath: langPath(), gzip: true, cacheMethod: 'none', errorHandler: () => undefined });
    await worker.setParameters(OCR_PARAMETERS);
    return worker;
  };
  return {
    async read(bytes) {
      imageShapeOf(bytes); // a clear reason for a file that is not a picture we read
      const metadata = await readMetadata(bytes);
      const prepared = await prepareForOcr(bytes);
      worker ??= start();
      let ocr: Worker;
      try {
        ocr = await worker;
      } catch (e) {
        // Not the picture's fault (the English data missing, say): said as it is, and tried again next time.
        worker = undefined;
        throw new Error(`the OCR could not start: ${(e as Error).message ?? e}`);
      }
      let result;
      try {
        result = await ocr.recognize(prepared.png, {}, { text: false, blocks: true });
      } catch {
        // A damaged file can leave the worker unusable: the next picture gets a new one.
        const broken = worker;
        worker = undefined;
        void broken.then((w) => w.terminate()).catch(() => undefined);
        throw new UnreadableImage('the picture data is damaged or incomplete');
      }
      const blocks = (result.data.blocks ?? []) as unknown as OcrBlock[];
      return { reading: layoutOf(blocks, prepared.width, prepared.height, prepared.scale), metadata };
    },
    async close() {
      const current = worker;
      worker = undefined;
      if (current) await (await current).terminate().catch(() => undefined);
    },
  };
}
