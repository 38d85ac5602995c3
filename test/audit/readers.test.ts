/** Each platform's archive read from a real zip in its own layout (src/audit/readers/). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readerFor } from '../../src/audit/audit';
import { openArchive } from '../../src/audit/open-node';
import { fixMetaText } from '../../src/audit/readers/shared';
import type { Archive, ArchivePost } from '../../src/audit/types';
import { CLEAN, facebookArchive, instagramArchive, linkedinArchive, mastodonArchive, mastodonOutbox, metaText, RISKY, redditArchive, xArchive } from '../fixtures/archives/build';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-archives-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The archive, with a record of every entry a reader opened. */
async function opened(file: string): Promise<{ archive: Archive; read: Set<string> }> {
  const archive = await openArchive(file);
  const read = new Set<string>();
  for (const entry of archive.entries) {
    const { text, bytes } = entry;
    entry.text = () => (read.add(entry.name), text());
    entry.bytes = () => (read.add(entry.name), bytes());
  }
  return { archive, read };
}

async function postsOf(file: string, directMessages = false): Promise<{ site: string; posts: ArchivePost[]; read: Set<string> }> {
  const { archive, read } = await opened(file);
  try {
    const reader = await readerFor(archive);
    const posts: ArchivePost[] = [];
    for await (const post of reader.read(archive, { directMessages })) posts.push(post);
    return { site: reader.id, posts, read };
  } finally {
    await archive.close();
  }
}

const neverMedia = (read: Set<string>) => expect([...read].filter((name) => /\.(?:jpe?g|png|mp4)$/i.test(name))).toEqual([]);

describe('X (Twitter)', () => {
  it('reads every part of the tweets, tells replies, reposts and quotes apart, and links each to the account', async () => {
    const { site, posts, read } = await postsOf(await xArchive(dir));
    expect(site).toBe('x');
    expect(posts.map((p) => [p.id, p.kind])).toEqual([
      ['1001', 'post'],
      ['1002', 'post'],
      ['1003', 'reply'],
      ['1004', 'repost'],
      ['1005', 'quote'],
    ]);
    expect(posts[0]).toMatchObject({ text: RISKY.alcohol, date: '2018-10-10T20:19:24.000Z', audience: 'public', url: 'https://x.com/dr_sam/status/1001', entry: 'data/tweets.js' });
    expect(posts[4]!.text).toBe('Spot on & worth reading https://t.co/abc');
    expect(posts[4]!.entry).toBe('data/tweets-part1.js');
    neverMedia(read);
  });

  it('leaves direct messages out unless asked, and then reads only the account\'s own', async () => {
    const file = await xArchive(dir);
    expect((await postsOf(file)).posts.some((p) => p.kind === 'message')).toBe(false);
    const messages = (await postsOf(file, true)).posts.filter((p) => p.kind === 'message');
    expect(messages).toEqual([expect.objectContaining({ id: '7001', text: RISKY.identifier, audience: 'direct' })]);
  });
});

describe('Facebook', () => {
  it('reads posts, comments and posts in groups, mends Meta\'s escaped text and knows a group is not the public', async () => {
    const { site, posts, read } = await postsOf(await facebookArchive(dir));
    expect(site).toBe('facebook');
    const byText = new Map(posts.map((p) => [p.text, p]));
    expect(byText.get(`Café rota chaos 😂 ${RISKY.alcohol}`)).toMatchObject({ kind: 'post', audience: 'public', date: '2021-01-01T00:00:00.000Z' });
    expect(byText.get(RISKY.claim)).toMatchObject({ kind: 'comment', audience: 'public' });
    expect(byText.get(RISKY.identifier)).toMatchObject({ kind: 'post', audience: 'closed-group', place: 'Junior Doctors UK – Wellbeing' });
    expect(byText.get(CLEAN[2]!)).toMatchObject({ kind: 'comment', audience: 'closed-group', place: 'Junior Doctors UK' });
    // A photo with no words is not a post to check; no post has a link (the archive holds none).
    expect(posts).toHaveLength(5);
    expect(posts.every((p) => p.url === undefined)).toBe(true);
    neverMedia(read);
  });

  it('decodes only text Meta wrote byte by byte', () => {
    expect(fixMetaText(metaText('naïve 😂 café'))).toBe('naïve 😂 café');
    expect(fixMetaText('already fine 😂')).toBe('already fine 😂');
    expect(fixMetaText('Â£ alone is not UTF-8 bytes: Ã')).toBe('Â£ alone is not UTF-8 bytes: Ã');
  });
});

describe('Instagram', () => {
  it('reads captions and comments, with the account a comment was left on', async () => {
    const { site, posts, read } = await postsOf(await instagramArchive(dir));
    expect(site).toBe('instagram');
    expect(posts.map((p) => [p.kind, p.text])).toEqual([
      ['comment', RISKY.colleague],
      ['post', `${RISKY.alcohol} #nightshift`],
      ['post', CLEAN[1]],
    ]);
    expect(posts[0]).toMatchObject({ place: '@ward7team', date: '2023-03-01T00:00:00.000Z' });
    neverMedia(read);
  });
});

describe('LinkedIn', () => {
  it('reads shares and comments, with their links, and a connections-only share is not public', async () => {
    const { site, posts } = await postsOf(await linkedinArchive(dir));
    expect(site).toBe('linkedin');
    expect(posts.map((p) => [p.kind, p.audience, p.text])).toEqual([
      ['comment', 'public', RISKY.colleague],
      ['post', 'closed-group', `Thrilled to share:\n${RISKY.claim}`],
      ['post', 'public', CLEAN[2]],
    ]);
    expect(posts[1]).toMatchObject({ url: 'https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A111', date: '2024-05-04T10:22:11.000Z' });
  });
});

describe('Reddit', () => {
  it('reads posts and comments with their permalinks and subreddits, and skips deleted and removed ones', async () => {
    const { site, posts } = await postsOf(await redditArchive(dir));
    expect(site).toBe('reddit');
    expect(posts.map((p) => [p.id, p.kind, p.place])).toEqual([
      ['c1', 'comment', 'r/nursing'],
      ['c3', 'comment', 'r/nursing'],
      ['abc1', 'post', 'r/doctorsUK'],
    ]);
    expect(posts[2]).toMatchObject({ text: `Rant\n\n${RISKY.colleague}`, url: 'https://www.reddit.com/r/doctorsUK/comments/abc1/rant/', date: '2022-03-04T05:06:07.000Z' });
  });
});

describe('Mastodon', () => {
  it('reads statuses as text without their HTML, knows public, followers-only and direct, and skips boosts', async () => {
    const { site, posts, read } = await postsOf(await mastodonArchive(dir));
    expect(site).toBe('mastodon');
    expect(posts.map((p) => [p.kind, p.audience])).toEqual([
      ['post', 'public'],
      ['post', 'public'],
      ['reply', 'closed-group'],
    ]);
    expect(posts[1]!.text).toBe(`${CLEAN[0]}\n\nMore link & more`);
    expect(posts[2]!.text).toBe(`@ana ${RISKY.colleague}`);
    expect(posts[0]!.url).toBe('https://mastodon.example/@drsam/1');
    neverMedia(read);
  });

  it('reads an outbox.json given on its own, and its direct messages when asked', async () => {
    const file = path.join(dir, 'my-outbox.json');
    fs.writeFileSync(file, mastodonOutbox());
    const { site, posts } = await postsOf(file, true);
    expect(site).toBe('mastodon');
    expect(posts.find((p) => p.kind === 'message')).toMatchObject({ text: RISKY.identifier, audience: 'direct' });
  });

  it('reads a folder an archive was unpacked into', async () => {
    const folder = path.join(dir, 'unpacked');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'outbox.json'), mastodonOutbox());
    expect((await postsOf(folder)).posts).toHaveLength(3);
  });
});
