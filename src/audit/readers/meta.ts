/**
 * What Facebook's and Instagram's readers (./facebook.ts, ./instagram.ts) share: Meta's
 * "Download your information" in JSON. Both write text with
 * each UTF-8 byte as a character of its own (see fixMetaText). The files are found by what
 * they hold, wherever a year's layout puts them:
 *   Facebook: posts (`[{timestamp, data: [{post}]}]`), comments (`{comments_v2: […]}`),
 *     posts and comments in groups (`{group_posts_v2: […]}`, `{group_comments_v2: […]}`);
 *   Instagram: posts (`[{media: [{title, creation_timestamp}]}]`) and comments
 *     (`[{string_map_data: {Comment: {value}, Time: {timestamp}}}]`).
 * Neither archive holds a link to each post, so the report gives the words to search for.
 */
import { SITE_NAMES, type Archive, type ArchiveEntry, type ArchivePost, type ArchiveReader } from '../types';
import { readJson } from './shared';

export type Shape = 'facebook-posts' | 'facebook-comments' | 'facebook-group-posts' | 'facebook-group-comments' | 'instagram-posts' | 'instagram-comments';

/** A JSON file whose own name speaks of posts, comments or groups (two plain tests: no pattern to backtrack over a long path). */
function isCandidate(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  return base.endsWith('.json') && /post|comment|group/.test(base);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a parsed file is, from its top level and its first item. */
function shapeOf(value: unknown): { shape: Shape; items: unknown[] } | undefined {
  if (isObject(value)) {
    if (Array.isArray(value.comments_v2)) return { shape: 'facebook-comments', items: value.comments_v2 };
    if (Array.isArray(value.group_posts_v2)) return { shape: 'facebook-group-posts', items: value.group_posts_v2 };
    if (Array.isArray(value.group_comments_v2)) return { shape: 'facebook-group-comments', items: value.group_comments_v2 };
    for (const key of ['comments_media_comments', 'comments_reels_comments']) if (Array.isArray(value[key])) return { shape: 'instagram-comments', items: value[key] as unknown[] };
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const first = value.find(isObject);
  if (!first) return undefined;
  if ('string_map_data' in first) return { shape: 'instagram-comments', items: value };
  if ('media' in first || 'creation_timestamp' in first) return { shape: 'instagram-posts', items: value };
  if ('timestamp' in first && ('data' in first || 'attachments' in first || 'title' in first)) return { shape: 'facebook-posts', items: value };
  return undefined;
}

const parsed = new WeakMap<ArchiveEntry, Promise<{ shape: Shape; items: unknown[] } | undefined>>();
function classify(archive: Archive, entry: ArchiveEntry) {
  let found = parsed.get(entry);
  if (!found) {
    found = readJson(archive, entry).then(shapeOf);
    parsed.set(entry, found);
  }
  return found;
}

/** The archive's files of one platform, each with its shape and items. */
export async function metaFiles(archive: Archive, platform: 'facebook' | 'instagram'): Promise<{ entry: ArchiveEntry; shape: Shape; items: unknown[] }[]> {
  const out: { entry: ArchiveEntry; shape: Shape; items: unknown[] }[] = [];
  for (const entry of archive.entries.filter((e) => isCandidate(e.name)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))) {
    if (entry.size > 256 * 1024 * 1024) continue;
    const found = await classify(archive, entry);
    if (found?.shape.startsWith(platform)) out.push({ entry, ...found });
  }
  return out;
}

/** A reader for one of Meta's platforms: it knows the archive by its files' shapes, and reads each file's posts with `postsOf`. */
export function metaReader(platform: 'facebook' | 'instagram', postsOf: (archive: Archive, entry: ArchiveEntry, shape: Shape, items: unknown[]) => Iterable<ArchivePost>): ArchiveReader {
  return {
    id: platform,
    name: SITE_NAMES[platform],
    async detect(archive) {
      return (await metaFiles(archive, platform)).length > 0;
    },
    async *read(archive) {
      for (const { entry, shape, items } of await metaFiles(archive, platform)) yield* postsOf(archive, entry, shape, items);
    },
  };
}
