import fc from 'fast-check';
import { checkSortedWords, PackedWords, packWords, SortedWords, unpackWords, WordPlaces } from '../../src/engine/sorted-words';

describe('SortedWords', () => {
  it('finds exactly the words of a sorted list', () => {
    const words = new SortedWords(['apple', 'bed', 'nurse', 'ward']);
    expect(['apple', 'bed', 'nurse', 'ward'].map((w) => words.has(w))).toEqual([true, true, true, true]);
    expect(['', 'a', 'beds', 'Nurse', 'zebra', 'aardvark'].some((w) => words.has(w))).toBe(false);
  });

  it('sorts a list that comes unsorted, without changing it', () => {
    const list = ['ward', 'bed', 'apple'];
    const words = new SortedWords(list);
    expect(words.has('apple') && words.has('ward') && words.has('bed')).toBe(true);
    expect(list).toEqual(['ward', 'bed', 'apple']);
  });

  it('handles the empty list and non-ASCII words', () => {
    expect(new SortedWords([]).has('a')).toBe(false);
    const words = new SortedWords(['straße', 'café', 'zoë', 'Ærø']);
    expect(['straße', 'café', 'zoë', 'Ærø'].every((w) => words.has(w))).toBe(true);
  });

  it('answers the same once it has forgotten what it remembered', () => {
    const list = Array.from({ length: 3000 }, (_, i) => `w${i * 2}`);
    const words = new SortedWords(list);
    // Three passes over 6,000 words: more than the 8,192 answers it keeps, and each asked again.
    for (let pass = 0; pass < 3; pass++) for (let i = 0; i < 6000; i++) expect(words.has(`w${i}`)).toBe(i % 2 === 0);
  });

  it('gives each word its index in a list said to be sorted, as indexOf does, and undefined for others', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 60 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 20 }), (unsorted, probes) => {
        const list = [...unsorted].sort();
        const words = new SortedWords(list, true);
        for (const w of [...list, ...probes]) expect(words.get(w)).toBe(list.includes(w) ? list.indexOf(w) : undefined);
      }),
    );
  });

  it('answers as a Set of the same words does', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 60 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 20 }), (list, probes) => {
        const words = new SortedWords(list);
        const set = new Set(list);
        expect(words.size).toBe(list.length);
        for (const w of [...list, ...probes]) expect(words.has(w)).toBe(set.has(w));
      }),
    );
  });
});

describe('PackedWords', () => {
  // Words as a lexicon holds them, and others that sort around them: empty, prefixes, longer, non-ASCII, astral.
  // Any UTF-16 units ('binary'), so that characters which sort below the line break (tab, NUL) and astral ones are among them.
  const piece = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }).filter((w) => !w.includes('\n')), fc.constantFrom('\t', 'a\tb', '\u0000', 'a\u0000', 'a', 'ab', 'abc', 'b', 'z', 'zz', 'é', '𝐀', 'ward', 'wards', "o'neil", 'new york'));

  it('answers as a Set of the same words does, remembering answers or not', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.array(fc.oneof(piece, fc.constant('')), { maxLength: 20 }), (list, probes) => {
        const text = packWords(list);
        const set = new Set(list);
        for (const words of [new PackedWords(text), new PackedWords(text, false)]) for (const w of [...list, ...probes, ...probes]) expect([w, words.has(w)]).toEqual([w, set.has(w)]);
        expect(unpackWords(text)).toEqual([...set].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('handles the empty list, one word, and a list searched past its ends', () => {
    expect(new PackedWords('').has('a')).toBe(false);
    expect(new PackedWords('').has('')).toBe(false);
    expect(unpackWords('')).toEqual([]);
    const one = new PackedWords(packWords(['bed']));
    expect([one.has('bed'), one.has('be'), one.has('beds'), one.has('a'), one.has('z')]).toEqual([true, false, false, false, false]);
  });

  it('refuses to pack an empty word or one with a line break, naming it', () => {
    expect(() => packWords(['a', ''])).toThrow(/no empty word and no line break \(""\)/);
    expect(() => packWords(['a\nb'])).toThrow(/"a\\nb"/);
  });
});

describe('WordPlaces', () => {
  it("gives each word's place in the sorted list, and -1 for a word it lacks", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z'é]{1,6}$/), { maxLength: 40 }), fc.array(fc.stringMatching(/^[a-z'é]{0,7}$/), { maxLength: 10 }), (list, others) => {
        const sorted = [...list].sort();
        const places = new WordPlaces(sorted.join('\n'), sorted.length);
        sorted.forEach((word, i) => expect(places.placeOf(word)).toBe(i));
        for (const word of others) expect(places.placeOf(word)).toBe(sorted.indexOf(word));
      }),
      { numRuns: 300 },
    );
  });

  it('reads an empty list as no words', () => {
    expect(new WordPlaces('', 0).size).toBe(0);
    expect(new WordPlaces('', 0).placeOf('a')).toBe(-1);
  });

  it('refuses, at the first lookup, a text of another number of words than it was told', () => {
    expect(() => new WordPlaces('a\nb\nc', 2).placeOf('b')).toThrow(/hold more than the 2 words their weights are for: rebuild the bundle/);
    expect(() => new WordPlaces('a\nb', 3).placeOf('b')).toThrow(/hold 2 words, not the 3 their weights are for/);
    expect(() => new WordPlaces('a', 0).placeOf('a')).toThrow(/hold more than the 0 words/);
    expect(() => new WordPlaces('', 1).placeOf('a')).toThrow(/hold 0 words, not the 1/);
    expect(new WordPlaces('a\nb', 2).placeOf('b')).toBe(1);
  });

  it('has its order checked where the build writes it (checkSortedWords)', () => {
    expect(() => checkSortedWords('a\nb\nc')).not.toThrow();
    expect(() => checkSortedWords('')).not.toThrow();
    expect(() => checkSortedWords('b\na')).toThrow(/are not sorted, each once: "a" \(word 2\) comes after "b"/);
    expect(() => checkSortedWords('a\na')).toThrow(/not sorted, each once/);
    expect(() => checkSortedWords('a\n\nb')).toThrow(/hold an empty word/);
  });
});
