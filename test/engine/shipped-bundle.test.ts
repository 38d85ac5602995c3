import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine, getRuleBundle } from '../../src/engine';
import { evidenceNames, readyModel, weightsOf } from '../../src/engine/model';
import { unpackBundleNumbers } from '../../src/engine/packed-numbers';
import { shipBundle } from '../../src/engine/shipped-bundle';
import { CATEGORIES } from '../../src/engine/types';
import type { RuleBundle } from '../../src/rules/schema';
import { corpusTexts } from '../fixtures/corpus/posts';

const root = path.join(__dirname, '../..');

describe('the shipped copy of the rule bundle', () => {
  const bundle = getRuleBundle();
  // As a fresh engine reads it: written out as JSON, parsed, its numbers unpacked.
  const shipped = unpackBundleNumbers(JSON.parse(JSON.stringify(shipBundle(bundle))) as RuleBundle);

  it('is what the build ships beside the Node engine', () => {
    expect(fs.readFileSync(path.join(root, 'dist/engine/rules.json'), 'latin1')).toBe(JSON.stringify(shipBundle(bundle)).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  });

  it("leaves out the signals' terms but the tagged ones', and every signal's other forms", () => {
    expect(shipped.signalTermsInTrie).toBe(true);
    const tagged = Object.entries(bundle.signals).filter(([, d]) => d.tag);
    expect(tagged.length).toBeGreaterThan(0);
    for (const [name, def] of Object.entries(shipped.signals)) {
      expect([name, def.terms]).toEqual([name, bundle.signals[name]!.tag ? bundle.signals[name]!.terms : []]);
      expect('forms' in def).toBe(false);
      // All else as built.
      const { terms: _a, forms: _b, ...rest } = bundle.signals[name]!;
      const { terms: _c, ...shippedRest } = def;
      expect(shippedRest).toEqual(rest);
    }
  });

  it("leaves out the pairs' names, which evidenceNames makes again, and weighs each name alike", () => {
    const model = shipped.model!;
    expect(model.pairNamesOmitted).toBe(true);
    expect(model.evidence.some((n) => n.startsWith('p:'))).toBe(false);
    expect(bundle.model!.evidence.filter((n) => n.startsWith('p:')).length).toBeGreaterThan(1000);
    expect(evidenceNames(model)).toEqual(bundle.model!.evidence);
    expect(evidenceNames(bundle.model!)).toEqual(bundle.model!.evidence);
    for (const c of CATEGORIES) expect(weightsOf(model, c)).toEqual(weightsOf(bundle.model!, c));
    const asBuilt = readyModel(bundle.model!);
    const asShipped = readyModel(model);
    for (const name of [...bundle.model!.evidence, 'p:nosuchsignal&ph-someone', 'p:ph-someone', 'w:nosuchstem', 's:nosuchsignal', 'x']) expect([name, asShipped.index.get(name), asShipped.index.has(name)]).toEqual([name, asBuilt.index.get(name), asBuilt.index.has(name)]);
    expect(asShipped.signalsUsed).toEqual(asBuilt.signalsUsed);
    expect(asShipped.weighsWords).toBe(asBuilt.weighsWords);
  });

  it("packs the words' meanings' weights a byte each, and reads each word at the same index", () => {
    const built = bundle.model!.meaning!;
    expect(built.words.split('\n').length).toBeGreaterThan(15_000);
    const packed = (JSON.parse(JSON.stringify(shipBundle(bundle))) as RuleBundle).model!.meaning!;
    expect(Object.keys(packed.weights)).toEqual(['int8', 'length']);
    expect(shipped.model!.meaning!.weights).toBeInstanceOf(Int8Array);
    const asBuilt = readyModel(bundle.model!);
    const asShipped = readyModel(shipped.model!);
    expect(asShipped.weighsMeanings).toBe(true);
    const words = built.words.split('\n');
    for (const name of [`m:${words[0]}`, `m:${words[words.length - 1]}`, 'm:drunk', 'm:nosuchword', 'm:', 'm:a']) expect([name, asShipped.index.get(name)]).toEqual([name, asBuilt.index.get(name)]);
    expect(asShipped.index.get(`m:${words[0]}`)).toBe(evidenceNames(shipped.model!).length);
  });

  it("refuses word meanings whose weights do not fit their words", () => {
    const model = structuredClone(bundle.model!);
    model.meaning!.weights = (model.meaning!.weights as number[]).slice(1);
    expect(() => readyModel(model)).toThrow(/word meanings have \d+ weights, not a whole number for each of 11 categories: rebuild the bundle/);
    expect(() => readyModel({ ...bundle.model!, meaning: { ...bundle.model!.meaning!, words: 3 as unknown as string } })).toThrow(/are not words, categories and weights/);
  });

  it('gives the same evidence and findings as the bundle as built', () => {
    const fromBuilt = createEngine(bundle, { rememberWindows: 0 });
    const fromShipped = createEngine(shipped, { rememberWindows: 0 });
    for (const text of corpusTexts().slice(0, 120)) {
      expect([text, fromShipped.check({ text })]).toEqual([text, fromBuilt.check({ text })]);
      expect([...fromShipped.evidence({ text })]).toEqual([...fromBuilt.evidence({ text })]);
    }
  });

  it('refuses to be made twice, or without a trie the engine reads', () => {
    expect(() => shipBundle(shipped)).toThrow('the rule bundle is a shipped copy already');
    const { termTries: _t, ...noTrie } = bundle;
    expect(() => shipBundle(noTrie as RuleBundle)).toThrow(/no term trie that the engine reads/);
    const { pairs: _p, ...noPairs } = bundle.model!;
    expect(() => shipBundle({ ...bundle, model: noPairs })).toThrow(/no pairs as numbers/);
  });

  it('is refused by the engine when what it left out cannot be made again, with a clear error', () => {
    const { termTries: _t, ...noTrie } = shipped;
    expect(() => createEngine(noTrie as RuleBundle)).toThrow("the rule bundle's signals leave their terms to its term trie, which is missing or in another format: rebuild the bundle with npm run build");
    const { pairs: _p, ...noPairs } = shipped.model!;
    expect(() => readyModel(noPairs)).toThrow("the rule bundle's model omits its pair names but has no pairs: rebuild the bundle with npm run build");
    expect(() => evidenceNames(noPairs)).toThrow(/omits its pair names but has no pairs/);
    const pairs = shipped.model!.pairs!;
    const twice = { ...shipped.model!, pairs: { ...pairs, at: [...Array.from(pairs.at).slice(0, -1), pairs.at[0]!] } };
    expect(() => readyModel(twice)).toThrow(/names pair \d+ at evidence index \d+, which is out of range or named twice/);
    expect(() => evidenceNames(twice)).toThrow(/out of range or named twice/);
    const past = { ...shipped.model!, pairs: { ...pairs, at: [...Array.from(pairs.at).slice(0, -1), 1e6] } };
    expect(() => readyModel(past)).toThrow(/at evidence index 1000000, which is out of range/);
    // A damaged key would leave its pair unweighed, named after no signal, or weighed under another's name.
    const keys = Array.from(pairs.keys);
    const n = pairs.signals.length;
    const reversed = (k: number) => (k % n) * n + Math.floor(k / n);
    const damagedKeys: [number[], RegExp][] = [
      [[n * n, ...keys.slice(1)], /has pair key \d+, which names no two of its \d+ pair signals in order/],
      [[0.5, ...keys.slice(1)], /has pair key 0.5/],
      [[reversed(keys[0]!), ...keys.slice(1)], /has pair key \d+, which names no two of its \d+ pair signals in order/],
      [[0, ...keys.slice(1)], /has pair key 0, which names no two/],
      [[keys[1]!, ...keys.slice(1)], /names the pair of key \d+ twice/],
      [keys.slice(1), /has \d+ pair keys for \d+ pairs/],
    ];
    for (const [bad, why] of damagedKeys) {
      const damaged = { ...shipped.model!, pairs: { ...pairs, keys: bad } };
      expect(() => readyModel(damaged)).toThrow(why);
      expect(() => evidenceNames(damaged)).toThrow(why);
    }
    const unsorted = { ...shipped.model!, pairs: { ...pairs, signals: [...pairs.signals].reverse() } };
    expect(() => readyModel(unsorted)).toThrow(/has its pair signals out of order at 1/);
    // The bundle as built (its pair names kept) is held to the same: two pairs at one index
    // would share whichever name a check met first.
    const plain = bundle.model!;
    const sameIndex = { ...plain, pairs: { ...plain.pairs!, at: [plain.pairs!.at[1]!, ...Array.from(plain.pairs!.at).slice(1)] } };
    expect(() => readyModel(sameIndex)).toThrow(/names pair 1 at evidence index \d+, which is out of range or named twice/);
    // Weights counted without the pairs no longer fit.
    const m = shipped.model!.categories.disrespect!;
    const short = { ...shipped.model!, categories: { disrespect: { ...m, weights: m.weights.slice(0, shipped.model!.evidence.length) } } };
    expect(() => readyModel(short)).toThrow(/^the rule bundle's disrespect weights are \d+ for \d+ evidence names: rebuild the bundle with npm run build$/);
  });
});
