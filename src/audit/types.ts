/**
 * Auditing an account's archive of past posts (issue 20): what the readers give the audit,
 * and what the audit gives the reports. Nothing here touches the network.
 */
import type { Audience, Finding } from '../engine/types';

/** What kind of post it was: a reply or a comment reads differently from a post of one's own. */
export type PostKind = 'post' | 'reply' | 'repost' | 'quote' | 'comment' | 'message';

export interface ArchivePost {
  /** The platform's id for the reader that found it ("x", "facebook"…). */
  site: string;
  /** The post's id on the platform, or its place in the archive when it has none. */
  id: string;
  kind: PostKind;
  text: string;
  /** When it was posted (ISO 8601), when the archive says. */
  date?: string;
  audience: Audience;
  /** A link to the post on the platform, to delete it there. */
  url?: string;
  /** Where it came from: the archive's entry. */
  entry: string;
  /** Where the post appeared, when the archive says (a group, a subreddit). */
  place?: string;
}

/** One entry of an archive: a file in a zip or a folder, read only when a reader asks. */
export interface ArchiveEntry {
  /** Its path inside the archive, with forward slashes. */
  name: string;
  size: number;
  text(): Promise<string>;
  bytes(): Promise<Uint8Array>;
}

export interface Archive {
  /** How the user named it (the path given). */
  label: string;
  entries: ArchiveEntry[];
  close(): Promise<void>;
}

/**
 * The platforms whose archives are read, by the id each reader gives its posts, with the
 * name people know them by: the readers' names and the reports' labels both come from here.
 */
export const SITE_NAMES = { x: 'X (Twitter)', facebook: 'Facebook', instagram: 'Instagram', linkedin: 'LinkedIn', reddit: 'Reddit', mastodon: 'Mastodon', bluesky: 'Bluesky' } as const;

/** A platform's name from a post's site id, or the id itself for one not listed. */
export const siteName = (site: string): string => (SITE_NAMES as Record<string, string>)[site] ?? site;

/** A reader for one platform's archive, in the style of src/content/sites/. */
export interface ArchiveReader {
  id: string;
  /** The platform's name as people say it. */
  name: string;
  /** Whether the archive is this platform's, from its entries' names and contents. */
  detect(archive: Archive): Promise<boolean>;
  /** Every post, reply and comment in it. `options.directMessages`: direct messages too. */
  read(archive: Archive, options: ReadOptions): AsyncIterable<ArchivePost>;
}

export interface ReadOptions {
  directMessages: boolean;
}

export interface FlaggedPost {
  post: ArchivePost;
  findings: Finding[];
  /** The worst severity among the findings. */
  severity: Finding['severity'];
}

export interface AuditResult {
  archives: { label: string; site: string; posts: number }[];
  posts: number;
  flagged: FlaggedPost[];
}

/** A problem with an archive the user gave, naming the file and the entry: never a partial report. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
  constructor(
    readonly archive: string,
    message: string,
    readonly entry?: string,
  ) {
    // A file given on its own is its own only entry: named once.
    const named = entry && archive !== entry && !archive.endsWith(`/${entry}`) && !archive.endsWith(`\\${entry}`);
    super(`${archive}${named ? `: ${entry}` : ''}: ${message}`);
  }
}
