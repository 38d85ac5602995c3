/**
 * Reddit's data request: `posts.csv` (id, permalink, date, ip, subreddit, gildings, title,
 * url, body) and `comments.csv` (… link, parent, body, media). Deleted and removed posts
 * keep only a placeholder, and are skipped.
 */
import { SITE_NAMES, type Archive, type ArchiveEntry, type ArchiveReader } from '../types';
import { csvHeader, entriesNamed, isoFromText, readCsv } from './shared';

const PLACEHOLDERS = new Set(['[deleted]', '[removed]', '']);

async function tables(archive: Archive): Promise<{ entry: ArchiveEntry; comments: boolean }[]> {
  const out: { entry: ArchiveEntry; comments: boolean }[] = [];
  for (const entry of entriesNamed(archive, /\.csv$/i)) {
    const header = await csvHeader(entry);
    if (!header.includes('permalink') || !header.includes('subreddit') || !header.includes('body')) continue;
    out.push({ entry, comments: header.includes('parent') });
  }
  return out;
}

const link = (permalink: string | undefined) => (!permalink ? undefined : permalink.startsWith('http') ? permalink : `https://www.reddit.com${permalink.startsWith('/') ? '' : '/'}${permalink}`);

export const redditReader: ArchiveReader = {
  id: 'reddit',
  name: SITE_NAMES.reddit,
  async detect(archive) {
    return (await tables(archive)).length > 0;
  },
  async *read(archive) {
    for (const { entry, comments } of await tables(archive)) {
      for (const row of await readCsv(archive, entry)) {
        const body = (row.body ?? '').trim();
        const title = comments ? '' : (row.title ?? '').trim();
        const text = [title, PLACEHOLDERS.has(body) ? '' : body].filter(Boolean).join('\n\n');
        if (!text) continue;
        yield {
          site: 'reddit',
          id: row.id ?? '',
          kind: comments ? 'comment' : 'post',
          text,
          date: isoFromText(row.date),
          audience: 'public',
          url: link(row.permalink),
          entry: entry.name,
          ...(row.subreddit ? { place: `r/${row.subreddit}` } : {}),
        };
      }
    }
  },
};
