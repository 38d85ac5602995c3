/**
 * The OCR's cost in Node (issue 19): a 12-megapixel phone photo of a handover sheet and a
 * 1080p screenshot of a results screen, drawn here with sharp, each read in a fresh process
 * (worker start-up, then the read itself, timed apart) with its peak memory.
 *   node build/bench/ocr.cjs            (prints JSON)
 *   node build/bench/ocr.cjs --one FILE (one picture, in this process)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { createNodeImageReader } from '../src/ocr/node';
import { drawHandoverPhoto as photo, drawResultsScreenshot as screenshot } from './bench-pictures';

async function readOne(file: string): Promise<void> {
  const reader = createNodeImageReader();
  const bytes = fs.readFileSync(file);
  // Start-up first (the worker and the English data), on a tiny picture, then the picture itself.
  const started = performance.now();
  await reader.read(await sharp({ create: { width: 32, height: 16, channels: 3, background: '#fff' } }).png().toBuffer());
  const startupMs = performance.now() - started;
  const t0 = performance.now();
  const { reading } = await reader.read(bytes);
  const readMs = performance.now() - t0;
  await reader.close();
  const { width, height } = await sharp(bytes).metadata();
  process.stdout.write(JSON.stringify({ width, height, startupMs: Math.round(startupMs), readMs: Math.round(readMs), words: reading.words.length, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), text: reading.text.slice(0, 80) }));
}

async function main(): Promise<void> {
  const one = process.argv.indexOf('--one');
  if (one >= 0) return readOne(process.argv[one + 1]!);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-bench-ocr-'));
  try {
    const photoFile = path.join(dir, 'photo-12mp.jpg');
    const screenFile = path.join(dir, 'screenshot-1080p.png');
    await photo(photoFile);
    await screenshot(screenFile);
    const run = (file: string) => JSON.parse(spawnSync(process.execPath, [__filename, '--one', file], { encoding: 'utf8' }).stdout);
    process.stdout.write(JSON.stringify({ photo: run(photoFile), screenshot: run(screenFile) }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
