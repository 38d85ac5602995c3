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

function lines(texts: string[], x: number, y: number, size: number, gap: number): string {
  return texts.map((text, i) => `<text x="${x}" y="${y + i * gap}" font-family="DejaVu Sans" font-size="${size}" fill="#1a1a1a">${text}</text>`).join('');
}

async function photo(file: string): Promise<void> {
  // A sheet of paper at a slight angle on a grey desk, photographed at 4000×3000, as a phone saves it.
  const sheet = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000"><rect width="4000" height="3000" fill="#8a8a85"/>
    <g transform="rotate(-2 2000 1500)"><rect x="500" y="250" width="3000" height="2500" fill="#f4f2ec"/>
    ${lines(['Ward 9 handover 02/12', 'Bed 3  Mrs Joan Featherstone  NHS 943 476 5919', 'Bed 4  Mr Tomasz Nowak  DOB 14/02/1951', 'Bed 5  Ms Priya Iqbal  for CT head, falls', 'Bed 6  Mr Declan Doherty  sepsis ?source'], 620, 520, 80, 220)}</g></svg>`;
  await sharp(Buffer.from(sheet)).jpeg({ quality: 88 }).toFile(file);
}

async function screenshot(file: string): Promise<void> {
  const rows = ['Haemoglobin 102 g/L', 'Sodium 131 mmol/L', 'Potassium 5.9 mmol/L', 'Creatinine 212 umol/L', 'Troponin 31044 ng/L'];
  const screen = `<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><rect width="1920" height="1080" fill="#ffffff"/>
    <rect width="1920" height="60" fill="#dfe8f2"/>${lines(['NOWAK, Tomasz (Mr)   DOB: 14/02/1951   NHS: 401 023 2137'], 30, 42, 24, 0)}
    ${lines(rows, 60, 140, 22, 44)}</svg>`;
  await sharp(Buffer.from(screen)).png().toFile(file);
}

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
