/**
 * Quality gate on the labelled development corpus (copied from shared/corpus):
 * the targets of the checking-core issue. `npm run eval` prints the full report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, CATEGORIES, type Category } from '../../src/engine';

interface Row { id: string; text: string; site: string; audience: 'public' | 'closed-group' | 'direct'; labels: Category[] }
const rows: Row[] = fs.readFileSync(path.join(__dirname, '../../rules/training/dev.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const DESIGN_CARD: Category[] = ['patient-identifier', 'alcohol-at-work', 'colleague-criticism', 'unverifiable-claim'];

const stats = Object.fromEntries(CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }])) as Record<Category, { tp: number; fp: number; fn: number }>;
let benign = 0;
let benignFlagged = 0;
for (const r of rows) {
  const found = new Set(check({ text: r.text, site: r.site, audience: r.audience }).map((f) => f.category));
  if (r.labels.length === 0) {
    benign++;
    if (found.size) benignFlagged++;
  }
  for (const c of CATEGORIES) {
    if (found.has(c) && r.labels.includes(c)) stats[c].tp++;
    else if (found.has(c)) stats[c].fp++;
    else if (r.labels.includes(c)) stats[c].fn++;
  }
}

describe('development corpus', () => {
  it('has the 320 labelled posts', () => expect(rows).toHaveLength(320));

  it.each(DESIGN_CARD)('%s: precision and recall at least 0.90', (c) => {
    const { tp, fp, fn } = stats[c];
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.9);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.9);
  });

  it.each(CATEGORIES.filter((c) => !DESIGN_CARD.includes(c)))('%s: recall at least 0.80', (c) => {
    const { tp, fn } = stats[c];
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.8);
  });

  it('flags at most 5% of benign posts', () => {
    expect(benignFlagged / benign).toBeLessThanOrEqual(0.05);
  });
});
