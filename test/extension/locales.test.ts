/** Every user-facing string the code asks for exists in _locales/en_GB, and every category has a label. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATEGORIES } from '../../src/engine/types';
import { categoryLabelKey } from '../../src/shared/labels';
import { sourceFiles } from '../source-files';

const ROOT = path.resolve(__dirname, '../..');
const messages: Record<string, { message: string; placeholders?: Record<string, { content: string }> }> = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'src/_locales/en_GB/messages.json'), 'utf8'),
);

describe('locales', () => {
  it('has every key passed to t()', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(ROOT, 'src'))) {
      // Keys appear as t('key') or as either branch of a t(cond ? 'a' : 'b') call.
      const text = fs.readFileSync(file, 'utf8');
      for (const call of text.matchAll(/\bt\(([^;]*?)\)/g)) for (const key of call[1]!.matchAll(/'([a-z]+_[a-z_]+)'/g)) used.add(key[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    for (const key of used) expect(messages).toHaveProperty(key);
  });

  it('labels every category and severity', () => {
    for (const category of CATEGORIES) expect(messages[categoryLabelKey(category)]?.message).toBeTruthy();
    for (const severity of ['high', 'medium', 'low']) expect(messages[`severity_${severity}`]).toBeDefined();
  });

  it('uses valid message names and placeholders', () => {
    for (const [key, entry] of Object.entries(messages)) {
      expect(key).toMatch(/^[A-Za-z0-9_]+$/);
      for (const name of entry.message.matchAll(/\$([A-Z_]+)\$/g)) expect(entry.placeholders).toHaveProperty(name[1]!.toLowerCase());
    }
  });
});
