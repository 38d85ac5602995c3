/**
 * X (Twitter) archives: a zip with `data/tweets.js` (older archives: `data/tweet.js`) and
 * its parts (`tweets-part1.js`…), each `window.YTD.tweets.part0 = [ { "tweet": {…} } ]`;
 * `data/account.js` names the account; `data/direct-messages.js` holds direct messages,
 * read only when asked for.
 */
import { z } from 'zod';
import { ArchiveError, SITE_NAMES, type Archive, type ArchiveEntry, type ArchivePost, type ArchiveReader, type PostKind } from '../types';
import { entriesNamed, isoFromText, shaped, textOf } from './shared';

const TWEET_FILES = /(?:^|\/)data\/(?:tweets?|tweets-part\d+|tweet-part\d+)\.js$/;
const ACCOUNT_FILE = /(?:^|\/)data\/account\.js$/;
const MESSAGE_FILES = /(?:^|\/)data\/direct-messages(?:-part\d+)?\.js$/;

const tweetSchema = z.object({
  tweet: z.object({
    id_str: z.string(),
    full_text: z.string(),
    created_at: z.string(),
    in_reply_to_status_id_str: z.string().optional(),
    in_reply_to_screen_name: z.string().optional(),
    entities: z.object({ urls: z.array(z.object({ expanded_url: z.string().optional() })).optional() }).optional(),
  }),
});
const accountSchema = z.array(z.object({ account: z.object({ username: z.string(), accountId: z.string().optional() }) }));
const messagesSchema = z.array(
  z.object({
    dmConversation: z.object({
      conversationId: z.string(),
      messages: z.array(z.object({ messageCreate: z.object({ id: z.string(), text: z.string(), createdAt: z.string().optional(), senderId: z.string().optional() }).optional() })),
    }),
  }),
);

/** The JSON after `window.YTD.tweets.part0 =`. */
async function ytd(archive: Archive, entry: ArchiveEntry): Promise<unknown> {
  const text = await textOf(entry);
  const at = text.indexOf('=');
  if (!/^\s*window\.YTD\./.test(text) || at < 0) throw new ArchiveError(archive.label, 'is not an X archive file (it should start "window.YTD.")', entry.name);
  try {
    return JSON.parse(text.slice(at + 1));
  } catch (error) {
    throw new ArchiveError(archive.label, `is not valid JSON after "window.YTD…=" (${(error as Error).message})`, entry.name);
  }
}

/** X writes &, < and > in a tweet's text as HTML entities. */
const unescapeText = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const QUOTED = /^https?:\/\/(?:mobile\.)?(?:twitter|x)\.com\/[^/]+\/status\/\d+/;

/** `tweets.js`, then `tweets-part1.js`, `tweets-part2.js`…: the order X wrote them. */
function partsInOrder(entries: ArchiveEntry[]): ArchiveEntry[] {
  const part = (entry: ArchiveEntry) => Number(/-part(\d+)\.js$/.exec(entry.name)?.[1] ?? 0);
  return [...entries].sort((a, b) => part(a) - part(b));
}

export const xReader: ArchiveReader = {
  id: 'x',
  name: SITE_NAMES.x,
  async detect(archive) {
    return entriesNamed(archive, TWEET_FILES).length > 0;
  },
  async *read(archive, options) {
    let handle: string | undefined;
    let accountId: string | undefined;
    const account = entriesNamed(archive, ACCOUNT_FILE)[0];
    if (account) ({ username: handle, accountId } = shaped(archive, account, accountSchema, await ytd(archive, account), "an X archive's account")[0]?.account ?? { username: undefined });
    for (const entry of partsInOrder(entriesNamed(archive, TWEET_FILES))) {
      const list = shaped(archive, entry, z.array(z.unknown()), await ytd(archive, entry), "an X archive's tweets");
      for (const [i, item] of list.entries()) {
        const { tweet } = shaped(archive, entry, tweetSchema, item, `an X archive's tweet (item ${i})`);
        const text = unescapeText(tweet.full_text);
        const kind: PostKind = text.startsWith('RT @')
          ? 'repost'
          : tweet.in_reply_to_status_id_str
            ? 'reply'
            : (tweet.entities?.urls ?? []).some((url) => QUOTED.test(url.expanded_url ?? ''))
              ? 'quote'
              : 'post';
        const post: ArchivePost = {
          site: 'x',
          id: tweet.id_str,
          kind,
          text,
          date: isoFromText(tweet.created_at),
          audience: 'public',
          url: `https://x.com/${handle ?? 'i/web'}/status/${tweet.id_str}`,
          entry: entry.name,
        };
        yield post;
      }
    }
    if (!options.directMessages) return;
    for (const entry of partsInOrder(entriesNamed(archive, MESSAGE_FILES))) {
      for (const { dmConversation } of shaped(archive, entry, messagesSchema, await ytd(archive, entry), "an X archive's direct messages")) {
        for (const { messageCreate } of dmConversation.messages) {
          // Only what the account itself wrote: the other side's messages are not its posts.
          if (!messageCreate || (accountId !== undefined && messageCreate.senderId !== accountId)) continue;
          yield {
            site: 'x',
            id: messageCreate.id,
            kind: 'message',
            text: unescapeText(messageCreate.text),
            date: isoFromText(messageCreate.createdAt),
            audience: 'direct',
            url: `https://x.com/messages/${dmConversation.conversationId}`,
            entry: entry.name,
          };
        }
      }
    }
  },
};
