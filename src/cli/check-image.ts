/**
 * `second-opinion check-image FILE…`: the text in each picture read on this machine (OCR)
 * and checked like a draft, with notes on its metadata and on consent for clinical images.
 * Governance teams can try their own sample images. Exit 0 nothing flagged, 1 something
 * flagged (a finding, or a picture that gives away where it was taken), 2 bad usage or a
 * picture that could not be read (the others are still checked).
 */
import * as fs from 'node:fs';
import { categoryLabel } from '../audit/report-data';
import type { CheckOptions, Finding } from '../engine/types';
import { check } from '../node/engine';
import { analyseImage, consentCueIn } from '../ocr/analyse';
import { MAX_IMAGE_BYTES } from '../ocr/image-type';
import { createNodeImageReader } from '../ocr/node';
import { SITES } from '../content/sites';
import { UsageError } from './input';
import { UnreadableImage, type ImageReport } from '../ocr/types';
import { citation, colorsFor } from './format';

export interface CheckImageFlags {
  format: 'human' | 'json';
  draft?: string;
  site?: string;
}

type Outcome = { file: string; report: ImageReport } | { file: string; error: string };

function human(outcome: Outcome, write: (text: string) => void): void {
  const c = colorsFor(process.stdout);
  if ('error' in outcome) {
    write(`${c.yellow('!')} ${c.bold(outcome.file)}: could not read this image: ${outcome.error}\n\n`);
    return;
  }
  const { report } = outcome;
  const flagged = report.findings.length + report.notes.filter((n) => n.kind === 'location').length;
  write(`${flagged ? c.red('✗') : c.green('✓')} ${c.bold(outcome.file)} (${report.width}×${report.height}): ${report.summary}\n`);
  // Each rule's explanation once, and each citation once, as in \`check\`.
  const explained = new Set<string>();
  const cited = new Map<string, Finding['guidance'][number]>();
  for (const f of report.findings) {
    const where = f.boxes.map((b) => `${b.x0},${b.y0}–${b.x1},${b.y1}`).join('; ');
    write(`  ${f.severity.toUpperCase().padEnd(6)} ${c.bold(f.category)}  “${report.text.slice(f.start, f.end).replace(/\s+/g, ' ')}”  ${c.dim(`(${f.rule}; in the picture at ${where || 'an unknown place'})`)}\n`);
    for (const g of f.guidance) cited.set(g.id, g);
    if (explained.has(f.rule)) continue;
    explained.add(f.rule);
    write(`      ${f.message}\n`);
    if (f.suggestion) write(`      ${c.dim('Try:')} ${f.suggestion}\n`);
  }
  for (const g of cited.values()) write(`  ${c.dim('Why:')} ${citation(g)} ${c.dim(g.url)}\n`);
  for (const note of report.notes) write(`  ${c.yellow('NOTE')}   ${c.bold(note.kind)}: ${note.message}\n`);
  write('\n');
}

export async function runCheckImage(files: string[], flags: CheckImageFlags, options: CheckOptions, write: (text: string) => void): Promise<number> {
  if (flags.site !== undefined && !SITES.some((site) => site.id === flags.site)) throw new UsageError(`--site: unknown site "${flags.site}" (sites: ${SITES.map((site) => site.id).join(', ')})`);
  const reader = createNodeImageReader();
  // The draft's part in every picture's consent reminder, found once.
  const draftHasConsentCue = consentCueIn(flags.draft ?? '');
  const outcomes: Outcome[] = [];
  try {
    for (const file of files) {
      let outcome: Outcome;
      try {
        let bytes: Buffer;
        try {
          // The size first: a file far over the limit is refused without being read into memory.
          const { size } = fs.statSync(file);
          if (size > MAX_IMAGE_BYTES) throw new UnreadableImage(`it is ${Math.round(size / 1024 / 1024)} MB; pictures over ${MAX_IMAGE_BYTES / 1024 / 1024} MB are not read`);
          bytes = fs.readFileSync(file);
        } catch (e) {
          if (e instanceof UnreadableImage) throw e;
          throw new UnreadableImage((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message);
        }
        const { reading, metadata } = await reader.read(bytes);
        const checkText = (text: string): Finding[] => check({ text, site: flags.site, audience: 'public' }, options);
        outcome = { file, report: analyseImage(reading, metadata, checkText, { draftHasConsentCue, site: flags.site, label: categoryLabel }) };
      } catch (e) {
        if (!(e instanceof UnreadableImage)) throw e;
        outcome = { file, error: e.message };
      }
      outcomes.push(outcome);
      if (flags.format === 'human') human(outcome, write);
    }
  } finally {
    await reader.close();
  }
  if (flags.format === 'json') write(`${JSON.stringify({ images: outcomes }, null, 2)}\n`);
  if (outcomes.some((o) => 'error' in o)) return 2;
  return outcomes.some((o) => 'report' in o && (o.report.findings.length > 0 || o.report.notes.some((n) => n.kind === 'location'))) ? 1 : 0;
}
