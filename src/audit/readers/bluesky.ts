/**
 * Bluesky's repository export (Settings → Export my data): one `.car` file, a CAR of
 * DAG-CBOR blocks. Its root is the signed commit, whose `data` is the root of a Merkle
 * search tree mapping keys ("app.bsky.feed.post/3k…") to records. The tree is walked for
 * the keys, which give each post's link; the records give the text. Blobs (images) are not
 * in the export. Decoded with the IPLD libraries the AT Protocol itself uses.
 */
import { ArchiveError, SITE_NAMES, type ArchiveEntry, type ArchiveReader, type PostKind } from '../types';
import { bytesOf } from './shared';

interface TreeNode {
  l?: unknown;
  e?: { p: number; k: Uint8Array; v: unknown; t?: unknown }[];
}
interface PostRecord {
  $type?: string;
  text?: string;
  createdAt?: string;
  reply?: unknown;
  embed?: { $type?: string };
}

// A CAR v1 starts with its header's length (a varint) and a DAG-CBOR map of "roots" and "version".
const HEADER_WORDS = ['roots', 'version'].map((word) => Array.from(new TextEncoder().encode(word)));
function looksLikeCar(bytes: Uint8Array): boolean {
  const has = (word: number[]) => bytes.some((_, i) => word.every((b, j) => bytes[i + j] === b));
  return bytes.length > 8 && HEADER_WORDS.every(has);
}

/**
 * The CAR files among the entries. Only a file given on its own, or an entry named .car or
 * with no extension at all, is looked into: a photo or a video is never opened to find out.
 */
async function carEntries(archive: { entries: ArchiveEntry[] }): Promise<ArchiveEntry[]> {
  const out: ArchiveEntry[] = [];
  const alone = archive.entries.length === 1;
  for (const entry of archive.entries) {
    if (entry.size > 1024 * 1024 * 1024 || !(alone || /(?:\.car|\/[^./]+|^[^./]+)$/i.test(entry.name))) continue;
    const head = (await bytesOf(entry)).subarray(0, 64);
    if (looksLikeCar(head)) out.push(entry);
  }
  return out;
}

export const blueskyReader: ArchiveReader = {
  id: 'bluesky',
  name: SITE_NAMES.bluesky,
  async detect(archive) {
    return (await carEntries(archive)).length > 0;
  },
  async *read(archive) {
    // ES modules only; loaded when a Bluesky archive is read.
    const [{ CarReader }, dagCbor] = await Promise.all([import('@ipld/car'), import('@ipld/dag-cbor')]);
    for (const entry of await carEntries(archive)) {
      const fail = (message: string): never => {
        throw new ArchiveError(archive.label, message, entry.name);
      };
      let reader: Awaited<ReturnType<typeof CarReader.fromBytes>>;
      try {
        reader = await CarReader.fromBytes(await bytesOf(entry));
      } catch (error) {
        fail(`is not a readable CAR file (${(error as Error).message})`);
        return;
      }
      const decode = async (cid: unknown): Promise<unknown> => {
        const block = await reader.get(cid as Parameters<typeof reader.get>[0]);
        if (!block) return fail(`is missing the block ${String(cid)}: a repository export cut short`);
        try {
          return dagCbor.decode(block.bytes);
        } catch (error) {
          return fail(`holds a block that is not DAG-CBOR (${(error as Error).message})`);
        }
      };
      const [root] = await reader.getRoots();
      if (!root) fail('has no root: not a repository export');
      const commit = (await decode(root)) as { did?: unknown; data?: unknown };
      if (typeof commit.did !== 'string' || !commit.data) fail('is not the shape of a Bluesky repository: its root is not a commit with a did and data');
      const did = commit.did as string;
      const decoder = new TextDecoder();
      // The tree in key order: the left subtree, then each entry and the subtree to its right.
      const keys: { key: string; value: unknown }[] = [];
      const walk = async (cid: unknown, depth: number): Promise<void> => {
        if (depth > 64) fail('has a search tree deeper than any repository');
        const node = (await decode(cid)) as TreeNode;
        if (!Array.isArray(node.e)) fail('is not the shape of a Bluesky repository: a tree node has no entries');
        if (node.l) await walk(node.l, depth + 1);
        let previous = '';
        for (const e of node.e!) {
          const key = previous.slice(0, e.p) + decoder.decode(e.k);
          previous = key;
          keys.push({ key, value: e.v });
          if (e.t) await walk(e.t, depth + 1);
        }
      };
      await walk(commit.data, 0);
      for (const { key, value } of keys) {
        if (!key.startsWith('app.bsky.feed.post/')) continue;
        const record = (await decode(value)) as PostRecord;
        const text = typeof record.text === 'string' ? record.text.trim() : '';
        if (!text) continue;
        const rkey = key.slice('app.bsky.feed.post/'.length);
        const kind: PostKind = record.reply ? 'reply' : /^app\.bsky\.embed\.record/.test(record.embed?.$type ?? '') ? 'quote' : 'post';
        yield { site: 'bluesky', id: rkey, kind, text, date: record.createdAt, audience: 'public', url: `https://bsky.app/profile/${did}/post/${rkey}`, entry: entry.name };
      }
    }
  },
};
