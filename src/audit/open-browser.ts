/**
 * Opening an archive the user drops or chooses in the extension's audit page: a zip read
 * through its index by slices of the file (a photo is never read, and the file is never
 * read whole), or any other file as the archive's one entry.
 */
import { BlobReader, configure, ZipReader } from '@zip.js/zip.js/index-native.js';
import type { Archive } from './types';
import { zipArchive } from './zip-archive';

// Already in a worker: inflate here with the browser's own streams, no worker of zip.js's own.
configure({ useWebWorkers: false });

export async function openFile(file: File): Promise<Archive> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] !== 0x50 || head[1] !== 0x4b) {
    return {
      label: file.name,
      entries: [{ name: file.name, size: file.size, text: () => file.text(), bytes: async () => new Uint8Array(await file.arrayBuffer()) }],
      close: async () => {},
    };
  }
  return zipArchive(file.name, new ZipReader(new BlobReader(file)), async () => {});
}
