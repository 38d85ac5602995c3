import fc from 'fast-check';
import { createEngine, getRuleBundle } from '../../src/engine';
import { checkLabelsInOrder, heldLetterForms, MAX_WORD_CHARS, parseTerm, parseTermByTokens, PLACES_GROUP, engineTermGroups, termGroups, TermMatcher, tokenise, tokeniseInSteps, TOKENS_PER_STEP, type SerialisedTrie } from '../../src/engine/terms';
import { runToEnd } from '../../src/engine/steps';
import { unpackWords } from '../../src/engine/sorted-words';
import { corpusTexts } from '../fixtures/corpus/posts';

const corpus = corpusTexts();

describe('terms', () => {
  it('match whole words in any case, phrases across hyphens, prefixes with "*" and case-sensitive terms with "="', () => {
    const m = new TermMatcher({ drink: ['hungover', 'on call', 'plank*'], ice: ['=ICE'] });
    const found = m.matchAll(tokenise('Hungover on-call, PLANKING on ice; ICE done'));
    expect(found.get('drink')).toEqual([
      { start: 0, end: 8 },
      { start: 9, end: 16 },
      { start: 18, end: 26 },
    ]);
    expect(found.get('ice')).toEqual([{ start: 35, end: 38 }]);
  });

  it('ignore apostrophes inside words, except in contractions that would spell another word without them', () => {
    const m = new TermMatcher({ negation: ["don't", 'cant'], me: ["we're", "i'll", "she'd"], word: ['were', 'ill'] });
    const found = (text: string) => Object.fromEntries([...m.matchAll(tokenise(text))].map(([g, spans]) => [g, spans.map((s) => text.slice(s.start, s.end))]));
    // People type "dont" and "can't" both ways, and neither spelling is another word.
    expect(found("dont know, can't say")).toEqual({ negation: ['dont', "can't"] });
    // "ill" is a clinical word, not "I'll"; "were" is not "we're"; "shed" not "she'd".
    expect(found('she was ill and they were late to the shed')).toEqual({ word: ['ill', 'were'] });
    expect(found('I’ll go, we’re off, she’d know')).toEqual({ me: ['I’ll', 'we’re', 'she’d'] });
  });

  it('read a word typed with a letter held down as the word it stands for, as one letter and as two', () => {
    expect(heldLetterForms('hungoverrrr')).toEqual(['hungover', 'hungoverr']);
    expect(heldLetterForms('goooood')).toEqual(['god', 'good']);
    expect(heldLetterForms('sooo')).toEqual(['so', 'soo']);
    expect(heldLetterForms('shhhifttt')).toEqual(['shift', 'shhiftt']);
    expect(heldLetterForms('caféééé')).toEqual(['café', 'caféé']);
    // Two of a letter is spelling, digits are numbers, and a run that is the whole word is a word.
    for (const word of ['coffee', 'hungover', '10000', 'zzz', 'aaaa', 'www', 'ab', '']) expect(heldLetterForms(word)).toBeUndefined();
    const m = new TermMatcher({ drink: ['hungover', 'on shift'], mood: ['good morning'] });
    const found = (text: string) => Object.fromEntries([...m.matchAll(tokenise(text))].map(([g, spans]) => [g, spans.map((s) => text.slice(s.start, s.end))]));
    expect(found('HUNGOVERRRR on shifttt, goooood morninggg')).toEqual({ drink: ['HUNGOVERRRR', 'on shifttt'], mood: ['goooood morninggg'] });
    // Read back from the bundle, the same.
    const read = TermMatcher.fromSerialised(m.serialise());
    expect([...read.matchAll(tokenise('so hungoverrr'))]).toEqual([['drink', [{ start: 3, end: 13 }]]]);
    // A prefix term, too, once: "microoodosing" for "microdos*", "plankinggg" for "plank*".
    const prefixes = new TermMatcher({ drug: ['microdos*'], horseplay: ['plank*'] });
    expect(Object.fromEntries([...prefixes.matchAll(tokenise('microoodosing, plankinggg'))])).toEqual({ drug: [{ start: 0, end: 13 }], horseplay: [{ start: 15, end: 25 }] });
  });

  it('make a held word\'s forms once, so a draft of one held word repeated costs little more than another', () => {
    const text = 'xyzzzy '.repeat(20_000);
    const tokens = tokenise(text);
    expect(tokens).toHaveLength(20_000);
    // One array of forms, shared by every token of the same word.
    expect(new Set(tokens.map((t) => t.held)).size).toBe(1);
    expect(tokens[0]!.held).toEqual(['xyzy', 'xyzzy']);
  });

  it('keep every contraction that spells another word apart from that word, built or read back from the bundle', () => {
    const pairs: [string, string][] = [["we're", 'were'], ["we'll", 'well'], ["i'll", 'ill'], ["she'll", 'shell'], ["he'll", 'hell'], ["i'd", 'id'], ["she'd", 'shed'], ["we'd", 'wed'], ["who're", 'whore']];
    const groups = { contraction: pairs.map(([c]) => c), word: pairs.map(([, w]) => w) };
    const built = new TermMatcher(groups);
    const read = TermMatcher.fromSerialised(built.serialise());
    for (const m of [built, read]) {
      for (const [contraction, word] of pairs) {
        for (const typed of [contraction, contraction.replace("'", '’'), contraction.toUpperCase()]) expect([typed, [...m.matchAll(tokenise(typed)).keys()]]).toEqual([typed, ['contraction']]);
        expect([word, [...m.matchAll(tokenise(word)).keys()]]).toEqual([word, ['word']]);
      }
    }
  });

  it('refuse a malformed term with a message naming it', () => {
    expect(() => parseTerm('*')).toThrow(/"\*" must end a word/);
    expect(() => parseTerm('  ')).toThrow(/has no words/);
  });

  it('parse plain words the quick way exactly as the tokeniser would, for every term and place in the rules', () => {
    const bundle = getRuleBundle();
    const all = [...Object.values(bundle.signals).flatMap((s) => s.terms), ...unpackWords(bundle.lexicon.places), 'Ward 9', '=NHS Trust', 'x  y', "don't", 'A&E'];
    for (const term of all) expect([term, parseTerm(term)]).toEqual([term, parseTermByTokens(term)]);
  });

  it('read back from the bundle, match exactly as when built from the terms', () => {
    const bundle = getRuleBundle();
    expect(bundle.termTries).toBeDefined();
    const pairs = [[new TermMatcher(engineTermGroups(bundle.signals, unpackWords(bundle.lexicon.places))), TermMatcher.fromSerialised(bundle.termTries!.terms)]] as const;
    const words = fc.constantFrom(...Object.values(bundle.signals).flatMap((s) => s.terms).slice(0, 400), ...unpackWords(bundle.lexicon.places).slice(0, 200), 'on-call', "sister's", '🍺', 'A&E');
    const drafts = fc.array(fc.oneof(words, fc.string()), { maxLength: 30 }).map((ws) => ws.join(' '));
    for (const [built, read] of pairs) {
      for (const text of corpus) expect(read.matchAll(tokenise(text))).toEqual(built.matchAll(tokenise(text)));
      fc.assert(fc.property(drafts, (text) => expect(read.matchAll(tokenise(text))).toEqual(built.matchAll(tokenise(text)))), { numRuns: 200 });
    }
  });

  it('match as a plain search of every term at every word, when few words are shared among many terms and groups', () => {
    // A small vocabulary makes the same word sit at many depths of the trie, under many
    // parents, in both cases: the edges below the root are keyed by word and parent.
    const vocabulary = ['on', 'call', 'On', 'bay', "sister's", 'ward', 'x'];
    const term = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 4 }).chain((ws) => fc.constantFrom(ws.join(' '), `=${ws.join(' ')}`, `${ws.join(' ')}*`));
    const groups = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.array(term, { minLength: 1, maxLength: 8 }), { minKeys: 1 });
    const draft = fc.array(fc.constantFrom(...vocabulary, 'sister', 'calls', 'ON'), { maxLength: 14 }).map((ws) => ws.join(' '));
    const stepMatches = (step: { value: string; caseSensitive: boolean; prefix: boolean }, t: ReturnType<typeof tokenise>[number]) => {
      const raw = t.raw.replace(/\uFE0F/g, '');
      if (step.prefix) return (step.caseSensitive ? t.raw : t.norm).startsWith(step.value);
      return step.caseSensitive ? raw === step.value : t.norm === step.value || t.base === step.value;
    };
    const plainSearch = (byGroup: Record<string, string[]>, text: string) => {
      const tokens = tokenise(text);
      const out: Record<string, { start: number; end: number }[]> = {};
      for (let start = 0; start < tokens.length; start++) {
        for (const [group, terms] of Object.entries(byGroup)) {
          let longest = -1;
          for (const steps of terms.map(parseTerm)) {
            if (start + steps.length <= tokens.length && steps.every((st, k) => stepMatches(st, tokens[start + k]!))) longest = Math.max(longest, start + steps.length - 1);
          }
          if (longest >= 0) (out[group] ??= []).push({ start: tokens[start]!.start, end: tokens[longest]!.end });
        }
      }
      return out;
    };
    fc.assert(
      fc.property(groups, draft, (byGroup, text) => {
        const built = new TermMatcher(byGroup);
        for (const m of [built, TermMatcher.fromSerialised(built.serialise())]) {
          expect(Object.fromEntries([...m.matchAll(tokenise(text))].sort(([x], [y]) => x.localeCompare(y)))).toEqual(plainSearch(byGroup, text));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('match a prefix wherever a token starts with it, however short the prefix or the token, in any case or as written', () => {
    // The matcher looks at a node's prefixes only for tokens that start as one of them does
    // (their first one or two UTF-16 units): the same matches as testing each prefix on each token.
    // 'on sk*': a prefix below the root that no root prefix shares, so that a filter kept for the wrong node shows.
    const prefixes: Record<string, string> = { one: 'a*', two: 'pl*', long: 'hangov*', written: '=Dr*', writtenOne: '=Q*', astral: '𝐀𝐁*', afterWord: 'on pl*', belowRoot: 'on sk*' };
    const m = new TermMatcher(Object.fromEntries(Object.entries(prefixes).map(([g, t]) => [g, [t]])));
    const read = TermMatcher.fromSerialised(m.serialise());
    const pieces = fc.constantFrom('a', 'A', 'ab', 'pl', 'PL', 'plank', 'p', 'hangover', 'hangov', 'Dr', 'dr', 'Drs', 'DR', 'Q', 'q', 'Qu', '𝐀', '𝐀𝐁c', 'on', 'On', 'skiing', 'Sk', 's', 'İ', 'ſ', '😂', 'x');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (words) => {
        const text = words.join(' ');
        const tokens = tokenise(text);
        for (const [group, term] of Object.entries(prefixes)) {
          if (group === 'afterWord' || group === 'belowRoot') continue;
          const caseSensitive = term.startsWith('=');
          const value = term.replace(/^=/, '').replace(/\*$/, '');
          const expected = tokens.filter((t) => (caseSensitive ? t.raw : t.norm).startsWith(caseSensitive ? value : value.toLowerCase())).map((t) => ({ start: t.start, end: t.end }));
          for (const matcher of [m, read]) expect([text, group, matcher.matchAll(tokens).get(group) ?? []]).toEqual([text, group, expected]);
        }
        for (const [group, start] of [['afterWord', 'pl'], ['belowRoot', 'sk']] as const) {
          const after = tokens.flatMap((t, i) => (t.norm === 'on' && tokens[i + 1]?.norm.startsWith(start) ? [{ start: t.start, end: tokens[i + 1]!.end }] : []));
          for (const matcher of [m, read]) expect([text, group, matcher.matchAll(tokens).get(group) ?? []]).toEqual([text, group, after]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('read back any terms exactly as built, empty tokens included ("\'\'\'\'" normalises to one)', () => {
    const only = new TermMatcher({ g: ["''''"] });
    expect(TermMatcher.fromSerialised(JSON.parse(JSON.stringify(only.serialise()))).matchAll(tokenise("x '''' y"))).toEqual(only.matchAll(tokenise("x '''' y")));
    expect(only.matchAll(tokenise("x '''' y")).get('g')).toEqual([{ start: 2, end: 6 }]);
    const piece = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), fc.constantFrom("''''", "'", '\uFE0F', 'on', 'On', 'ON', 'call', 'plank', '🍺', 'A&E', 'x'));
    const term = fc.array(piece, { minLength: 1, maxLength: 3 }).chain((ws) => fc.constantFrom(ws.join(' '), `=${ws.join(' ')}`, `${ws.join(' ')}*`));
    const groups = fc.dictionary(fc.constantFrom('a', 'b', 'c', ' places'), fc.array(term, { maxLength: 6 }), { minKeys: 1 });
    fc.assert(
      fc.property(groups, fc.array(piece, { maxLength: 12 }), (byGroup, words) => {
        let built: TermMatcher;
        try {
          built = new TermMatcher(byGroup);
        } catch (error) {
          // A malformed term ("*" alone, no words) is refused as it is when the rules are compiled.
          expect(String(error)).toMatch(/must end a word|has no words/);
          return;
        }
        const read = TermMatcher.fromSerialised(JSON.parse(JSON.stringify(built.serialise())) as SerialisedTrie);
        const tokens = tokenise(words.join(' '));
        expect(read.matchAll(tokens)).toEqual(built.matchAll(tokens));
      }),
      { numRuns: 500 },
    );
  });

  it("build a trust's longest list of local terms, however many tokens and edges it has", () => {
    // The settings allow 2,000 local terms of up to 80 characters: here each is 26 words no other term has,
    // 52,000 edges and as many tokens (one number token * nodes + parent, as keys were once, overflowed 2^31).
    const terms = Array.from({ length: 2000 }, (_, i) => Array.from({ length: 26 }, (_, k) => `w${(i * 26 + k).toString(36)}`).join(' '));
    expect(new Set(terms.join(' ').split(' ')).size).toBe(52_000);
    const m = new TermMatcher({ local: terms });
    expect(m.matchAll(tokenise(`see ${terms[1234]} here`)).get('local')).toEqual([{ start: 4, end: 4 + terms[1234]!.length }]);
    expect(TermMatcher.fromSerialised(m.serialise()).matchAll(tokenise(terms[7]!)).get('local')).toEqual([{ start: 0, end: terms[7]!.length }]);
  });

  it('serialise prefixes and case-sensitive terms, and a matcher read back serialises the same', () => {
    const built = new TermMatcher({ drink: ['hungover', 'on call', 'plank*'], ice: ['=ICE', '=ICE bed'] });
    const read = TermMatcher.fromSerialised(built.serialise());
    const text = 'Hungover on-call, PLANKING on ice; ICE bed done';
    expect(read.matchAll(tokenise(text))).toEqual(built.matchAll(tokenise(text)));
    expect(read.serialise()).toEqual(built.serialise());
  });

  it('write the trie in the order a fresh engine reads it without sorting: labels sorted, edges by node, then kind and label; ends by node', () => {
    const trie = getRuleBundle().termTries!.terms;
    const labels = trie.labels.split('\n');
    expect(labels).toEqual([...labels].sort());
    expect(new Set(labels).size).toBe(labels.length);
    const kinds = 'icpP';
    for (let e = 1; e < trie.parents.length; e++) {
      const before = [trie.parents[e - 1]!, kinds.indexOf(trie.kinds[e - 1]!), trie.tokens[e - 1]!];
      const here = [trie.parents[e]!, kinds.indexOf(trie.kinds[e]!), trie.tokens[e]!];
      expect(before[0]! < here[0]! || (before[0] === here[0] && (before[1]! < here[1]! || (before[1] === here[1] && before[2]! < here[2]!)))).toBe(true);
      expect(trie.parents[e]!).toBeLessThanOrEqual(e);
    }
    for (let k = 2; k < trie.ends.length; k += 2) expect(trie.ends[k - 2]!).toBeLessThanOrEqual(trie.ends[k]!);
  });

  it('refuse a trie out of that order, or whose lists do not fit, with a clear error', () => {
    const built = new TermMatcher({ a: ['bed 12', 'bay', 'plank*', '=ICE'], b: ['bed', 'bay 3'] }).serialise();
    const refused = (change: Partial<SerialisedTrie>, why: RegExp) => expect(() => TermMatcher.fromSerialised({ ...built, ...change })).toThrow(why);
    const swap = <T,>(list: readonly T[], i: number, j: number) => list.map((x, k) => (k === i ? list[j]! : k === j ? list[i]! : x));
    // The root's first two edges swapped: the root's edges out of order.
    refused({ tokens: swap(built.tokens as number[], 0, 1) }, /^the rule bundle's term trie has the edges of node 0 out of order: rebuild the bundle with npm run build$/);
    refused({ parents: [...(built.parents as number[]).slice(0, -1), 0] }, /term trie has (the edges of node 0 out of order|its edges out of order of their nodes)/);
    refused({ tokens: [...(built.tokens as number[]).slice(0, -1), 999] }, /has edge \d+ of kind "[icpP]" with token 999, which it does not name/);
    refused({ kinds: built.kinds.replace(/.$/, 'x') }, /of kind "x"/);
    refused({ ends: [...(built.ends as number[]).slice(2), ...(built.ends as number[]).slice(0, 2)] }, /has its ends out of order of their nodes/);
    refused({ ends: [...(built.ends as number[]).slice(0, -1), 7] }, /ends a term of group 7, which it does not name/);
    refused({ kinds: built.kinds.slice(1) }, /has lists of different lengths/);
    refused({ parents: [-1, ...(built.parents as number[]).slice(1)] }, /has edge 0 leaving node -1, which it does not have/);
    refused({ tokens: [0.5, ...(built.tokens as number[]).slice(1)] }, /with token 0.5, which it does not name/);
    // Two labels swapped (and the edges renumbered to match): found by halving, "bay" would be missed.
    const labels = built.labels.split('\n');
    const [x, y] = [labels.indexOf('bay'), labels.indexOf('bed')];
    const swapped = { labels: swap(labels, x, y).join('\n'), tokens: (built.tokens as number[]).map((t) => (t === x ? y : t === y ? x : t)) };
    // Labels out of order are refused where the trie is written (at every start it cost 3-5 ms).
    expect(() => checkLabelsInOrder({ ...built, ...swapped })).toThrow(/^the term trie's labels are out of order at label \d+, which the engine would search wrongly$/);
    expect(() => checkLabelsInOrder({ ...built, labels: labels.map((l, k) => (k === y ? 'bay' : l)).join('\n') })).toThrow(/labels are out of order/);
    expect(() => checkLabelsInOrder(built)).not.toThrow();
    expect(() => checkLabelsInOrder(getRuleBundle().termTries!.terms)).not.toThrow();
    expect(() => TermMatcher.fromSerialised(built)).not.toThrow();
  });

  it('match each group in the one matcher of signals and places exactly as in a matcher of its own', () => {
    const bundle = getRuleBundle();
    const one = new TermMatcher(engineTermGroups(bundle.signals, unpackWords(bundle.lexicon.places)));
    const signalsAlone = new TermMatcher(termGroups(bundle.signals));
    const placesAlone = new TermMatcher({ place: unpackWords(bundle.lexicon.places) });
    const words = fc.constantFrom(...Object.values(bundle.signals).flatMap((s) => s.terms).slice(0, 400), ...unpackWords(bundle.lexicon.places).slice(0, 400), 'New', 'Royal', 'on-call', '🍺');
    const drafts = fc.array(fc.oneof(words, fc.string()), { maxLength: 30 }).map((ws) => ws.join(' '));
    const same = (text: string) => {
      const tokens = tokenise(text);
      const both = one.matchAll(tokens);
      const expected = new Map(signalsAlone.matchAll(tokens));
      const places = placesAlone.matchAll(tokens).get('place');
      if (places) expected.set(PLACES_GROUP, places);
      expect(both).toEqual(expected);
    };
    for (const text of corpus) same(text);
    fc.assert(fc.property(drafts, same), { numRuns: 300 });
  });

  it('change no finding when the bundle comes from a build whose trie had no places: the engine parses the terms afresh', () => {
    const bundle = getRuleBundle();
    const current = createEngine(bundle);
    const older = createEngine({ ...bundle, termTries: { terms: new TermMatcher(termGroups(bundle.signals)).serialise() } });
    for (const text of corpus) expect(older.check({ text })).toEqual(current.check({ text }));
  });

  it('refuse a trie in an older format with a clear error, and an engine given one parses the terms afresh', () => {
    const bundle = getRuleBundle();
    const older = { groups: bundle.termTries!.terms.groups, edges: '0\ti\tbed', ends: '1\t0' } as unknown as SerialisedTrie;
    expect(() => TermMatcher.fromSerialised(older)).toThrow(/format undefined, and this engine reads format 3: rebuild the bundle with npm run build/);
    // Format 2 had the same lists in the order the terms were added, searched through hash tables.
    const format2 = { ...bundle.termTries!.terms, format: 2 } as unknown as SerialisedTrie;
    expect(() => TermMatcher.fromSerialised(format2)).toThrow(/format 2, and this engine reads format 3/);
    const current = createEngine(bundle);
    const fallback = createEngine({ ...bundle, termTries: { terms: older } });
    const fallback2 = createEngine({ ...bundle, termTries: { terms: format2 } });
    for (const text of corpus.slice(0, 100)) {
      expect(fallback.check({ text })).toEqual(current.check({ text }));
      expect(fallback2.check({ text })).toEqual(current.check({ text }));
    }
  });

  it('change no finding: an engine from a bundle without the tries gives the same answers on the corpus', () => {
    const bundle = getRuleBundle();
    const withTries = createEngine(bundle);
    const without = createEngine({ ...bundle, termTries: undefined });
    for (const text of corpus) expect(withTries.check({ text })).toEqual(without.check({ text }));
  });

  it('tokenise and match in steps of TOKENS_PER_STEP tokens, with the same answer, even with two drafts taking turns', () => {
    const a = corpus.join(' ');
    const b = corpus.slice().reverse().join('\n');
    const countSteps = <T>(steps: Generator<void, T, void>): [number, T] => {
      let n = 0;
      for (;;) {
        const next = steps.next();
        if (next.done) return [n, next.value];
        n++;
      }
    };
    const [tokenSteps, tokens] = countSteps(tokeniseInSteps(a));
    expect(tokens).toEqual(tokenise(a));
    expect(tokenSteps).toBe(Math.floor(tokens.length / TOKENS_PER_STEP));
    const matcher = TermMatcher.fromSerialised(getRuleBundle().termTries!.terms);
    const [matchSteps, matches] = countSteps(matcher.matchAllInSteps(tokens));
    expect(matches).toEqual(matcher.matchAll(tokens));
    expect(matchSteps).toBe(Math.floor(tokens.length / TOKENS_PER_STEP));
    // The tokeniser's pattern is shared: two tokenisers paused in turn keep their places.
    const first = tokeniseInSteps(a);
    const second = tokeniseInSteps(b);
    let x = first.next();
    let y = second.next();
    while (!x.done || !y.done) {
      if (!x.done) x = first.next();
      if (!y.done) y = second.next();
    }
    expect(x.value).toEqual(tokenise(a));
    expect(y.value).toEqual(runToEnd(tokeniseInSteps(b)));
  });

  it('cut a run of letters longer than any word into tokens of MAX_WORD_CHARS, and make a run of one symbol one token', () => {
    const word = `A${'a'.repeat(1000)}1`;
    const tokens = tokenise(`see ${word} now`);
    expect(tokens.map((t) => t.raw).join('')).toBe(`see${word}now`);
    expect(Math.max(...tokens.map((t) => t.raw.length))).toBe(MAX_WORD_CHARS);
    expect(tokens.length).toBe(2 + Math.ceil(word.length / MAX_WORD_CHARS));
    // Words, possessives and contractions as they were; a few stops or marks stay tokens of their own.
    expect(tokenise("Sister's shift wasn't bad!!! ...").map((t) => t.raw)).toEqual(["Sister's", 'shift', "wasn't", 'bad', '!', '!', '!', '.', '.', '.']);
    // Four or more of one symbol are one token (a hundred at most); emoji stay one each, for the emoji terms.
    expect(tokenise('what!!!! ....').map((t) => t.raw)).toEqual(['what', '!!!!', '....']);
    expect(tokenise('.'.repeat(1000)).map((t) => t.raw.length)).toEqual(Array(10).fill(100));
    expect(tokenise('🍺🍺🍺🍺🍺').map((t) => t.raw)).toEqual(Array(5).fill('🍺'));
    expect(tokenise('!?!?').map((t) => t.raw)).toEqual(['!', '?', '!', '?']);
  });

  it('tokenise a megabyte of one word, or of full stops, into few tokens', () => {
    expect(tokenise(`A${'a'.repeat((1 << 20) - 2)}1`).length).toBe(Math.ceil((1 << 20) / MAX_WORD_CHARS));
    expect(tokenise('.'.repeat(1 << 20)).length).toBe(Math.ceil((1 << 20) / 100));
  });
});
