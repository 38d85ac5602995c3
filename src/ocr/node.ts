/**
 * The OCR in Node (the CLI, the evaluation and the bench): tesseract.js with the English
 * data from @tesseract.js-data/eng, both from node_modules, nothing downloaded; pictures
 * prepared with sharp (prepare-node.ts).
 */
import * as path from 'node:path';
import { OCR_PARAMETERS } from './prepare';
import { prepareForOcr } from './prepare-node';
import { createImageReader, type ImageReader } from './reader';

/** The English data: tesseract's "best" model in integer form, gzipped (accurate, and quick enough on two cores). */
function langPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export type NodeImageReader = ImageReader;

export function createNodeImageReader(): NodeImageReader {
  return createImageReader(async () => {
    // Loaded only when a picture is read: the text checker starts without it.
    const { createWorker } = await import('tesseract.js');
    const worker = await createWorker('eng', 1, { langPath: langPath(), gzip: true, cacheMethod: 'none', errorHandler: () => undefined });
    await worker.setParameters(OCR_PARAMETERS);
    return worker;
  }, prepareForOcr);
}
