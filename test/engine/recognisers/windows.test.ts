/** Text recognisers over a long draft, a window at a time (src/engine/recognisers/index.ts: inWindows). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEXT_RECOGNISERS, WINDOW_CHARS, inWindows } from '../../../src/engine/recognisers';
import { runToEnd } from '../../../src/engine/steps';
import type { Entity } from '../../../src/engine/types';

const corpus = fs
  .readFileSync(path.join(__dirname, '../../../rules/training/train.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => (JSON.parse(line) as { text: string }).text)
  .join('\n');
// Identifiers of every kind across the draft, some of them across a window's edge.
const identifiers = 'Mrs Kaur lives at 12 Acacia Avenue, Leeds LS6 2QT, NHS 943 476 5919, MRN 00482913, born 14/03/1941, 84yo, 07700 900461, a.b@example.com. ';
function longDraft(): string {
  let text = '';
  while (text.length < 5 * WINDOW_CHARS) {
    text += corpus.slice(text.length % corpus.length, (text.length % corpus.length) + 5000);
    // The identifiers straddle the next window edge.
    const edge = Math.ceil((text.length + 1) / WINDOW_CHARS) * WINDOW_CHARS;
    text = text.padEnd(edge - 40, ' ') + identifiers;
  }
  return text;
}
const sorted = (list: Entity[]) => [...list].sort((a, b) => a.start - b.start || a.end - b.end || a.type.localeCompare(b.type));

describe('inWindows', () => {
  const text = longDraft();

  it.each(TEXT_RECOGNISERS.map((recognise) => [recognise.name, recognise] as const))('%s finds over windows what it finds over the whole draft', (_name, recognise) => {
    expect(sorted(runToEnd(inWindows(recognise, text)))).toEqual(sorted(recognise(text)));
  });

  it('takes a step per window, so no step reads more than a window and its margins', () => {
    const steps = inWindows(() => [], text);
    let count = 0;
    while (!steps.next().done) count++;
    expect(count).toBe(Math.ceil(text.length / WINDOW_CHARS));
  });
});
