import fc from 'fast-check';
import { SortedWords } from '../../src/engine/sorted-words';

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
