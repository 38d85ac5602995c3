/**
 * second-opinion: the command-line checker. The same engine as the extension,
 * so governance teams and educators see exactly what clinicians see.
 */
import { isMainThread } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { Command, CommanderError, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { check, entities } from '../node/engine';
import { CATEGORIES, type Category, type CheckOptions } from '../engine/types';
import { capFindings, colorsFor, formatFindings } from './format';
import { parseAudience, parseJsonlLine, readFileText, resolveDraftArgument, UsageError } from './input';
import { runAudit, type AuditFlags } from './audit';
import type { CheckImageFlags } from './check-image';

const VERSION = '0.1.0';

interface CheckFlags {
  format: 'human' | 'json';
  audience?: string;
  site?: string;
  jsonl?: boolean;
  localTerm: string[];
  only?: string;
  skip?: string;
}

function parseCategoryList(value: string, flag: string): Category[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const c of list) if (!(CATEGORIES as readonly string[]).includes(c)) throw new UsageError(`${flag}: unknown category "${c}" (categories: ${CATEGORIES.join(', ')})`);
  return list as Category[];
}

function optionsFrom(flags: Pick<CheckFlags, 'only' | 'skip' | 'localTerm'>): CheckOptions {
  const categories: Partial<Record<Category, boolean>> = {};
  if (flags.only) {
    const only = new Set(parseCategoryList(flags.only, '--only'));
    for (const c of CATEGORIES) categories[c] = only.has(c);
  }
  if (flags.skip) for (const c of parseCategoryList(flags.skip, '--skip')) categories[c] = false;
  return { categories, localTerms: flags.localTerm };
}

/**
 * Writes all of `text` to standard output. When stdout is a pipe whose reader is slower
 * than the checker ("second-opinion check --jsonl … | slow-consumer"), a write can take
 * part of the text or fail with EAGAIN; wait a moment and go on, so nothing is lost.
 */
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Standard output was closed by its reader. */
class ClosedOutput extends Error {
  override name = 'ClosedOutput';
}
export function writeOut(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(1, bytes, offset, bytes.length - offset);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // The reader has gone ("… | head -1"): a normal end, not an error.
      if (code === 'EPIPE') throw new ClosedOutput();
      if (code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

/** Output is buffered and written in large chunks: per-line writes cap batch throughput. */
class BufferedOut {
  private parts: string[] = [];
  private size = 0;
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.parts.length) writeOut(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

async function forEachLine(input: string | undefined, onLine: (line: string, n: number) => void): Promise<void> {
  if (input !== undefined && input !== '-') {
    const text = readFileText(input);
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: ' {bar} {value}/{total} posts', hideCursor: true }, Presets.shades_classic) : undefined;
    bar?.start(lines.length, 0);
    lines.forEach((line, i) => {
      onLine(line, i + 1);
      if (bar && i % 200 === 0) bar.update(i + 1);
    });
    bar?.update(lines.length);
    bar?.stop();
    return;
  }
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) onLine(line, ++n);
}

async function runBatch(input: string | undefined, flagsOptions: CheckOptions, mode: 'check' | 'entities'): Promise<number> {
  const out = new BufferedOut();
  let failed = 0;
  await forEachLine(input, (line, n) => {
    if (line.trim() === '') return;
    const parsed = parseJsonlLine(line);
    if (!parsed.ok) {
      failed++;
      out.write(`${JSON.stringify({ line: n, error: parsed.error })}\n`);
      return;
    }
    const { id, text, site, audience } = parsed.value;
    try {
      const result =
        mode === 'check'
          ? { id, findings: check({ text, site, audience }, flagsOptions) }
          : { id, entities: entities(text) };
      out.write(`${JSON.stringify(result)}\n`);
    } catch (e) {
      failed++;
      out.write(`${JSON.stringify({ line: n, error: `could not check this line: ${(e as Error).message}` })}\n`);
    }
  });
  out.flush();
  if (failed) process.stderr.write(`second-opinion: ${failed} line${failed === 1 ? '' : 's'} could not be read; see the {"line", "error"} records\n`);
  return failed ? 2 : 0;
}

export { lastCheckThreads } from './check-pool';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('second-opinion')
    .description('A second opinion on a clinician\'s social-media post before it is published.\nEverything runs on this machine: no draft leaves it.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`second-opinion: ${str.replace(/^error: /, '')}`) })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('check')
    .description('Check a draft and explain each risk, with the guidance it rests on.')
    .argument('[draft]', 'the draft text, a file containing it, or - to read standard input')
    // Batch mode writes JSON lines, so an explicit --format with it would be ignored: refused instead.
    .addOption(new Option('-f, --format <format>', 'output format').choices(['human', 'json']).default('human').conflicts('jsonl'))
    .option('-a, --audience <audience>', 'who will read it: public, closed-group or direct')
    .option('-s, --site <site>', 'where it will be posted, e.g. twitter, facebook-group')
    .option('--jsonl', 'batch mode: one {"id","text","site"?,"audience"?} object per input line, one result per output line')
    .option('-l, --local-term <term>', 'a local name to treat as an identifier (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--only <categories>', 'check only these categories (comma-separated)')
    .option('--skip <categories>', 'skip these categories (comma-separated)')
    .addHelpText('after', `
Exit status: 0 no risks, 1 risks found, 2 bad usage or input (in --jsonl mode: 2 if any line failed).
Categories: ${CATEGORIES.join(', ')}

Examples:
  second-opinion check "Mrs Jones in bay 4 has a CA-125 of 14,000"
  second-opinion check draft.txt --audience closed-group
  second-opinion check --jsonl < posts.jsonl > findings.jsonl`)
    .action(async (draft: string | undefined, flags: CheckFlags) => {
      const options = optionsFrom(flags);
      const audience = parseAudience(flags.audience);
      if (flags.jsonl) {
        exitCode = await runBatch(draft, options, 'check');
        return;
      }
      const source = resolveDraftArgument(draft);
      // A whole file may hold thousands of findings of one kind: all are counted, the first
      // of each rule shown, and the rest summarised with their lines (the engine's own caps
      // are for what a page draws).
      const all = check({ text: source.text, site: flags.site, audience }, { ...options, findingLimits: { perRule: Infinity, total: Infinity } });
      const { shown, omitted } = capFindings(source.text, all);
      // Set before writing: if the reader closes the pipe mid-way, the status still says what was found.
      exitCode = all.length ? 1 : 0;
      if (flags.format === 'json') {
        const bySeverity = { high: 0, medium: 0, low: 0 };
        for (const f of all) bySeverity[f.severity]++;
        writeOut(`${JSON.stringify({ source: source.label, findings: shown, ...(omitted.length ? { omitted } : {}), summary: { count: all.length, shown: shown.length, bySeverity } }, null, 2)}\n`);
      } else {
        writeOut(formatFindings(source.label, source.text, shown, colorsFor(process.stdout), omitted));
      }
    });

  program
    .command('entities')
    .description('List the identifiers the engine sees (names, ages, dates, numbers, places): "why was this flagged?"')
    .argument('[draft]', 'the draft text, a file containing it, or - to read standard input')
    .option('--jsonl', 'batch mode: one {"id","text"} object per input line, one {"id","entities"} per output line')
    .addHelpText('after', `
Entity types: PERSON, AGE, DATE, PHONE, EMAIL, ADDRESS, POSTCODE, LOCATION, NHS_NUMBER, HOSPITAL_NUMBER
Exit status: 0 on success, 2 on bad usage or input.`)
    .action(async (draft: string | undefined, flags: { jsonl?: boolean }) => {
      if (flags.jsonl) {
        exitCode = await runBatch(draft, {}, 'entities');
        return;
      }
      const source = resolveDraftArgument(draft);
      writeOut(`${JSON.stringify({ source: source.label, entities: entities(source.text) }, null, 2)}\n`);
    });

  program
    .command('check-image')
    .description('Check pictures before posting: the text in them, read on this machine (OCR), their embedded location and names, and consent for clinical images.')
    .argument('<images...>', 'PNG, JPEG, GIF, WebP, BMP or TIFF files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['human', 'json']).default('human'))
    .option('--draft <text>', "the post's own text, which can make a clinical image likely (\"look at this x-ray\")")
    .option('--site <site>', 'the site it will be posted on (x, facebook, reddit, whatsapp, linkedin, bluesky, mastodon, discourse, phpbb…): says whether the site strips metadata')
    .option('--only <categories>', 'check only these categories (comma-separated)')
    .option('--skip <categories>', 'skip these categories (comma-separated)')
    .option('-l, --local-term <term>', 'a local name to treat as an identifier (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .addHelpText('after', `
Exit status: 0 nothing flagged, 1 something flagged (a risk in the text, or an embedded location),
2 bad usage or a picture that could not be read (the others are still checked).
Nothing is uploaded: the pictures are read on this machine.

Examples:
  second-opinion check-image handover.jpg
  second-opinion check-image --site facebook --draft "Look at this x-ray" scan.png --format json`)
    .action(async (files: string[], flags: CheckImageFlags & Pick<CheckFlags, 'only' | 'skip' | 'localTerm'>) => {
      // Loaded only here: the OCR, sharp and their native and WebAssembly parts cost every other command nothing.
      const { runCheckImage } = await import('./check-image');
      exitCode = await runCheckImage(files, flags, optionsFrom(flags), (text) => writeOut(text));
    });

  program
    .command('audit')
    .description('Audit past posts: check every post in the archives X, Facebook, Instagram, LinkedIn, Reddit or Mastodon give you, on this machine.')
    .argument('<archives...>', 'an archive as the platform gives it (a zip), the folder it unpacks to, or one file of it')
    .option('-o, --out <file>', 'write the report here: .html (to read and filter in a browser), .json or .csv')
    .addOption(new Option('-f, --format <format>', 'report format (default: from --out, else a summary here)').choices(['human', 'html', 'json', 'csv']))
    .option('--since <date>', 'only posts from this day on (YYYY-MM-DD)')
    .option('--only <categories>', 'check only these categories (comma-separated)')
    .option('--skip <categories>', 'skip these categories (comma-separated)')
    .option('-l, --local-term <term>', 'a local name to treat as an identifier (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--direct-messages', 'check direct messages too (off by default)')
    .addHelpText('after', `
Exit status: 0 nothing flagged, 1 posts flagged, 2 bad usage or an archive that cannot be read.
Nothing is uploaded: the archives are read here, and only text entries are opened (never photos or videos).

Examples:
  second-opinion audit twitter-2026-11-30.zip --out report.html
  second-opinion audit facebook-jdoe.zip instagram-jdoe.zip --since 2022-01-01 --out report.html
  second-opinion audit outbox.json --format csv > flagged.csv`)
    .action(async (files: string[], flags: AuditFlags & Omit<CheckFlags, 'format'>) => {
      exitCode = await runAudit(files, flags, optionsFrom(flags), (text) => writeOut(text));
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`second-opinion: ${e.message}\n`);
      return 2;
    }
    // Whoever reads the output stopped reading: end quietly, with the status so far.
    if (e instanceof ClosedOutput) return exitCode;
    process.stderr.write(`second-opinion: internal error: ${(e as Error).message}\n`);
    return 2;
  }
  return exitCode;
}

// Not in a worker thread: src/cli/check-pool.ts runs this bundle in its workers, which only check.
if (require.main === module && isMainThread) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 2;
    },
  );
}
