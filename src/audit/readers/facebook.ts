/** Facebook's "Download your information" in JSON: posts, comments, and posts and comments in groups (see ./meta.ts). */
import type { Archive, ArchiveEntry, ArchivePost, ArchiveReader } from '../types';
import { z } from 'zod';
import { metaReader, type Shape } from './meta';
import { fixMetaText, isoFromSeconds, shaped } from './shared';

const fbItem = z.object({
  timestamp: z.number().optional(),
  title: z.string().optional(),
  data: z.array(z.object({ post: z.string().optional(), comment: z.object({ comment: z.string().optional(), timestamp: z.number().optional(), group: z.string().optional() }).optional() })).optional(),
});

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

export const facebookReader: ArchiveReader = metaReader('facebook', facebookPosts);
