/**
 * LinkedIn's "Get a copy of your data": `Shares.csv` (Date, ShareLink, ShareCommentary,
 * SharedUrl, MediaUrl, Visibility) and `Comments.csv` (Date, Link, Message). A share seen
 * only by connections goes to a group, not the public.
 */
import { SITE_NAMES, type Archive, type ArchiveEntry, type ArchiveReader } from '../types';
import { csvHeader, entriesNamed, isoFromText, readCsv } from './shared';

async function tables(archive: Archive): Promise<{ entry: ArchiveEntry; comments: boolean }[]> {
  const out: { entry: ArchiveEntry; comments: boolean }[] = [];
  for (const entry of entriesNamed(archive, /\.csv$/i)) {
    const header = await csvHeader(entry);
    if (header.includes('ShareCommentary')) out.push({ entry, comments: false });
    else if (header.includes('Message') && header.includes('Link') && header.includes('Date') && !header.includes('subreddit')) out.push({ entry, comments: true });
  }
  return out;
}

export const linkedinReader: ArchiveReader = {
  id: 'linkedin',
  name: SITE_NAMES.linkedin,
  async detect(archive) {
    return (await tables(archive)).length > 0;
  },
  async *read(archive) {
    for (const { entry, comments } of await tables(archive)) {
      for (const [i, row] of (await readCsv(archive, entry)).entries()) {
        const text = (comments ? row.Message : row.ShareCommentary)?.trim() ?? '';
        if (!text) continue;
        const visibility = (row.Visibility ?? '').toUpperCase();
        yield {
          site: 'linkedin',
          id: `${entry.name}#${i + 1}`,
          kind: comments ? 'comment' : 'post',
          text,
          date: isoFromText(row.Date),
          audience: /CONNECTIONS|NETWORK/.test(visibility) ? 'closed-group' : 'public',
          url: (comments ? row.Link : row.ShareLink) || undefined,
          entry: entry.name,
        };
      }
    }
  },
};
