/**
 * A zip as an archive, read through its index an entry at a time, whatever the zip is read
 * from: a file on disk (./open-node.ts) or a file the user chose in the page (./open-browser.ts).
 * A zip that cannot be read is an error naming it, and an entry that cannot be inflated one
 * naming the entry.
 */
import { TextWriter, Uint8ArrayWriter, type Entry, type ZipReader } from '@zip.js/zip.js/index-native.js';
import { ArchiveError, type Archive } from './types';

export async function zipArchive(label: string, zip: ZipReader<unknown>, close: () => Promise<void>): Promise<Archive> {
  let entries: Entry[];
  try {
    entries = await zip.getEntries();
  } catch (error) {
    await close();
    throw new ArchiveError(label, `not a complete zip file (truncated or damaged): ${(error as Error).message}`);
  }
  const read = async <T>(entry: Entry, get: () => Promise<T>): Promise<T> => {
    try {
      return await get();
    } catch (error) {
      throw new ArchiveError(label, `cannot be read from the zip (truncated or damaged): ${(error as Error).message}`, entry.filename);
    }
  };
  return {
    label,
    entries: entries
      .filter((entry) => !entry.directory)
      .map((entry) => ({
        name: entry.filename.replace(/\\/g, '/'),
        size: entry.uncompressedSize,
        text: () => read(entry, () => entry.getData!(new TextWriter())),
        bytes: () => read(entry, () => entry.getData!(new Uint8ArrayWriter())),
      })),
    close: async () => {
      await zip.close();
      await close();
    },
  };
}
