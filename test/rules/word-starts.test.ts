/**
 * The build rewrites a rule pattern's `\b` before a word character as `(?<!\w)`, which V8
 * scans many times faster. It must never change what a pattern matches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { getRuleBundle } from '../../src/engine';
import { compilePattern } from '../../src/engine/terms';
import { withFastWordStarts } from '../../src/rules/word-starts';
import { expandLaterInSentence } from '../../src/rules/compile';
import { signalSchema } from '../../src/rules/schema';
import { corpusTexts } from '../fixtures/corpus/posts';

const SIGNALS = path.join(__dirname, '../../rules/signals');
/** Every rule pattern as its author wrote it, by signal (with the signal's `unless-later-in-sentence` appended, as the build does). */
const written: [string, string[]][] = fs
  .readdirSync(SIGNALS)
  .filter((f) => /\.ya?ml$/.test(f))
  .flatMap((f) => Object.entries((parseYaml(fs.readFileSync(path.join(SIGNALS, f), 'utf8')) as { signals: Record<string, unknown> }).signals))
  .map(([name, def]): [string, string[]] => [name, expandLaterInSentence(signalSchema.parse(def), (problem) => { throw new Error(problem); }).patterns])
  .filter(([, patterns]) => patterns.length > 0);

const matches = (pattern: string, text: string) => [...text.matchAll(compilePattern(pattern))].map((m) => [m.index, m[0]]);

describe('withFastWordStarts', () => {
  it('rewrites a boundary before a word, in front and inside', () => {
    expect(withFastWordStarts('\\b(?:ward|bay) \\d{1,3}\\b')).toBe('(?<!\\w)(?:ward|bay) \\d{1,3}\\b');
    expect(withFastWordStarts('\\bcropped the name|names? removed')).toBe('(?<!\\w)cropped the name|names? removed');
    expect(withFastWordStarts('(?:\\bfoo|bar)')).toBe('(?:(?<!\\w)foo|bar)');
    expect(withFastWordStarts('\\bsaw\\b[^.]{0,9}\\bhim')).toBe('(?<!\\w)saw\\b[^.]{0,9}(?<!\\w)him');
  });

  it('keeps a case-sensitive pattern case-sensitive', () => {
    expect(withFastWordStarts('=\\bNHS\\b')).toBe('=(?<!\\w)NHS\\b');
  });

  it('leaves a boundary that may come before something else: an emoji, an optional part, the end', () => {
    for (const p of ['\\b(?:selfie|📸)\\b', '\\b(?:a|b)?\\b', 'x\\b', '\\B(?:ab)', '\\b[\\w!]', '(?=a\\b)a', '(?<=a\\b)', '(?!a\\b)\\w+']) expect(withFastWordStarts(p)).toBe(p);
  });

  it('rewrites inside lookarounds only where that keeps every match', () => {
    const texts = ['ab', 'a b', ' ab', 'ba', 'aab b', 'ſa b', '\u212Aab', 'éab', '_a b', '📸ab'];
    for (const p of ['(?<=a\\b)b', '(?<!\\ba)b', '\\b(?=a)', '\\b\\1a(\\W)']) {
      expect(withFastWordStarts(p)).not.toBe(p);
      for (const text of texts) expect([p, text, matches(withFastWordStarts(p), text)]).toEqual([p, text, matches(p, text)]);
    }
  });

  it('returns a pattern its parser cannot read as written', () => {
    expect(withFastWordStarts('\\b(?<a>x)\\k<b>')).toBe('\\b(?<a>x)\\k<b>');
  });

  it('changes no match of any rule pattern, on the corpus and on made-up text with odd letters', () => {
    const all = written.flatMap(([, ps]) => ps);
    const rewritten = all.filter((p) => withFastWordStarts(p) !== p);
    // Nearly every pattern starts with a boundary; if none were rewritten the test would prove nothing.
    expect(rewritten.length).toBeGreaterThan(all.length / 2);
    const texts = corpusTexts();
    for (const p of rewritten) for (const text of texts) expect([p, matches(withFastWordStarts(p), text)]).toEqual([p, matches(p, text)]);
    // Letters that case-insensitive Unicode matching treats as word characters (ſ, the Kelvin
    // sign U+212A), accents, apostrophes, digits and emoji, next to the patterns' own words.
    const words = fc.constantFrom('ward', 'bay', 'ſ', 'K', '\u212A', 'é', "'", '’', '_', '9', '📸', '🍺', 'the', 'patient', 'Mrs', '-', '.', '\n', 'resus', 'selfie', 'pic', 'drunk', 'he');
    const drafts = fc.tuple(fc.array(fc.oneof(words, fc.string({ maxLength: 3 })), { maxLength: 12 }), fc.constantFrom('', ' ')).map(([ws, gap]) => ws.join(gap));
    fc.assert(
      fc.property(drafts, fc.constantFrom(...rewritten), (text, p) => expect(matches(withFastWordStarts(p), text)).toEqual(matches(p, text))),
      { numRuns: 3000 },
    );
  });

  it('is what the built bundle holds', () => {
    const bundle = getRuleBundle();
    for (const [name, patterns] of written) expect([name, bundle.signals[name]!.patterns]).toEqual([name, patterns.map(withFastWordStarts)]);
  });
});
