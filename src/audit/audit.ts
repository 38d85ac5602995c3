/**
 * The audit itself: which platform an archive is from, every post in it, and each checked
 * by the same engine as a draft, with the post's own audience. Pure of the file system and
 * the page: the command line opens archives with ./open-node.ts, and the engine is passed
 * in, so the same code can run wherever the engine does.
 */
import type { CheckOptions, Draft, Finding, Severity } from '../engine/types';
import { ARCHIVE_READERS } from './readers';
import { ArchiveError, type Archive, type ArchivePost, type ArchiveReader, type AuditResult, type FlaggedPost } from './types';

export interface AuditOptions {
  check: (draft: Draft, options?: CheckOptions) => Finding[];
  /**
   * Checks all the posts at once, in their order, telling progress as it goes (the command
   * line's does it on every core: src/cli/check-pool.ts). Without it, `check` one by one.
   */
  checkAll?: (drafts: readonly Draft[], options: CheckOptions | undefined, onProgress?: (checked: number, total: number) => void) => Promise<Finding[][]>;
  checkOptions?: CheckOptions;
  /** Only posts from this day on; posts with no date are kept. */
  since?: Date;
  directMessages?: boolean;
  /** Called as posts are checked, with how many so far and how many in all. */
  onProgress?: (checked: number, total: number) => void;
}

const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** The platform an archive is from, by what it holds; a clear error naming those it knows when none. */
export async function readerFor(archive: Archive): Promise<ArchiveReader> {
  if (archive.entries.length === 0) throw new ArchiveError(archive.label, 'holds no files: an empty archive');
  for (const reader of ARCHIVE_READERS) if (await reader.detect(archive)) return reader;
  throw new ArchiveError(archive.label, `is not an archive Second Opinion can read. It reads the archives of ${ARCHIVE_READERS.map((reader) => reader.name).join(', ')}: the zip each platform gives, the folder it unpacks to, or one file from it`);
}

/**
 * Every post of every archive checked; the flagged ones worst first (most severe, most
 * findings, newest). The archives are read first (their text only, never their media), so
 * that progress can say how far through the posts the checking is.
 */
export async function audit(archives: readonly Archive[], options: AuditOptions): Promise<AuditResult> {
  const result: AuditResult = { archives: [], posts: 0, flagged: [] };
  const posts: ArchivePost[] = [];
  for (const archive of archives) {
    const reader = await readerFor(archive);
    let count = 0;
    for await (const post of reader.read(archive, { directMessages: options.directMessages ?? false })) {
      if (options.since && post.date && Date.parse(post.date) < options.since.getTime()) continue;
      posts.push(post);
      count++;
    }
    result.archives.push({ label: archive.label, site: reader.id, posts: count });
  }
  result.posts = posts.length;
  const checkAll = options.checkAll ?? checkOneByOne(options.check);
  const all = await checkAll(
    posts.map((post) => ({ text: post.text, site: post.site, audience: post.audience })),
    options.checkOptions,
    options.onProgress,
  );
  posts.forEach((post, i) => {
    const findings = all[i]!;
    if (findings.length) result.flagged.push({ post, findings, severity: worst(findings) });
  });
  options.onProgress?.(posts.length, posts.length);
  result.flagged.sort(worstFirst);
  return result;
}

/** `checkAll` done with `check`, one draft after another on this thread, telling progress every 250 and at the end. */
export function checkOneByOne(check: AuditOptions['check']): NonNullable<AuditOptions['checkAll']> {
  return async (drafts, checkOptions, onProgress) =>
    drafts.map((draft, i) => {
      const findings = check(draft, checkOptions);
      if (i % 250 === 249 || i === drafts.length - 1) onProgress?.(i + 1, drafts.length);
      return findings;
    });
}

function worst(findings: readonly Finding[]): Severity {
  return findings.reduce<Severity>((w, f) => (RANK[f.severity] > RANK[w] ? f.severity : w), 'low');
}

function worstFirst(a: FlaggedPost, b: FlaggedPost): number {
  return RANK[b.severity] - RANK[a.severity] || b.findings.length - a.findings.length || (b.post.date ?? '').localeCompare(a.post.date ?? '');
}
