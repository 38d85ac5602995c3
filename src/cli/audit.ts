/**
 * `second-opinion audit ARCHIVE…`: every past post in the archives a platform gives its
 * users, checked on this machine. The report is written only once every archive has been
 * read and checked: a problem with any of them is an error naming the file and the entry,
 * never a partial report that looks complete.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { audit } from '../audit/audit';
import { openArchive } from '../audit/open-node';
import { categoryLabel, reportCsv, reportData, type ReportData } from '../audit/report-data';
import { reportHtml } from '../audit/report-html';
import { ArchiveError, type Archive } from '../audit/types';
import { check } from '../node/engine';
import { checkAll, workerCount } from './check-pool';
import type { CheckOptions } from '../engine/types';
import { UsageError } from './input';

export type AuditFormat = 'human' | 'html' | 'json' | 'csv';

export interface AuditFlags {
  out?: string;
  format?: AuditFormat;
  since?: string;
  directMessages?: boolean;
}

/** The day given to --since, as the start of that day in UTC. */
export function parseSince(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(match![3])) throw new UsageError(`--since: "${value}" is not a date written as YYYY-MM-DD`);
  return date;
}

/** The report's format: as asked, else from the --out file's extension, else a summary on the terminal. */
export function formatFor(flags: AuditFlags): AuditFormat {
  if (flags.format) return flags.format;
  if (!flags.out) return 'human';
  const extension = path.extname(flags.out).toLowerCase();
  return extension === '.json' ? 'json' : extension === '.csv' ? 'csv' : 'html';
}

function summary(data: ReportData, out: string | undefined): string {
  const lines = [`${data.posts} posts checked in ${data.archives.map((a) => `${a.label} (${a.site}, ${a.posts})`).join(', ')}: ${data.flagged} flagged.`];
  for (const item of data.items.slice(0, 10)) {
    const where = item.url ?? `search for "${item.search}"`;
    lines.push('', `${item.date?.slice(0, 10) ?? 'undated'} ${item.site} ${item.kind} [${item.severity}]: ${item.categories.map(categoryLabel).join('; ')}`, `  “${item.findings.map((f) => f.words).join('”, “')}”`, `  ${where}`);
  }
  if (data.items.length > 10) lines.push('', `…and ${data.items.length - 10} more.`);
  if (!out && data.items.length) lines.push('', 'The whole report, to read and filter in a browser: add --out report.html');
  return `${lines.join('\n')}\n`;
}

export async function runAudit(files: string[], flags: AuditFlags, checkOptions: CheckOptions, write: (text: string) => void): Promise<number> {
  const format = formatFor(flags);
  const since = parseSince(flags.since);
  try {
    workerCount(0); // SECOND_OPINION_WORKERS, if set, is read now: a bad value is a usage error before any work
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const archives: Archive[] = [];
  const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: ' {bar} {value}/{total} posts checked', hideCursor: true }, Presets.shades_classic) : undefined;
  try {
    for (const file of files) archives.push(await openArchive(file));
    let started = false;
    const result = await audit(archives, {
      check,
      checkAll,
      checkOptions,
      since,
      directMessages: flags.directMessages ?? false,
      onProgress: (checked, total) => {
        if (!bar) return;
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(checked);
      },
    });
    bar?.stop();
    const data = reportData(result);
    const text = format === 'html' ? reportHtml(data) : format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : format === 'csv' ? reportCsv(data) : summary(data, flags.out);
    if (flags.out) {
      fs.writeFileSync(flags.out, text);
      process.stderr.write(`second-opinion: ${data.posts} posts checked, ${data.flagged} flagged; report written to ${flags.out}\n`);
    } else write(text);
    return data.flagged ? 1 : 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof ArchiveError) throw new UsageError(error.message);
    throw error;
  } finally {
    for (const archive of archives) await archive.close().catch(() => undefined);
  }
}
