/**
 * Facebook's and Instagram's "Download your information" in JSON. Both write text with
 * each UTF-8 byte as a character of its own (see fixMetaText). The files are found by what
 * they hold, wherever a year's layout puts them:
 *   Facebook: posts (`[{timestamp, data: [{post}]}]`), comments (`{comments_v2: […]}`),
 *     posts and comments in groups (`{group_posts_v2: […]}`, `{group_comments_v2: […]}`);
 *   Instagram: posts (`[{media: [{title, creation_timestamp}]}]`) and comments
 *     (`[{string_map_data: {Comment: {value}, Time: {timestamp}}}]`).
 * Neither archive holds a link to each post, so the report gives the words to search for.
 */
import { z } from 'zod';
import type { Archive, ArchiveEntry, ArchivePost, ArchiveReader } from '../types';
import { fixMetaText, isoFromSeconds, readJson, shaped } from './shared';

type Shape = 'facebook-posts' | 'facebook-comments' | 'facebook-group-posts' | 'facebook-group-comments' | 'instagram-posts' | 'instagram-comments';

/** A JSON file whose own name speaks of posts, comments or groups (two plain tests: no pattern to backtrack over a long path). */
function isCandidate(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  return base.endsWith('.json') && /post|comment|group/.test(base);
}

const fbItem = z.object({
  timestamp: z.number().optional(),
  title: z.string().optional(),
  data: z.array(z.object({ post: z.string().optional(), comment: z.object({ comment: z.string().optional(), timestamp: z.number().optional(), group: z.string().optional() }).optional() })).optional(),
});
const igPost = z.object({
  title: z.string().optional(),
  creation_timestamp: z.number().optional(),
  media: z.array(z.object({ title: z.string().optional(), creation_timestamp: z.number().optional(), uri: z.string().optional() })).optional(),
});
const igComment = z.object({
  string_map_data: z.object({
    Comment: z.object({ value: z.string().optional() }).optional(),
    'Media Owner': z.object({ value: z.string().optional() }).optional(),
    Time: z.object({ timestamp: z.number().optional() }).optional(),
  }),
});

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

async function files(archive: Archive, platform: 'facebook' | 'instagram'): Promise<{ entry: ArchiveEntry; shape: Shape; items: unknown[] }[]> {
  const out: { entry: ArchiveEntry; shape: Shape; items: unknown[] }[] = [];
  for (const entry of archive.entries.filter((e) => isCandidate(e.name)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))) {
    if (entry.size > 256 * 1024 * 1024) continue;
    const found = await classify(archive, entry);
    if (found?.shape.startsWith(platform)) out.push({ entry, ...found });
  }
  return out;
}

/** The group a Facebook title names: "Ana posted in Junior Doctors UK." */
function groupIn(title: string | undefined): string | undefined {
  const text = fixMetaText(title ?? '');
  const at = text.indexOf(' in ');
  return at < 0 ? undefined : text.slice(at + 4).replace(/\.$/, '') || undefined;
}

function* facebookPosts(archive: Archive, entry: ArchiveEntry, shape: Shape, items: unknown[]): Generator<ArchivePost> {
  const inGroup = shape === 'facebook-group-posts' || shape === 'facebook-group-comments';
  const comments = shape === 'facebook-comments' || shape === 'facebook-group-comments';
  for (const [i, raw] of items.entries()) {
    const item = shaped(archive, entry, fbItem, raw, `a Facebook ${comments ? 'comment' : 'post'} (item ${i})`);
    const data = item.data ?? [];
    const comment = data.find((d) => d.comment)?.comment;
    const text = fixMetaText((comments ? comment?.comment : data.find((d) => d.post)?.post) ?? '').trim();
    if (!text) continue;
    const place = inGroup ? (comment?.group ? fixMetaText(comment.group) : groupIn(item.title)) : undefined;
    yield {
      site: 'facebook',
      id: `${entry.name}#${i + 1}`,
      kind: comments ? 'comment' : 'post',
      text,
      date: isoFromSeconds(comment?.timestamp ?? item.timestamp),
      audience: inGroup ? 'closed-group' : 'public',
      entry: entry.name,
      ...(place ? { place } : {}),
    };
  }
}

function* instagramPosts(archive: Archive, entry: ArchiveEntry, shape: Shape, items: unknown[]): Generator<ArchivePost> {
  for (const [i, raw] of items.entries()) {
    if (shape === 'instagram-comments') {
      const { string_map_data: map } = shaped(archive, entry, igComment, raw, `an Instagram comment (item ${i})`);
      const text = fixMetaText(map.Comment?.value ?? '').trim();
      if (!text) continue;
      const owner = map['Media Owner']?.value;
      yield { site: 'instagram', id: `${entry.name}#${i + 1}`, kind: 'comment', text, date: isoFromSeconds(map.Time?.timestamp), audience: 'public', entry: entry.name, ...(owner ? { place: `@${fixMetaText(owner)}` } : {}) };
    } else {
      const post = shaped(archive, entry, igPost, raw, `an Instagram post (item ${i})`);
      const text = fixMetaText(post.title || post.media?.find((m) => m.title)?.title || '').trim();
      if (!text) continue;
      yield { site: 'instagram', id: `${entry.name}#${i + 1}`, kind: 'post', text, date: isoFromSeconds(post.creation_timestamp ?? post.media?.[0]?.creation_timestamp), audience: 'public', entry: entry.name };
    }
  }
}

export const facebookReader: ArchiveReader = {
  id: 'facebook',
  name: 'Facebook',
  async detect(archive) {
    return (await files(archive, 'facebook')).length > 0;
  },
  async *read(archive) {
    for (const { entry, shape, items } of await files(archive, 'facebook')) yield* facebookPosts(archive, entry, shape, items);
  },
};

export const instagramReader: ArchiveReader = {
  id: 'instagram',
  name: 'Instagram',
  async detect(archive) {
    return (await files(archive, 'instagram')).length > 0;
  },
  async *read(archive) {
    for (const { entry, shape, items } of await files(archive, 'instagram')) yield* instagramPosts(archive, entry, shape, items);
  },
};
