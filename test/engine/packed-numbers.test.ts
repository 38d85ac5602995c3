import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { isPacked, packBundleNumbers, packIntegers, unpackBundleNumbers, unpackIntegers, type Integers, type PackedIntegers } from '../../src/engine/packed-numbers';
import { createEngine, getRuleBundle } from '../../src/engine';
import type { RuleBundle } from '../../src/rules/schema';
import { readyModel, scoreOfIndices, weightsOf } from '../../src/engine/model';
import type { Category } from '../../src/engine/types';

const root = path.resolve(__dirname, '../..');
const plain = (list: Integers): number[] => Array.from(list);
/** A packed list through JSON and back, as the shipped bundle travels. */
const throughJson = (list: readonly number[]): Integers => unpackIntegers(JSON.parse(JSON.stringify(packIntegers(list))) as PackedIntegers, 'test');

describe('packIntegers and unpackIntegers', () => {
  it('packs in 16 bits when every number fits, and in 32 when one does not', () => {
    expect('int16le' in packIntegers([0, 1, -1, 32767, -32768])).toBe(true);
    expect('int32le' in packIntegers([0, 32768])).toBe(true);
    expect('int32le' in packIntegers([-32769])).toBe(true);
    expect(throughJson([0, 1, -1, 32767, -32768])).toBeInstanceOf(Int16Array);
    expect(throughJson([2147483647, -2147483648, 5])).toBeInstanceOf(Int32Array);
  });

  it('packs in 8 bits when asked and every number fits (the meanings of words), else as before', () => {
    const bytes = (list: readonly number[]) => unpackIntegers(JSON.parse(JSON.stringify(packIntegers(list, true))) as PackedIntegers, 'test');
    expect('int8' in packIntegers([0, 127, -128], true)).toBe(true);
    expect(bytes([0, 127, -128, 5])).toEqual(Int8Array.of(0, 127, -128, 5));
    expect('int16le' in packIntegers([0, 128], true)).toBe(true);
    expect('int16le' in packIntegers([0, 1])).toBe(true); // not asked: 16 bits, as every other list
    expect(() => unpackIntegers({ int8: 'AAE=', length: 3 }, 'model.meaning.weights')).toThrow(/model\.meaning\.weights are damaged \(2 bytes for 3 numbers of 1 bytes\)/);
  });

  it('gives back every list of whole numbers as it was packed', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -32768, max: 32767 }), fc.integer())), (list) => {
        expect(plain(throughJson(list))).toEqual(list);
      }),
      { numRuns: 300 },
    );
  });

  it('writes the bytes little-endian, whatever the machine', () => {
    expect(packIntegers([1, 256])).toEqual({ int16le: Buffer.from([1, 0, 0, 1]).toString('base64'), length: 2 });
    expect(packIntegers([1, 65536])).toEqual({ int32le: Buffer.from([1, 0, 0, 0, 0, 0, 1, 0]).toString('base64'), length: 2 });
  });

  it('packs the empty list, and gives a plain list back as it is', () => {
    expect(plain(throughJson([]))).toEqual([]);
    const list = [3, 1, 2];
    expect(unpackIntegers(list, 'test')).toBe(list);
  });

  it('refuses to pack what is not a whole number within 32 bits', () => {
    expect(() => packIntegers([1.5])).toThrow('only whole numbers within 32 bits are packed, not 1.5 (at 0)');
    expect(() => packIntegers([0, 2 ** 31])).toThrow('not 2147483648 (at 1)');
    expect(() => packIntegers([Number.NaN])).toThrow('not NaN');
  });

  it('refuses a damaged list with an error that names it and says what to do', () => {
    const good = packIntegers([1, 2, 3]) as { int16le: string; length: number };
    const damaged: unknown[] = [
      { ...good, length: 4 }, // bytes for three numbers, not four
      { ...good, length: 1.5 },
      { int16le: `${good.int16le.slice(0, -4)}!!!!`, length: 3 }, // not base64: Buffer would skip the !s
      { int16le: good.int16le.slice(1), length: 3 }, // cut short
      { int16le: 12, length: 3 },
      { int32le: good.int16le, length: 3 }, // 6 bytes are not three 32-bit numbers
    ];
    for (const d of damaged) expect(() => unpackIntegers(d as PackedIntegers, 'model.pairs.at')).toThrow(/^the rule bundle's numbers at model\.pairs\.at are damaged .*: rebuild the bundle with npm run build$/);
  });

  describe('on a platform without Buffer', () => {
    const buffer = globalThis.Buffer;
    const atob = globalThis.atob;
    const platform = Uint8Array as { fromBase64?: unknown };
    const fromBase64 = platform.fromBase64;
    afterEach(() => {
      globalThis.Buffer = buffer;
      if (fromBase64 === undefined) delete platform.fromBase64;
      else platform.fromBase64 = fromBase64;
    });

    it('decodes with atob, as a browser without Uint8Array.fromBase64 does', () => {
      const packed = JSON.parse(JSON.stringify(packIntegers([-5, 40000, 7]))) as PackedIntegers;
      (globalThis as { Buffer?: unknown }).Buffer = undefined;
      platform.fromBase64 = undefined;
      expect(plain(unpackIntegers(packed, 'test'))).toEqual([-5, 40000, 7]);
    });

    it('decodes with Uint8Array.fromBase64 where the platform has it', () => {
      const packed = JSON.parse(JSON.stringify(packIntegers([-5, 300, 7]))) as PackedIntegers;
      let used = 0;
      platform.fromBase64 = (text: string) => {
        used++;
        return new Uint8Array(buffer.from(text, 'base64'));
      };
      (globalThis as { Buffer?: unknown }).Buffer = undefined;
      expect(plain(unpackIntegers(packed, 'test'))).toEqual([-5, 300, 7]);
      expect(used).toBe(1);
    });

    it('refuses a damaged list there too, whichever decoder reads it', () => {
      const good = packIntegers([1, 2, 3]) as { int16le: string; length: number };
      const damaged = { int16le: `${good.int16le.slice(0, -4)}!!!!`, length: 3 };
      (globalThis as { Buffer?: unknown }).Buffer = undefined;
      platform.fromBase64 = undefined;
      expect(() => unpackIntegers(damaged, 'x')).toThrow("the rule bundle's numbers at x are damaged");
      platform.fromBase64 = (text: string) => {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new SyntaxError('not base64');
        return new Uint8Array(buffer.from(text, 'base64'));
      };
      expect(() => unpackIntegers(damaged, 'x')).toThrow("the rule bundle's numbers at x are damaged");
      delete (globalThis as { atob?: unknown }).atob;
      platform.fromBase64 = undefined;
      try {
        expect(() => unpackIntegers(good, 'x')).toThrow('this platform decodes no base64');
      } finally {
        globalThis.atob = atob;
      }
    });

    it('encodes with btoa', () => {
      const expected = packIntegers([1, -2, 70000]);
      (globalThis as { Buffer?: unknown }).Buffer = undefined;
      expect(packIntegers([1, -2, 70000])).toEqual(expected);
    });
  });
});

describe('the rule bundle packed for shipping', () => {
  const bundle = getRuleBundle();
  const lists = (b: RuleBundle): Record<string, number[]> => {
    const out: Record<string, number[]> = {};
    for (const c of Object.keys(b.model!.categories) as Category[]) out[`weights ${c}`] = Object.entries(weightsOf(b.model!, c)).flat() as number[];
    out['pairs at'] = plain(b.model!.pairs!.at);
    out['pairs keys'] = plain(b.model!.pairs!.keys);
    for (const k of ['parents', 'tokens', 'ends'] as const) out[`trie ${k}`] = plain(b.termTries!.terms[k]);
    out['meaning weights'] = plain(b.model!.meaning!.weights);
    return out;
  };

  it('packs every long list of numbers, and reads back the same bundle', () => {
    const shipped = JSON.parse(JSON.stringify(packBundleNumbers(bundle))) as RuleBundle;
    expect(isPacked(shipped.model!.pairs!.at)).toBe(true);
    expect(isPacked(shipped.termTries!.terms.ends)).toBe(true);
    expect(Object.values(shipped.model!.categories).every((m) => isPacked(m!.weights))).toBe(true);
    expect('int8' in (shipped.model!.meaning!.weights as unknown as PackedIntegers)).toBe(true);
    const back = unpackBundleNumbers(shipped);
    expect(lists(back)).toEqual(lists(bundle));
    // The weights go dense: one for each evidence name.
    expect(back.model!.denseWeights).toBe(true);
    for (const m of Object.values(back.model!.categories)) expect(m!.weights.length).toBe(bundle.model!.evidence.length);
    // Everything else is the same data.
    const rest = (b: RuleBundle) => JSON.stringify({ ...b, model: { ...b.model, denseWeights: undefined, categories: Object.keys(b.model!.categories), pairs: b.model!.pairs!.signals, meaning: { ...b.model!.meaning, weights: 0 } }, termTries: { ...b.termTries!.terms, parents: 0, tokens: 0, ends: 0 } });
    expect(rest(back)).toBe(rest(bundle));
  });

  it('scores every piece of evidence alike, dense or as trained', () => {
    const trained = readyModel(bundle.model!);
    const shipped = readyModel(unpackBundleNumbers(JSON.parse(JSON.stringify(packBundleNumbers(bundle))) as RuleBundle).model!);
    for (const c of Object.keys(trained.categories) as Category[]) {
      const a = trained.categories[c]!;
      const b = shipped.categories[c]!;
      expect(b.milli).not.toBeInstanceOf(Float64Array);
      const each = bundle.model!.evidence.map((_, i) => [i]);
      expect(each.map((one) => scoreOfIndices(b, one))).toEqual(each.map((one) => scoreOfIndices(a, one)));
    }
  });

  it('refuses dense weights that are not one for each evidence name', () => {
    const shipped = unpackBundleNumbers(JSON.parse(JSON.stringify(packBundleNumbers(bundle))) as RuleBundle);
    const m = shipped.model!.categories.disrespect!;
    const cut = { ...shipped.model!, categories: { ...shipped.model!.categories, disrespect: { ...m, weights: m.weights.slice(1) } } };
    expect(() => readyModel(cut)).toThrow(/^the rule bundle's disrespect weights are \d+ for \d+ evidence names: rebuild the bundle with npm run build$/);
    // Dense weights that lost their flag would be read as (index, weight) pairs, pointing far past the names.
    const unflagged = { ...shipped.model!, denseWeights: undefined };
    // (Or, when the evidence names are odd in number, as an odd count of pairs.)
    expect(() => readyModel(unflagged)).toThrow(/^the rule bundle's [a-z-]+ weights (?:name evidence index -?\d+, which is out of range or weighed twice|are \(index, weight\) pairs, but an odd count \(\d+\)): rebuild the bundle with npm run build$/);
    const text = { ...shipped.model!, categories: { disrespect: { ...m, weights: 'x'.repeat(bundle.model!.evidence.length) as unknown as number[] } } };
    expect(() => readyModel(text)).toThrow("the rule bundle's disrespect weights are not a list of numbers");
  });

  it('refuses sparse weights it cannot spread out', () => {
    const m = bundle.model!.categories.disrespect!;
    const twice = { ...bundle, model: { ...bundle.model!, categories: { disrespect: { ...m, weights: [3, 100, 3, 200] } } } };
    expect(() => packBundleNumbers(twice)).toThrow('model.categories.disrespect.weights name evidence index 3, which is out of range or weighed twice');
    const twiceFromZero = { ...bundle, model: { ...bundle.model!, categories: { disrespect: { ...m, weights: [3, 0, 3, 200] } } } };
    expect(() => packBundleNumbers(twiceFromZero)).toThrow('model.categories.disrespect.weights name evidence index 3, which is out of range or weighed twice');
    const odd = { ...bundle, model: { ...bundle.model!, categories: { disrespect: { ...m, weights: [3, 100, 4] } } } };
    expect(() => packBundleNumbers(odd)).toThrow('model.categories.disrespect.weights are (index, weight) pairs, but an odd count (3)');
    const outside = { ...bundle, model: { ...bundle.model!, categories: { disrespect: { ...m, weights: [bundle.model!.evidence.length, 100] } } } };
    expect(() => packBundleNumbers(outside)).toThrow(`model.categories.disrespect.weights name evidence index ${bundle.model!.evidence.length}, which is out of range or weighed twice`);
  });

  it('refuses a loaded bundle written out as JSON, saying so', () => {
    const loaded = unpackBundleNumbers(JSON.parse(JSON.stringify(packBundleNumbers(bundle))) as RuleBundle);
    const rewritten = JSON.parse(JSON.stringify(loaded)) as RuleBundle;
    expect(() => createEngine(rewritten)).toThrow(/^the rule bundle's numbers at model\.categories\.[a-z-]+\.weights are not a list \(a loaded bundle written out as JSON\?\)/);
  });

  it('leaves the bundle it is given as it was', () => {
    const before = JSON.stringify(bundle);
    const shipped = packBundleNumbers(bundle);
    unpackBundleNumbers(JSON.parse(JSON.stringify(shipped)) as RuleBundle);
    expect(JSON.stringify(bundle)).toBe(before);
    expect(() => packBundleNumbers(shipped)).toThrow("model.categories' weights are dense already");
  });

  it('is what the build ships, and finds the same as the plain bundle', () => {
    const shippedFile = JSON.parse(fs.readFileSync(path.join(root, 'build/rules-shipped.json'), 'utf8')) as RuleBundle;
    expect(isPacked(shippedFile.termTries!.terms.parents)).toBe(true);
    // createEngine unpacks what it is given: a shipped bundle straight from its file finds the same.
    const fromShipped = createEngine(shippedFile);
    const fromPlain = createEngine(JSON.parse(fs.readFileSync(path.join(root, 'build/rules.json'), 'utf8')) as RuleBundle);
    const drafts = [
      'Mrs Kaur in bed 12 with a troponin of 48,213, NHS no 943 476 5919',
      'Still hungover on the ward after last night, send coffee 🍺',
      'Our reg is useless, the whole team knows it. #nhs',
      'Lovely sunny walk along the canal after clinic today.',
    ];
    for (const text of drafts) expect(fromShipped.check({ text })).toEqual(fromPlain.check({ text }));
    expect(fromShipped.check({ text: drafts[0]! }).length).toBeGreaterThan(0);
  });
});
