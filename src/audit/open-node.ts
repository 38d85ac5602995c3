/**
 * Opening an archive the user names on the command line: a zip (read through its central
 * directory, an entry at a time, so a gigabyte of photos is never read, let alone held),
 * a folder it was unpacked into, or one file of it (an outbox.json, a posts.csv).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configure, Reader, ZipReader } from '@zip.js/zip.js/index-native.js';
import { ArchiveError, type Archive, type ArchiveEntry } from './types';
import { zipArchive } from './zip-archive';

// In Node there are no web workers to lend: inflate on this thread, with the runtime's own streams.
configure({ useWebWorkers: false });

/** zip.js reads the zip at offsets through this: the file is never read whole. */
class FileHandleReader extends Reader<fs.promises.FileHandle> {
  constructor(
    private readonly handle: fs.promises.FileHandle,
    private readonly length: number,
  ) {
    super(handle);
  }
  override async init(): Promise<void> {
    this.size = this.length;
  }
  override async readUint8Array(index: number, length: number): Promise<Uint8Array> {
    const buffer = new Uint8Array(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await this.handle.read(buffer, read, length - read, index + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return read === length ? buffer : buffer.subarray(0, read);
  }
}

const ZIP_MAGIC = [0x50, 0x4b]; // "PK": every zip starts so, an empty one included

export async function openArchive(file: string): Promise<Archive> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new ArchiveError(file, 'no such file or folder');
  }
  if (stat.isDirectory()) return openFolder(file);
  const handle = await fs.promises.open(file, 'r');
  const head = new Uint8Array(2);
  await handle.read(head, 0, 2, 0);
  if (head[0] === ZIP_MAGIC[0] && head[1] === ZIP_MAGIC[1]) return zipArchive(file, new ZipReader(new FileHandleReader(handle, stat.size)), () => handle.close());
  await handle.close();
  const name = path.basename(file);
  return { label: file, entries: [fileEntry(file, name, stat.size)], close: async () => {} };
}

async function openFolder(root: string): Promise<Archive> {
  const entries: ArchiveEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const item of await fs.promises.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) await walk(full);
      else if (item.isFile()) entries.push(fileEntry(full, path.relative(root, full).split(path.sep).join('/'), (await fs.promises.stat(full)).size));
    }
  };
  await walk(root);
  return { label: root, entries, close: async () => {} };
}

function fileEntry(file: string, name: string, size: number): ArchiveEntry {
  return {
    name,
    size,
    text: () => fs.promises.readFile(file, 'utf8'),
    bytes: async () => new Uint8Array(await fs.promises.readFile(file)),
  };
}
