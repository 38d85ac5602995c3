/**
 * Mastodon archives: `outbox.json`, an ActivityStreams OrderedCollection of the account's
 * activities. A "Create" of a Note is a status, its text HTML; an "Announce" is a boost of
 * someone else's status and holds no text. Who could see it is in its `to` and `cc`.
 */
import { convert } from 'html-to-text';
import { z } from 'zod';
import type { Audience } from '../../engine/types';
import { SITE_NAMES, type Archive, type ArchiveEntry, type ArchiveReader } from '../types';
import { entriesNamed, readJson, shaped, textOf } from './shared';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const recipients = z.union([z.string(), z.array(z.string())]).optional();
const noteSchema = z.object({
  id: z.string(),
  type: z.string(),
  content: z.string().nullable().optional(),
  summary: z.string().nullable().optional(),
  published: z.string().optional(),
  url: z.string().nullable().optional(),
  inReplyTo: z.string().nullable().optional(),
  to: recipients,
  cc: recipients,
});
const outboxSchema = z.object({
  type: z.literal('OrderedCollection'),
  orderedItems: z.array(z.object({ type: z.string(), object: z.unknown() })),
});

const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Public and unlisted posts are public; followers-only ones go to a group; the rest are direct. */
function audienceOf(to: string[], cc: string[]): Audience {
  if (to.includes(PUBLIC) || cc.includes(PUBLIC)) return 'public';
  if ([...to, ...cc].some((r) => r.endsWith('/followers'))) return 'closed-group';
  return 'direct';
}

async function outboxes(archive: Archive): Promise<ArchiveEntry[]> {
  const named = entriesNamed(archive, /(?:^|\/)outbox\.json$/);
  if (named.length) return named;
  // One file given on its own, by any name: look inside.
  if (archive.entries.length === 1 && /\.json$/i.test(archive.entries[0]!.name)) {
    const text = await textOf(archive.entries[0]!);
    if (text.includes('activitystreams') && text.includes('orderedItems')) return [archive.entries[0]!];
  }
  return [];
}

export const mastodonReader: ArchiveReader = {
  id: 'mastodon',
  name: SITE_NAMES.mastodon,
  async detect(archive) {
    for (const entry of await outboxes(archive)) if ((await textOf(entry)).includes('activitystreams')) return true;
    return false;
  },
  async *read(archive, options) {
    for (const entry of await outboxes(archive)) {
      const outbox = shaped(archive, entry, outboxSchema, await readJson(archive, entry), 'a Mastodon outbox');
      for (const [i, activity] of outbox.orderedItems.entries()) {
        if (activity.type !== 'Create' || typeof activity.object !== 'object' || activity.object === null) continue;
        const note = shaped(archive, entry, noteSchema, activity.object, `a Mastodon status (item ${i})`);
        const audience = audienceOf(list(note.to), list(note.cc));
        if (audience === 'direct' && !options.directMessages) continue;
        const body = convert(note.content ?? '', { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }] }).trim();
        const text = note.summary ? `${note.summary}\n\n${body}` : body;
        if (!text) continue;
        yield {
          site: 'mastodon',
          id: note.id,
          kind: audience === 'direct' ? 'message' : note.inReplyTo ? 'reply' : 'post',
          text,
          date: note.published,
          audience,
          url: note.url ?? note.id,
          entry: entry.name,
        };
      }
    }
  },
};
