/** Text recognisers over a long draft, a window at a time (src/engine/recognisers/index.ts: inWindows). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEXT_RECOGNISERS, WINDOW_CHARS, inWindows, recogniseInitials } from '../../../src/engine/recognisers';
import { runToEnd } from '../../../src/engine/steps';
import type { Entity } from '../../../src/engine/types';

const corpus = fs
  .readFileSync(path.join(__dirname, '../../../rules/training/train.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => (JSON.parse(line) as { text: string }).text)
  .join('\n');
// Identifiers of every kind across the draft, some of them across a window's edge.
const identifiers = 'P.W. and JT, 54M. Mrs Kaur lives at 12 Acacia Avenue, Leeds LS6 2QT, NHS 943 476 5919, MRN 00482913, born 14/03/1941, 84yo, 07700 900461, a.b@example.com. ';
// Where in `identifiers` each window edge falls, in turn: inside the address, the NHS number,
// the hospital number, the date, the age, the phone number, the email, the postcode and initials.
const EDGE_INSIDE = ['Acacia', '476', '0048', '03/19', '84y', '900', 'example', 'LS6 2', 'P.W'].map((words) => identifiers.indexOf(words) + 2);
function longDraft(): string {
  let text = '';
  for (const inside of EDGE_INSIDE) {
    text += corpus.slice(text.length % corpus.length, (text.length % corpus.length) + 5000);
    const edge = Math.ceil((text.length + 200) / WINDOW_CHARS) * WINDOW_CHARS;
    text = text.padEnd(edge - inside, ' ') + identifiers;
  }
  return text;
}
const sorted = (list: Entity[]) => [...list].sort((a, b) => a.start - b.start || a.end - b.end || a.type.localeCompare(b.type));

describe('inWindows', () => {
  const text = longDraft();

  // Initials too: the engine reads them over windows on a long draft (Analysis.scansInWindows).
  it.each([...TEXT_RECOGNISERS, recogniseInitials].map((recognise) => [recognise.name, recognise] as const))('%s finds over windows what it finds over the whole draft', (_name, recognise) => {
    const whole = recognise(text);
    // The draft holds every kind: the comparison compares something.
    expect(whole.length).toBeGreaterThan(0);
    expect(sorted(runToEnd(inWindows(recognise, text)))).toEqual(sorted(whole));
  });

  it('has entities lying across a window edge, the case the margins are for', () => {
    const across = [...TEXT_RECOGNISERS, recogniseInitials].flatMap((recognise) => recognise(text)).filter((entity) => Math.floor(entity.start / WINDOW_CHARS) !== Math.floor((entity.end - 1) / WINDOW_CHARS));
    expect(new Set(across.map((entity) => entity.type)).size).toBeGreaterThanOrEqual(7);
  });

  it('takes a step per window, so no step reads more than a window and its margins', () => {
    const steps = inWindows(() => [], text);
    let count = 0;
    while (!steps.next().done) count++;
    expect(count).toBe(Math.ceil(text.length / WINDOW_CHARS));
  });
});
