/** A broken rule file must fail the build with a message naming the file, the rule and the field. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileRules, expandLaterInSentence, RuleValidationError, type LexiconData } from '../../src/rules/compile';
import { ruleSchema, signalSchema } from '../../src/rules/schema';
import { unpackWords } from '../../src/engine/sorted-words';
import { TermMatcher, tokenise } from '../../src/engine/terms';

const RULES = path.resolve(__dirname, '../../rules');
// Shares the verdicts `npm run build` computed; new patterns are checked afresh.
const redosCache = path.resolve(__dirname, '../../build/redos-verdicts-v2.json');
const lexicon: LexiconData = { firstNames: ['edna'], lastNames: ['hobbs'], places: ['leeds'], demonyms: ['welsh'], commonWords: ['the'] };

function withRules(edit: (dir: string) => void): string[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'so-rules-'));
  const dir = path.join(tmp, 'rules');
  fs.cpSync(RULES, dir, { recursive: true });
  edit(dir);
  try {
    compileRules(dir, lexicon, { redosCache });
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(RuleValidationError);
    return (e as RuleValidationError).problems;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
const replaceIn = (file: string, from: string | RegExp, to: string) => {
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(from, () => to);
  if (next === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  fs.writeFileSync(file, next);
};

/**
 * Runs `use` with a fresh compile module whose recheck is `checkSync`: its verdicts in memory
 * start empty, so only a cache file can answer for recheck.
 */
function withStubbedRecheck(checkSync: (source: string, flags: string, options: Record<string, unknown>) => unknown, use: (compile: typeof import('../../src/rules/compile')) => void): void {
  try {
    jest.isolateModules(() => {
      jest.doMock('recheck', () => ({ checkSync }));
      use(require('../../src/rules/compile') as typeof import('../../src/rules/compile'));
    });
  } finally {
    // doMock's factory outlives the isolated registry: later tests get the real recheck.
    jest.dontMock('recheck');
  }
}

describe('compileRules', () => {
  it('accepts the project rules', () => {
    const bundle = compileRules(RULES, lexicon, { redosCache });
    expect(bundle.rules.length).toBeGreaterThan(20);
    expect(Object.keys(bundle.guidance)).toEqual(expect.arrayContaining(['GMP-81', 'GMP-88', 'GMP-93', 'USM-4', 'USM-9', 'USM-15', 'USM-17', 'USM-18', 'USM-19', 'MPB-7']));
  });

  it('links each paragraph as closely as the publisher allows: a text fragment, well formed, where the words were checked', () => {
    const bundle = compileRules(RULES, lexicon, { redosCache });
    const fragments = Object.values(bundle.guidance).map((ref) => new URL(ref.url).hash).filter(Boolean);
    expect(fragments.length).toBeGreaterThanOrEqual(7);
    for (const fragment of fragments) {
      // `,` and `-` separate a fragment's parts and `&` its directives: inside the words they must be escaped.
      expect(fragment).toMatch(/^#:~:text=(?:[A-Za-z0-9._~]|%[0-9A-F]{2})+$/);
      expect(decodeURIComponent(fragment.slice('#:~:text='.length)).split(' ').length).toBeGreaterThanOrEqual(4);
    }
  });

  it('writes every lexicon list packed: sorted, once each, one per line; the common words with the rules\' one-word terms among them', () => {
    const packed = compileRules(RULES, { ...lexicon, places: ['leeds', 'new york', 'leeds', 'bath'] }, { redosCache }).lexicon;
    // The engine searches each list as it comes (src/engine/sorted-words.ts: PackedWords).
    for (const text of Object.values(packed)) {
      const words = unpackWords(text);
      expect(words).toEqual([...new Set(words)].sort());
      expect(words.every((w) => w.length > 0)).toBe(true);
    }
    expect(unpackWords(packed.commonWords)).toEqual(expect.arrayContaining(['the', 'resus', 'majors']));
    expect(unpackWords(packed.places)).toEqual(['bath', 'leeds', 'new york']);
    expect(unpackWords(packed.firstNames)).toEqual(['edna']);
  });

  it('reports a category need that is not a signal, or is listed twice', () => {
    const unknown = withRules((dir) => replaceIn(path.join(dir, 'categories/disrespect.yaml'), 'needs: [ph-someone,', 'needs: [ph-somebody,'));
    expect(unknown).toContain('rules/categories/disrespect.yaml: field "learned.needs[0]": unknown signal "ph-somebody"');
    const twice = withRules((dir) => replaceIn(path.join(dir, 'categories/disrespect.yaml'), 'needs: [ph-someone,', 'needs: [ph-someone, ph-someone,'));
    expect(twice).toContain('rules/categories/disrespect.yaml: field "learned.needs[1]": "ph-someone" is listed twice');
  });

  it('reports a needs-except that is not a signal, is listed twice, is also a need, or excepts from no needs', () => {
    const file = (dir: string) => path.join(dir, 'categories/alcohol-at-work.yaml');
    const unknown = withRules((dir) => replaceIn(file(dir), 'needs-except: [third-person-intoxication,', 'needs-except: [someone-elses-drink,'));
    expect(unknown).toContain('rules/categories/alcohol-at-work.yaml: field "learned.needs-except[0]": unknown signal "someone-elses-drink"');
    const twice = withRules((dir) => replaceIn(file(dir), 'needs-except: [third-person-intoxication,', 'needs-except: [third-person-intoxication, third-person-intoxication,'));
    expect(twice).toContain('rules/categories/alcohol-at-work.yaml: field "learned.needs-except[1]": "third-person-intoxication" is listed twice');
    const aNeed = withRules((dir) => replaceIn(file(dir), 'needs-except: [third-person-intoxication,', 'needs-except: [intoxication, third-person-intoxication,'));
    expect(aNeed).toContain('rules/categories/alcohol-at-work.yaml: field "learned.needs-except[0]": "intoxication" is also a need');
    const noNeeds = withRules((dir) => replaceIn(file(dir), /\n  needs: \[[^\]]*\]/, ''));
    expect(noNeeds).toContain('rules/categories/alcohol-at-work.yaml: field "learned.needs-except": it excepts from needs, and the category has none');
  });

  it('appends a signal\'s unless-later-in-sentence to each of its patterns, and the bundle holds them so', () => {
    const problems: string[] = [];
    const source = signalSchema.parse({ description: 'A shift over.', patterns: ['\\bafter work\\b', '\\bpost[ -]shift\\b'], 'unless-later-in-sentence': '\\bon call\\b' });
    const def = expandLaterInSentence(source, (p) => problems.push(p));
    expect(problems).toEqual([]);
    expect(def.patterns).toEqual(['\\bafter work\\b(?![^.!?\\n]*\\bon call\\b)', '\\bpost[ -]shift\\b(?![^.!?\\n]*\\bon call\\b)']);
    expect(def).not.toHaveProperty('unless-later-in-sentence');
    const patterns = def.patterns.map((p) => new RegExp(p, 'iu'));
    const matches = (text: string) => patterns.some((re) => re.test(text));
    expect(matches('A pint after work, then on call overnight')).toBe(false);
    expect(matches('Post-shift pint. On call tomorrow though')).toBe(true);
    // The project's shift-over, as the bundle holds it (a leading \b written as (?<!\w) for speed: src/rules/word-starts.ts).
    const bundled = compileRules(RULES, lexicon, { redosCache }).signals['shift-over']!;
    expect(bundled).not.toHaveProperty('unless-later-in-sentence');
    expect(bundled.patterns.length).toBeGreaterThan(3);
    expect(bundled.patterns.every((p) => /\(\?!\[\^\.!\?\\n\]\*(?:\\b|\(\?<!\\w\))\(\?:on\[ \\t-\]\*call\|/.test(p))).toBe(true);
  });

  it('appends unless-later-in-sentence after every alternative of a pattern, and looks for every alternative of its own', () => {
    const problems: string[] = [];
    const expand = (patterns: string[], later: string) =>
      expandLaterInSentence(signalSchema.parse({ description: 'A shift over.', patterns, 'unless-later-in-sentence': later }), (p) => problems.push(p)).patterns;
    const [either, sensitive] = expand(['\\bafter work\\b|\\bpost shift\\b', '=\\bAfter work\\b|\\bPost shift\\b'], '\\bon call\\b|\\bback on\\b');
    expect(problems).toEqual([]);
    expect(sensitive!.startsWith('=(?:')).toBe(true);
    const re = new RegExp(either!, 'iu');
    for (const text of ['A pint after work then back on nights', 'A pint post shift, then on call', 'Post shift pint and back on at ten']) expect([text, re.test(text)]).toEqual([text, false]);
    expect(re.test('A pint after work. Back on nights tomorrow')).toBe(true);
    // A leading "=" would be read as a character: refused.
    expand(['\\bafter work\\b'], '=\\bOn call\\b');
    expect(problems).toEqual(['field "unless-later-in-sentence": it takes the case of each pattern it follows, so it cannot start with "="']);
  });

  it('reports an unless-later-in-sentence that does not compile, or on a signal with terms it would not cover', () => {
    const file = (dir: string) => path.join(dir, 'signals/clinical.yaml');
    const broken = withRules((dir) => replaceIn(file(dir), "unless-later-in-sentence: '\\b(?:on", "unless-later-in-sentence: '\\b((?:on"));
    expect(broken.some((p) => p.startsWith('rules/signals/clinical.yaml: signal "shift-over": field "unless-later-in-sentence": '))).toBe(true);
    const withTerms = withRules((dir) => replaceIn(file(dir), '    unless-later-in-sentence:', '    terms: [clocked off]\n    unless-later-in-sentence:'));
    expect(withTerms).toContain('rules/signals/clinical.yaml: signal "shift-over": field "unless-later-in-sentence": it cancels only patterns, so the signal must have patterns and no terms, match or entities');
  });

  it("keeps alcohol's needs-except and intoxicated-on-duty's except the same readings of the writer's words, written twice", () => {
    // rules/categories/alcohol-at-work.yaml lists them in both places: a reading added to one
    // list and not the other would let the score report words the rule sets aside, or the
    // reverse. Quoted speech is the rule's alone.
    const bundle = compileRules(RULES, lexicon, { redosCache });
    const needsExcept = bundle.learnedFindings['alcohol-at-work']!['needs-except'];
    const ruleExcept = bundle.rules.find((r) => r.id === 'intoxicated-on-duty')!.except;
    expect([...ruleExcept].sort()).toEqual([...needsExcept, 'quoted-speech'].sort());
  });

  it('matches the other forms of a term ("lazy": "laziest"; "doesn\'t care": "does not care"), and only as written where a signal says inflect: false', () => {
    const bundle = compileRules(RULES, lexicon, { redosCache });
    const trie = bundle.termTries!.terms;
    const matcher = TermMatcher.fromSerialised(trie);
    const groupsOf = (text: string) => [...matcher.matchAll(tokenise(text)).keys()];
    expect(bundle.signals['ph-criticism']!.terms).toContain('lazy');
    // The terms stay as written; the build's forms are beside them.
    expect(bundle.signals['ph-criticism']!.terms).not.toContain('laziest');
    expect(bundle.signals['ph-criticism']!.forms).toEqual(expect.arrayContaining(['laziest', 'does not care']));
    expect(groupsOf('the laziest nurse on the ward')).toContain('ph-criticism');
    expect(groupsOf('corporate does not care')).toContain('ph-criticism');
    // ph-someone opts out: "she's" is listed, and no other form of it is made.
    expect(bundle.signals['ph-someone']!.inflect).toBe(false);
    expect(bundle.signals['ph-someone']!.forms).toBeUndefined();
    expect(groupsOf('hers')).toContain('ph-someone');
    expect(groupsOf('shes')).toContain('ph-someone'); // apostrophes are optional in every term
  });

  it('names file, rule and field for a bad severity', () => {
    const problems = withRules((dir) => replaceIn(path.join(dir, 'categories/alcohol-at-work.yaml'), 'severity: high', 'severity: severe'));
    expect(problems.join('\n')).toMatch(/rules\/categories\/alcohol-at-work\.yaml: rule "intoxicated-on-duty": field "severity": /);
  });

  it('reports an unknown guidance id', () => {
    const problems = withRules((dir) => replaceIn(path.join(dir, 'categories/prejudice.yaml'), 'guidance: [GMP-81, USM-15, MPS-CHECKLIST]\n    trigger', 'guidance: [GMP-8100, USM-15, MPS-CHECKLIST]\n    trigger'));
    expect(problems).toContain('rules/categories/prejudice.yaml: rule "stereotyping-a-group": field "guidance[0]": unknown guidance id "GMP-8100"');
  });

  it('reports an unknown signal', () => {
    const problems = withRules((dir) => replaceIn(path.join(dir, 'categories/prejudice.yaml'), 'with: [generalisation]', 'with: [generalisations]'));
    expect(problems).toContain('rules/categories/prejudice.yaml: rule "stereotyping-a-group": field "with[0]": unknown signal "generalisations"');
  });

  it('reports a missing field', () => {
    const problems = withRules((dir) => replaceIn(path.join(dir, 'categories/prejudice.yaml'), /    suggestion: .*\n/, ''));
    expect(problems.join('\n')).toMatch(/prejudice\.yaml: rule "stereotyping-a-group": field "suggestion": /);
  });

  it('requires examples that must and must not be flagged', () => {
    const problems = withRules((dir) => replaceIn(path.join(dir, 'categories/workplace-conduct.yaml'), /      pass:\n        - "Charity bed push[^\n]*\n/, '      pass: []\n'));
    expect(problems.join('\n')).toMatch(/workplace-conduct\.yaml: rule "horseplay-at-work": field "examples\.pass": give at least one draft the rule must not flag/);
  });

  it('rejects a regular expression that does not compile', () => {
    const problems = withRules((dir) => replaceIn(path.join(dir, 'signals/identifiers.yaml'), "'(?<![\\p{L}\\p{N}_@.])@[A-Za-z0-9_]{2,30}\\b'", "'@[A-Za-z0-9_'"));
    expect(problems.join('\n')).toMatch(/signals\/identifiers\.yaml: signal "social-handle": field "patterns\[0\]": Invalid regular expression/);
  });

  it('refuses entities in the not-a-name signal, which the engine reads while finding them', () => {
    const problems = withRules((dir) => replaceIn(path.join(dir, 'signals/clinical.yaml'), '  not-a-name:\n', '  not-a-name:\n    entities: [PERSON]\n'));
    expect(problems.join('\n')).toMatch(/signals\/clinical\.yaml: signal "not-a-name": field "entities": the engine reads this signal/);
  });

  it('rejects a regular expression that can backtrack catastrophically', () => {
    const problems = withRules((dir) => replaceIn(path.join(dir, 'signals/identifiers.yaml'), "'(?<![\\p{L}\\p{N}_@.])@[A-Za-z0-9_]{2,30}\\b'", "'@(\\w+)+$'"));
    expect(problems.join('\n')).toMatch(/social-handle": field "patterns\[0\]": can backtrack catastrophically \(exponential/);
  });

  it('judges patterns the same however busy the machine: no time limit on each run, and a timed-out verdict not kept', () => {
    // With recheck's default limits of 250 ms and 1 s on each run of a pattern, a build beside
    // another on two cores judged an unchanged pattern polynomial, or timed out (docs/quality.md,
    // session 52). recheck is stubbed here: what it is asked, and an answer of "unknown" (a timeout).
    const calls: { source: string; options: Record<string, unknown> }[] = [];
    const timedOut = (source: string, flags: string, options: Record<string, unknown>) => {
      calls.push({ source, options });
      return { source, flags, status: 'unknown', error: { kind: 'timeout' } };
    };
    // No cache file is named: only the module's memory could remember a verdict.
    withStubbedRecheck(timedOut, (isolated) => {
      const problemsOf = () => {
        try {
          isolated.compileRules(RULES, lexicon);
          return [];
        } catch (e) {
          return (e as { problems: string[] }).problems;
        }
      };
      expect(problemsOf().join('\n')).toMatch(/field "patterns\[\d+\]"[^\n]*: could not be proven safe \(unknown\); simplify it/);
      const first = calls.length;
      expect(first).toBeGreaterThan(50);
      // Asked again: a verdict that may settle another time is not remembered.
      problemsOf();
      expect(calls.length).toBe(2 * first);
    });
    for (const { options } of calls) {
      expect(options).toMatchObject({ randomSeed: 0, attackTimeout: null, incubationTimeout: null, seedingTimeout: null });
      expect(options.timeout).toBeGreaterThanOrEqual(60_000);
    }
  });

  it('reads a verdict cache only if the same recheck, with the same options, wrote it', () => {
    // Verdicts reached by another recheck, or under other limits, need not be this build's
    // (session 52 changed the limits, and a verdict with them). recheck is stubbed, each
    // question counted: every pattern "vulnerable", a verdict that is kept like "safe" and that
    // stops the build at its problems (after the cache is written), not seconds later.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'so-verdicts-'));
    const cache = path.join(tmp, 'verdicts.json');
    let asked = 0;
    const vulnerable = (source: string, flags: string) => {
      asked++;
      return { source, flags, status: 'vulnerable', complexity: { type: 'exponential' }, attack: { pattern: 'a' } };
    };
    // A fresh module each time, so only the file can answer.
    const build = () => {
      let judge = '';
      withStubbedRecheck(vulnerable, (isolated) => {
        expect(() => isolated.compileRules(RULES, lexicon, { redosCache: cache })).toThrow(/can backtrack catastrophically/);
        judge = isolated.REDOS_JUDGE;
      });
      const before = asked;
      asked = 0;
      return { asked: before, judge };
    };
    try {
      const first = build();
      expect(first.asked).toBeGreaterThan(50);
      expect(first.judge).toMatch(/^recheck \d+\.\d+\.\d+ \{.*"randomSeed":0/);
      const written = JSON.parse(fs.readFileSync(cache, 'utf8'));
      expect(written.judge).toBe(first.judge);
      expect(Object.keys(written.verdicts)).toHaveLength(first.asked);
      // The same judge: nothing asked again.
      expect(build().asked).toBe(0);
      // Another version or other options: every pattern asked again, and the file rewritten.
      fs.writeFileSync(cache, JSON.stringify({ ...written, judge: first.judge.replace(/^recheck \S+/, 'recheck 0.0.1') }));
      expect(build().asked).toBe(first.asked);
      expect(JSON.parse(fs.readFileSync(cache, 'utf8')).judge).toBe(first.judge);
      // A file of the old form (verdicts alone, no judge) is not read either, and is overwritten.
      fs.writeFileSync(cache, JSON.stringify(written.verdicts));
      expect(build().asked).toBe(first.asked);
      expect(JSON.parse(fs.readFileSync(cache, 'utf8')).judge).toBe(first.judge);
      // Nor is a verdict of another shape under the right judge: that one pattern is asked again.
      const [someKey] = Object.keys(written.verdicts);
      fs.writeFileSync(cache, JSON.stringify({ judge: first.judge, verdicts: { ...written.verdicts, [someKey!]: 'safe' } }));
      expect(build().asked).toBe(1);
      // And nothing is left beside the file: it is written whole, then renamed into place.
      expect(fs.readdirSync(tmp)).toEqual(['verdicts.json']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('judges a pattern as the engine compiles it, with coarse classes, which hold more than the exact ones', () => {
    // Letters and punctuation are apart in Unicode, but the coarse \p{L} takes in the
    // punctuation inside a script's words (an Arabic comma): "،،،…" backtracks.
    const problems = withRules((dir) => replaceIn(path.join(dir, 'signals/identifiers.yaml'), "'(?<![\\p{L}\\p{N}_@.])@[A-Za-z0-9_]{2,30}\\b'", "'=@(?:\\p{L}|\\u060C)+!'"));
    expect(problems.join('\n')).toMatch(/social-handle": field "patterns\[0\]": can backtrack catastrophically/);
  });

  it('refuses \\P{L} and its kin, whose complement the coarse classes do not give', () => {
    const problems = withRules((dir) => replaceIn(path.join(dir, 'signals/identifiers.yaml'), "'(?<![\\p{L}\\p{N}_@.])@[A-Za-z0-9_]{2,30}\\b'", "'(?<=\\P{L})@[A-Za-z0-9_]{2,30}'"));
    expect(problems.join('\n')).toMatch(/social-handle": field "patterns\[0\]": coarseClasses: \\P\{L\} is not supported/);
  });

  it('reports YAML syntax errors with the file name', () => {
    const problems = withRules((dir) => fs.writeFileSync(path.join(dir, 'categories/disrespect.yaml'), 'category: disrespect\nrules: [\n'));
    expect(problems.join('\n')).toMatch(/rules\/categories\/disrespect\.yaml: not valid YAML/);
  });

  it('reports duplicate rule ids and missing categories', () => {
    const problems = withRules((dir) => {
      replaceIn(path.join(dir, 'categories/prejudice.yaml'), 'id: stereotyping-a-group', 'id: nhs-number');
      fs.rmSync(path.join(dir, 'categories/safety-concern.yaml'));
    });
    expect(problems).toContain('rules/categories/prejudice.yaml: rule "nhs-number": field "id": the id is already used by another rule');
    expect(problems).toContain('rules/categories: no rule file for category "safety-concern"');
  });

  it('rejects unknown categories and unknown fields', () => {
    const problems = withRules((dir) => {
      replaceIn(path.join(dir, 'categories/prejudice.yaml'), 'category: prejudice', 'category: rudeness');
      replaceIn(path.join(dir, 'categories/disrespect.yaml'), '    severity: high\n', '    severity: high\n    colour: red\n');
    });
    expect(problems.join('\n')).toMatch(/prejudice\.yaml: field "category": /);
    expect(problems.join('\n')).toMatch(/disrespect\.yaml: rule "mocking-patients": field "": Unrecognized key: "colour"|disrespect\.yaml: rule "mocking-patients": .*colour/);
  });
});

describe('a rule scope', () => {
  // The schema alone (src/rules/schema.ts): compileRules reports its errors with the file's name.
  const rule = (scope: unknown) => ({ id: 'r', severity: 'low', message: 'm', suggestion: 's', guidance: ['GMP-81'], trigger: ['t'], scope, examples: { flag: ['a'], pass: ['b'] } });

  it('takes the sentence, the post, N characters either side, or N characters before the trigger', () => {
    for (const scope of ['sentence', 'post', 40, { before: 30 }, { before: 60 }]) expect(ruleSchema.safeParse(rule(scope)).success).toBe(true);
  });

  it('refuses a window before the trigger wider than 60 characters, or of any other shape', () => {
    for (const scope of [{ before: 61 }, { before: 0 }, { after: 30 }, { before: 30, after: 30 }, 'clause']) expect(ruleSchema.safeParse(rule(scope)).success).toBe(false);
  });
});
