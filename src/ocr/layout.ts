/**
 * The OCR's words laid out as text for the engine (words joined by spaces, lines by line
 * breaks, blocks by blank lines), each word keeping its place in the text and in the picture,
 * so a finding's words can be boxed in the picture.
 */
import type { Box, ImageReading, ReadWord } from './types';

/** The shape of tesseract.js's `blocks` output that is used here. */
export interface OcrBlock {
  paragraphs: { lines: { words: { text: string; bbox: Box; confidence: number }[] }[] }[];
}

/** Words read with less confidence than this are left out: noise, table rules, specks. */
export const MIN_WORD_CONFIDENCE = 30;

/** Table borders and specks that OCR reads as characters of their own. */
const RULE_MARK = /^[|¦!{}\[\]()_~—–-]+$/;

/** `text` without table-rule marks at either end, in one pass from each end (a regular expression anchored at the end would backtrack over a long run of them). */
function trimRules(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === '|' || text[start] === '¦')) start++;
  while (end > start && (text[end - 1] === '|' || text[end - 1] === '¦')) end--;
  return text.slice(start, end);
}

export function layoutOf(blocks: readonly OcrBlock[], width: number, height: number, scale = 1): ImageReading {
  const words: ReadWord[] = [];
  let text = '';
  for (const block of blocks) {
    if (text && !text.endsWith('\n\n')) text += text.endsWith('\n') ? '\n' : '\n\n';
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        let first = true;
        for (const word of line.words) {
          // Table borders read as "|" before or after a cell's words: not words.
          const clean = trimRules(word.text);
          if (!clean || RULE_MARK.test(clean) || word.confidence < MIN_WORD_CONFIDENCE) continue;
          if (!first) text += ' ';
          first = false;
          words.push({ text: clean, start: text.length, end: text.length + clean.length, box: unscaled(word.bbox, scale), confidence: word.confidence });
          text += clean;
        }
        if (!first) text += '\n';
      }
    }
  }
  return { text: text.trimEnd(), words, width: Math.round(width / scale), height: Math.round(height / scale), scale };
}

function unscaled(box: Box, scale: number): Box {
  return scale === 1 ? { ...box } : { x0: Math.round(box.x0 / scale), y0: Math.round(box.y0 / scale), x1: Math.round(box.x1 / scale), y1: Math.round(box.y1 / scale) };
}

/** The boxes of the words that `start`-`end` covers, one per line (words side by side on a line merge). */
export function boxesFor(words: readonly ReadWord[], start: number, end: number): Box[] {
  const boxes: Box[] = [];
  for (const word of words) {
    if (word.end <= start || word.start >= end) continue;
    const last = boxes[boxes.length - 1];
    // The same line: the word starts after the last box and overlaps it vertically.
    if (last && word.box.x0 >= last.x0 && word.box.y0 < last.y1 && word.box.y1 > last.y0) {
      last.x1 = Math.max(last.x1, word.box.x1);
      last.y0 = Math.min(last.y0, word.box.y0);
      last.y1 = Math.max(last.y1, word.box.y1);
    } else boxes.push({ ...word.box });
  }
  return boxes;
}
