/** Instagram's "Download your information" in JSON: post captions and comments (see ./meta.ts). */
import type { Archive, ArchiveEntry, ArchivePost, ArchiveReader } from '../types';
import { z } from 'zod';
import { metaReader, type Shape } from './meta';
import { fixMetaText, isoFromSeconds, shaped } from './shared';

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

export const instagramReader: ArchiveReader = metaReader('instagram', instagramPosts);
