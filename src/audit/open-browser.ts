/**
 * Opening an archive the user drops or chooses in the extension's audit page: a zip read
 * through its index by slices of the file (a photo is never read, and the file is never
 * read whole), or any other file as the archive's one entry.
 */
import { BlobReader, configure, TextWriter, Uint8ArrayWriter, ZipReader, type Entry } from '@zip.js/zip.js/index-native.js';
import { ArchiveError, type Archive } from './types';

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
  const zip = new ZipReader(new BlobReader(file));
  let entries: Entry[];
  try {
    entries = await zip.getEntries();
  } catch (error) {
    throw new ArchiveError(file.name, `not a complete zip file (truncated or damaged): ${(error as Error).message}`);
  }
  const read = async <T>(entry: Entry, get: () => Promise<T>): Promise<T> => {
    try {
      return await get();
    } catch (error) {
      throw new ArchiveError(file.name, `cannot be read from the zip (truncated or damaged): ${(error as Error).message}`, entry.filename);
    }
  };
  return {
    label: file.name,
    entries: entries
      .filter((entry) => !entry.directory)
      .map((entry) => ({
        name: entry.filename.replace(/\\/g, '/'),
        size: entry.uncompressedSize,
        text: () => read(entry, () => entry.getData!(new TextWriter())),
        bytes: () => read(entry, () => entry.getData!(new Uint8ArrayWriter())),
      })),
    close: () => zip.close(),
  };
}
