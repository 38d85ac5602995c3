/** The learned part of a check: training (src/rules/train.ts) and how the engine uses its weights. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine, getRuleBundle, check, type Category } from '../../src/engine';
import { emojiRuleScore } from '../../src/engine/engine';
import { EXAMPLES_GROUP, averagePrecision, chooseAlsoThreshold, chooseClauseThreshold, chooseJointly, chooseRuleMark, chooseThreshold, copiedFrom, featurise, fitAll, ruleExamplePosts, trainModel, groupOf, type TrainingPost } from '../../src/rules/train';
import { readTrainingPosts, TrainingDataError } from '../../src/rules/training-data';
import { MODEL_VERSION, pairsOf, scoreRuleId, clauseEvidence, clauseIndices, knownEvidence, knownInClause, readyModel, scoreCategory, scoreOf, scoreOfIndices, weightsOf, type Evidence } from '../../src/engine/model';

const root = path.join(__dirname, '../..');
const bundle = getRuleBundle();
const posts = readTrainingPosts(path.join(root, 'rules/training'));
// A small, fixed sample from every author keeps these tests quick; the build trains on all.
const sample: TrainingPost[] = posts.filter((_, i) => i % 8 === 0);

describe('training data', () => {
  it('is read from every file in rules/training, each post with an author prefix', () => {
    expect(posts.length).toBeGreaterThan(1500);
    expect(new Set(posts.map((p) => groupOf(p.id))).size).toBeGreaterThanOrEqual(6);
  });

  it('names the file and line of a bad post, and reads nothing from a broken set', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-train-'));
    fs.writeFileSync(path.join(dir, 'a.jsonl'), '{"id":"x-1","text":"fine","labels":[]}\n{"id":"x-2","text":"bad","labels":["not-a-category"]}\nnot json\n');
    expect(() => readTrainingPosts(dir)).toThrow(TrainingDataError);
    try {
      readTrainingPosts(dir);
    } catch (e) {
      const problems = (e as TrainingDataError).problems;
      expect(problems[0]).toMatch(/^rules\/training\/a\.jsonl: line 2: labels/);
      expect(problems[1]).toMatch(/^rules\/training\/a\.jsonl: line 3: not JSON/);
    }
  });
});

describe('trainModel', () => {
  const base = { ...bundle, model: undefined };
  const first = trainModel(base, sample, { steps: 60 });

  it('is deterministic: the same rules and posts give the same weights', () => {
    expect(trainModel(base, sample, { steps: 60 }).model).toEqual(first.model);
  });

  it('learns new weights after a rule edit (a signal loses its terms)', () => {
    const edited = structuredClone(base);
    edited.signals['ph-drinking']!.terms = ['zzzyzzx'];
    delete edited.signals['ph-drinking']!.forms;
    delete edited.termTries; // parse the edited terms afresh
    const retrained = trainModel(edited, sample, { steps: 60 }).model;
    expect(retrained).not.toEqual(first.model);
    for (const c of Object.keys(retrained.categories) as Category[]) expect(Object.keys(weightsOf(retrained, c)).some((k) => /(?:^s:|[:&])ph-drinking(?:&|$)/.test(k))).toBe(false);
  });

  it('penalises each kind of evidence by its share of the L2 penalty (`penaltyByKind`)', () => {
    // fitAll itself: two features present in the same posts, one penalised a tenth as much, ends heavier.
    const rows = [Int32Array.of(0, 1), Int32Array.of(0, 1), Int32Array.of(), Int32Array.of()];
    const opts = { minPosts: 1, l2: 0.5, steps: 100, lr: 0.1, benignBudget: 0.005, jointRounds: 0, prune: 0, penaltyByKind: {}, meaningPenalty: 1 };
    const { w } = fitAll(rows, [Uint8Array.of(1, 1, 0, 0)], 2, opts, undefined, Float64Array.of(1, 0.1));
    expect(w[1]!).toBeGreaterThan(w[0]! * 1.5);
    // trainModel: words at 0.2 by default; naming another kind keeps that, and a kind no
    // evidence has changes nothing.
    expect(trainModel(base, sample, { steps: 60, penaltyByKind: { w: 1 } }).model).not.toEqual(first.model);
    expect(trainModel(base, sample, { steps: 60, penaltyByKind: { w: 0.2 } }).model).toEqual(first.model);
    expect(trainModel(base, sample, { steps: 60, penaltyByKind: { z: 3 } }).model).toEqual(first.model);
  });

  it("holds a category's needs: a post without any of them is never counted as flagged for it", () => {
    expect(first.report.heldOut.disrespect!.recall).toBeGreaterThan(0.2);
    const edited = structuredClone(base);
    // A need no disrespectful post in the sample meets: nothing is flagged, whatever the scores.
    edited.learnedFindings.disrespect!.needs = ['nhs-number'];
    expect(sample.some((p) => p.labels.includes('disrespect') && /\b\d{3} ?\d{3} ?\d{4}\b/.test(p.text))).toBe(false);
    const held = trainModel(edited, sample, { steps: 60 }).report.heldOut.disrespect!;
    expect(held.recall).toBe(0);
    // The ranking is of the post's score before the needs, as eval ranks the unseen authors':
    // the weights never see the needs, so it is the same.
    expect(held.averagePrecision).toBeCloseTo(first.report.heldOut.disrespect!.averagePrecision!, 12);
  });

  it("reads a category's needs as the engine does, post by post", () => {
    const { needsMet } = featurise(base, sample, 3);
    const engine = createEngine(base);
    const needs = bundle.learnedFindings.disrespect!.needs;
    sample.forEach((p, i) => {
      // Disrespect has no needs-except: meeting its needs is holding one of them.
      expect({ id: p.id, open: needsMet[i]!.has('disrespect') }).toEqual({ id: p.id, open: engine.holds(p.text, needs).length > 0 });
    });
    // ph-someone is matched, not weighed: the gate reads it all the same.
    expect(bundle.signals['ph-someone']!.weigh).toBe(false);
    expect(bundle.learnedFindings.disrespect!['needs-except']).toEqual([]);
    expect(sample.some((p, i) => needsMet[i]!.has('disrespect'))).toBe(true);
    // Alcohol's needs-except: a post whose only words of drinking are someone else's is closed to it.
    const drafts = ['Drunk students in A&E again tonight', 'Drunk students in A&E again tonight and I am hungover'];
    const made = featurise(base, drafts.map((text, i) => ({ ...sample[0]!, id: `made-${i}`, text })), 1).needsMet;
    expect(drafts.map((text) => engine.holds(text, bundle.learnedFindings['alcohol-at-work']!.needs).length > 0)).toEqual([true, true]);
    expect(made.map((met) => met.has('alcohol-at-work'))).toEqual([false, true]);
  });

  it("spends each category's benign budget only on the benign posts no other category flags", () => {
    const benign = first.report.benignPosts!;
    const allowed = Math.floor(0.0045 * benign);
    expect(first.report.jointRounds!.settled).toBe(true);
    expect(first.report.jointRounds!.rounds).toBeGreaterThan(1);
    // Each category alone (jointRounds 0): within its budget of all benign posts, but for what
    // its rules decide at the high mark whatever the budget (a clause where a rule fires).
    const alone = trainModel(base, sample, { steps: 60, jointRounds: 0 });
    expect(alone.report.jointRounds).toEqual({ rounds: 0, settled: true });
    expect(alone.model).not.toEqual(first.model);
    for (const [category, h] of Object.entries(first.report.heldOut)) {
      // Jointly, the benign posts only this category flags stay within the same bound ...
      expect(h.benignAlone!).toBeLessThanOrEqual(Math.max(allowed, alone.report.heldOut[category]!.benignFlagged!));
    }
    // ... while some category flags more benign posts than alone: those another flags too.
    expect(Object.entries(first.report.heldOut).some(([category, h]) => h.benignFlagged! > alone.report.heldOut[category]!.benignFlagged!)).toBe(true);
  });

  it('reports held-out scores for every category it learned, its ranking too', () => {
    for (const [c, r] of Object.entries(first.report.heldOut)) {
      expect(first.model.categories[c as keyof typeof first.model.categories]).toBeDefined();
      expect(r.posts).toBeGreaterThan(0);
      // Better than chance: the share of the category's posts among the scored ones.
      expect(r.averagePrecision).toBeGreaterThan(r.posts / sample.length);
      expect(r.averagePrecision).toBeLessThanOrEqual(1);
    }
  });

  it('reports no ranking when nobody is held out (one author): there is no held-out score', () => {
    const oneAuthor = sample.map((p) => ({ ...p, id: `solo-${p.id}` }));
    const alone = trainModel(base, oneAuthor, { steps: 5 });
    for (const r of Object.values(alone.report.heldOut)) expect(r.averagePrecision).toBeUndefined();
  });
});

describe('averagePrecision', () => {
  it('averages the precision at each positive post, the posts ordered by score', () => {
    expect(averagePrecision([0.9, 0.8, 0.7, 0.6], [1, 1, 0, 0])).toBe(1);
    // Positives at ranks 1 and 3: (1/1 + 2/3) / 2.
    expect(averagePrecision([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0])).toBeCloseTo(5 / 6, 12);
    expect(averagePrecision([0.6, 0.7, 0.8, 0.9], [1, 1, 0, 0])).toBeCloseTo((1 / 3 + 2 / 4) / 2, 12);
  });

  it('puts the posts without the label first among equal scores, so a score that separates nothing gains nothing', () => {
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 0])).toBe(1 / 4);
    expect(averagePrecision([0.9, 0.5, 0.5], [0, 1, 0])).toBe(1 / 3);
    // Two positives tied with two negatives rank third and fourth, not as one step: (1/3 + 2/4) / 2.
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], [1, 1, 0, 0])).toBeCloseTo(5 / 12, 12);
  });

  it('is NaN without a positive post', () => {
    expect(averagePrecision([0.9, 0.1], [0, 0])).toBeNaN();
    expect(averagePrecision([], [])).toBeNaN();
  });
});

describe("the rules' examples as training posts", () => {
  const base = { ...bundle, model: undefined };
  const examples = ruleExamplePosts(bundle, posts);

  it("are each rule's flag examples as positives and pass examples as negatives, for the rule's category alone", () => {
    const rule = bundle.rules.find((r) => r.id === 'intoxicated-on-duty')!;
    const mine = examples.filter((p) => p.id.includes('-example-intoxicated-on-duty-'));
    expect(mine.filter((p) => p.labels.length).map((p) => p.text)).toEqual(rule.examples.flag);
    expect(mine.filter((p) => !p.labels.length).map((p) => p.text)).toEqual(rule.examples.pass);
    for (const p of mine) expect(p.only).toEqual(['alcohol-at-work']);
    // A local term's examples are settings, not drafts: none is taken.
    expect(examples.every((p) => typeof p.text === 'string')).toBe(true);
  });

  it('join the author group of a corpus post they copy, so that they are held out with it', () => {
    const corpus: TrainingPost[] = [{ id: 'zzz-1', text: 'Couple of pints before my night shift and nobody noticed a thing', labels: ['alcohol-at-work'] }];
    const groupOfCopy = copiedFrom(corpus);
    expect(groupOfCopy('Couple of pints before my night shift 🍺')).toBe('zzz');
    expect(groupOfCopy('Two glasses of wine before my shift')).toBeUndefined();
    expect(groupOfCopy('pints')).toBeUndefined();
    const edited = structuredClone(bundle);
    edited.rules.find((r) => r.id === 'drinking-on-duty')!.examples.flag = ['Couple of pints before my night shift 🍺'];
    const made = ruleExamplePosts(edited, corpus).filter((p) => p.id.includes('-drinking-on-duty-flag-'));
    expect(made.map((p) => groupOf(p.id))).toEqual(['zzz']);
    // Those from no post are a group of their own.
    expect(examples.filter((p) => groupOf(p.id) === EXAMPLES_GROUP).length).toBeGreaterThan(80);
  });

  it('copy none of the posts by the authors kept out of training (test/fixtures/corpus/unseen-authors)', () => {
    const dir = path.join(root, 'test/fixtures/corpus/unseen-authors');
    const unseen = readTrainingPosts(dir);
    expect(unseen.length).toBeGreaterThan(600);
    const copies = copiedFrom(unseen);
    expect(examples.filter((p) => copies(p.text)).map((p) => p.text)).toEqual([]);
  });

  it("leave out a pass example on which another rule of the same category fires: it says only that its own rule does not", () => {
    // "Please chase the echo for the patient in bed 6" passes the date-of-birth rule, but the jigsaw sees a bed number.
    expect(examples.some((p) => p.text === 'Please chase the echo for the patient in bed 6')).toBe(false);
    expect(bundle.rules.find((r) => r.id === 'date-of-birth')!.examples.pass).toContain('Please chase the echo for the patient in bed 6');
  });

  it('never weigh the audience: where a draft is written changes wording and severity, never whether the risk exists (categories.md)', () => {
    const text = 'Hungover at work again';
    const { rows, names } = featurise(base, [{ id: 'rule-x', text, labels: ['alcohol-at-work'], only: ['alcohol-at-work'] }, { id: 'dev-x', text, labels: [], audience: 'closed-group' }], 1);
    expect(names.some((n) => n.startsWith('a:'))).toBe(false);
    expect(rows[0]).toEqual(rows[1]);
    // The engine still reads the audience as evidence (for its wording); training leaves it out.
    expect(createEngine({ ...bundle, model: undefined }).evidence({ text, audience: 'closed-group' }).has('a:closed-group')).toBe(true);
    const { model } = trainModel(base, sample, { steps: 60 });
    expect(model.evidence.filter((n) => n.startsWith('a:'))).toEqual([]);
    // So one draft is reported for the same categories whatever its audience.
    for (const t of ['hungover at work', 'Mrs Kaur in bed 12 with a troponin of 48,213', 'Our useless registrar left me to drown again, absolute clown']) {
      const categories = (audience: 'public' | 'closed-group' | 'direct') => [...new Set(check({ text: t, audience }).map((f) => f.category))].sort();
      expect(categories('closed-group')).toEqual(categories('public'));
      expect(categories('direct')).toEqual(categories('public'));
    }
  });

  it('know which rules fire in each clause, rare ones too, as the engine does', () => {
    // One post: its rule evidence is below any vocabulary's minimum, and still known per clause.
    const text = 'Lovely leaving do last night. Hungover on shift now';
    const { clauseRows, clauseRules, names } = featurise(base, [{ id: 'dev-x', text, labels: [] }], 5);
    expect(names.some((n) => n.startsWith('r:'))).toBe(false);
    expect(clauseRules[0]).toHaveLength(clauseRows[0]!.length);
    const rules = clauseRules[0]!.flat();
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(base.rules.some((r) => r.id === rule) || rule === 'jigsaw').toBe(true);
    // The rule that reads being hungover at work fires in the second clause only.
    expect(clauseRules[0]![0]).not.toContain('intoxicated-on-duty');
    expect(clauseRules[0]!.at(-1)).toContain('intoxicated-on-duty');
  });

  it('report each author held out alone, as well as all of them', () => {
    const { report } = trainModel(base, sample, { steps: 60 });
    const authors = [...new Set(sample.map((p) => groupOf(p.id)))].sort();
    expect(Object.keys(report.byAuthor)).toEqual(authors);
    for (const author of authors) {
      const r = report.byAuthor[author]!;
      expect(r.posts).toBe(sample.filter((p) => groupOf(p.id) === author).length);
      // NaN where nothing was there to count (a small model on an eighth of the posts may flag
      // none of an author's posts in these categories); else a share.
      expect(r.designCard.recall).toBeGreaterThanOrEqual(0);
      for (const x of [r.designCard.recall, r.designCard.precision, r.benignFlagged]) if (!Number.isNaN(x)) expect(x >= 0 && x <= 1).toBe(true);
    }
    // The authors' benign posts flagged add up to the whole's.
    const benign = (a: string) => sample.filter((p) => groupOf(p.id) === a && p.labels.length === 0).length;
    const flagged = authors.reduce((sum, a) => sum + report.byAuthor[a]!.benignFlagged * benign(a), 0);
    expect(flagged / authors.reduce((sum, a) => sum + benign(a), 0)).toBeCloseTo(report.benignFlagged, 10);
  });

  it("are trained on in every fold and never held out or counted for the thresholds", () => {
    const alcohol = examples.filter((p) => p.only?.[0] === 'alcohol-at-work' && groupOf(p.id) === EXAMPLES_GROUP);
    const without = trainModel(base, sample, { steps: 60 });
    const withExamples = trainModel(base, [...sample, ...alcohol], { steps: 60 });
    for (const [c, r] of Object.entries(withExamples.report.heldOut)) expect(r.posts).toBe(without.report.heldOut[c]!.posts);
    expect(withExamples.model.trainedOn.groups[EXAMPLES_GROUP]).toBe(alcohol.length);
    expect(weightsOf(withExamples.model, 'alcohol-at-work')).not.toEqual(weightsOf(without.model, 'alcohol-at-work'));
  });

  it("move no weight of a category they are silent on", () => {
    // Two categories, three features; the last post speaks for the first category only.
    const rows = [Int32Array.of(0, 1), Int32Array.of(1, 2), Int32Array.of(0, 2), Int32Array.of(2)];
    const ys = [Uint8Array.of(1, 0, 1, 1), Uint8Array.of(0, 1, 1, 1)];
    const opts = { minPosts: 1, l2: 0.001, steps: 40, lr: 0.3, benignBudget: 0.005, jointRounds: 0, prune: 0, penaltyByKind: {}, meaningPenalty: 1 };
    const all = fitAll(rows, ys, 3, opts, [Uint8Array.of(1, 1, 1, 1), Uint8Array.of(1, 1, 1, 0)]);
    const firstThree = fitAll(rows.slice(0, 3), ys.map((y) => y.slice(0, 3)), 3, opts);
    const secondCategory = (w: Float64Array) => [w[1], w[3], w[5]];
    expect(all.bias[1]).toBe(firstThree.bias[1]);
    expect(secondCategory(all.w)).toEqual(secondCategory(firstThree.w));
    expect(all.bias[0]).not.toBe(firstThree.bias[0]);
  });

  it('teach the whole engine the phenomena as the rules state them: their flag examples are reported, their pass examples are not', () => {
    let flagged = 0;
    let passed = 0;
    const flags = examples.filter((p) => p.labels.length);
    const passes = examples.filter((p) => !p.labels.length);
    for (const p of flags) if (check({ text: p.text }).some((f) => f.category === p.only![0])) flagged++;
    for (const p of passes) if (!check({ text: p.text }).some((f) => f.category === p.only![0])) passed++;
    expect(flagged / flags.length).toBeGreaterThanOrEqual(0.9);
    expect(passed / passes.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('chooseThreshold', () => {
  it('spends the budget only on the benign posts it is given, as a share of all of them', () => {
    const scores = Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.5, 0.4]);
    const y = Uint8Array.from([1, 0, 1, 1, 0, 1]);
    // Three benign posts (0.8, 0.5 and a third elsewhere); only the 0.5 post is free, the 0.8
    // one flagged by another category already. A third of all three allows one free post, so
    // every post is flagged (F1 0.8, against 0.75 at 0.6).
    const free = Uint8Array.from([0, 0, 0, 0, 1, 0]);
    expect(chooseThreshold(scores, y, free, 1 / 3, 3).threshold).toBeLessThan(0.4);
    // As a share of the free posts alone (one), the budget allows none: the threshold stays above 0.5.
    expect(chooseThreshold(scores, y, free, 1 / 3).threshold).toBeGreaterThan(0.5);
    // The same for a clause threshold: a third of all three lets the clauses flag the free
    // benign post (clause 0.65) and the positive one after it (0.6).
    const post = Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.1, 0.1]);
    const clause = Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.65, 0.6]);
    expect(chooseClauseThreshold(post, 0.55, clause, y, free, 1 / 3, 3).threshold).toBeLessThan(0.6);
    expect(chooseClauseThreshold(post, 0.55, clause, y, free, 1 / 3).threshold).toBe(1);
  });

  it('flags no more benign posts than the budget allows', () => {
    const scores = Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.5, 0.4]);
    const y = Uint8Array.from([1, 0, 1, 1, 0, 0]);
    const benign = Uint8Array.from([0, 1, 0, 0, 1, 1]);
    // No benign post may be flagged: only the 0.9 post is above the threshold.
    expect(chooseThreshold(scores, y, benign, 0).threshold).toBeGreaterThan(0.8);
    // One of three benign posts allowed: 0.9 to 0.6 are flagged, three of four right.
    const t = chooseThreshold(scores, y, benign, 1 / 3);
    expect(t.threshold).toBeLessThanOrEqual(0.6);
    expect(t.threshold).toBeGreaterThan(0.5);
  });
});

describe('chooseJointly', () => {
  const flags = (n: number, on: number[]) => ({ flagged: Uint8Array.from({ length: n }, (_, i) => (on.includes(i) ? 1 : 0)) });
  const on = (x: { flagged: Uint8Array }) => [...x.flagged.keys()].filter((i) => x.flagged[i]);

  it("offers each category only the benign posts no other category flags, and takes a choice that flags more", () => {
    // Posts 0-3 benign. A flags 0 alone; B flags 1 alone and, offered fewer benign posts, 1 and 0.
    const seen: number[][] = [];
    const choose = (c: number, free: Uint8Array) => {
      seen.push([c, ...[...free.keys()].filter((i) => free[i])]);
      return c === 0 ? flags(4, [0]) : free[0] ? flags(4, [1]) : flags(4, [0, 1]);
    };
    const { chosen, rounds, settled } = chooseJointly([flags(4, [0]), flags(4, [1])], choose, [0, 1, 2, 3], 10);
    expect(seen[0]).toEqual([0, 0, 2, 3]); // A: all but B's post 1
    expect(seen[1]).toEqual([1, 1, 2, 3]); // B: all but A's post 0
    expect(seen[2]).toEqual([0, 2, 3]); // round 2, A: B now flags 0 and 1
    expect(on(chosen[1]!)).toEqual([0, 1]);
    expect(settled).toBe(true);
    expect(rounds).toBe(2);
    // In the other order, the same choices, in the other order.
    const swapped = chooseJointly([flags(4, [1]), flags(4, [0])], (c, free) => choose(1 - c, free), [0, 1, 2, 3], 10);
    expect(swapped.chosen.map(on)).toEqual([...chosen].reverse().map(on));
  });

  it('keeps a choice that a new one would flag less than (flags only grow)', () => {
    // A's new choice flags post 2 instead of its post 0: it would flag less than before, so it is refused.
    const choose = (c: number) => (c === 0 ? flags(3, [2]) : flags(3, [1]));
    const { chosen, settled } = chooseJointly([flags(3, [0]), flags(3, [1])], choose, [0, 1, 2], 10);
    expect(on(chosen[0]!)).toEqual([0]);
    expect(settled).toBe(true);
  });

  it('ends after maxRounds with the last choices taken, each made within its budget', () => {
    // A chooser that flags one more post every time never settles.
    let k = 0;
    const choose = (c: number) => (c === 0 ? flags(10, [...Array(++k + 1).keys()]) : flags(10, []));
    const { chosen, rounds, settled } = chooseJointly([flags(10, [0]), flags(10, [])], choose, [], 3);
    expect(settled).toBe(false);
    expect(rounds).toBe(3);
    expect(on(chosen[0]!)).toEqual([0, 1, 2, 3]);
    // No rounds: each category's choice alone.
    expect(chooseJointly([flags(10, [0]), flags(10, [])], choose, [], 0).chosen.map(on)).toEqual([[0], []]);
  });
});

describe('clauseEvidence', () => {
  it('keeps each piece of evidence in the clause its spans start in, and pairs the signals of each clause', () => {
    const evidence: Evidence = new Map([
      ['a:public', []],
      ['s:x', [{ start: 0, end: 3 }]],
      ['s:y', [{ start: 5, end: 8 }, { start: 20, end: 22 }]],
      ['p:x&y', [{ start: 0, end: 3 }, { start: 5, end: 8 }]],
      ['w:word', [{ start: 25, end: 29 }]],
    ]);
    const [first, second] = clauseEvidence(evidence, [{ start: 0, end: 10 }, { start: 10, end: 30 }, { start: 30, end: 40 }]).map((c) => c.evidence);
    expect([...first!.keys()].sort()).toEqual(['a:public', 'p:x&y', 's:x', 's:y']);
    expect([...second!.keys()].sort()).toEqual(['a:public', 's:y', 'w:word']);
    expect(second!.get('s:y')).toEqual([{ start: 20, end: 22 }]);
  });
});

describe('readyModel', () => {
  it('refuses a model of another format version with a clear error, and the engine with it', () => {
    const old = { ...bundle.model!, version: 2 } as unknown as NonNullable<typeof bundle.model>;
    expect(() => readyModel(old)).toThrow(new RegExp(`version 2, and this engine reads version ${MODEL_VERSION}: rebuild the bundle with npm run build`));
    expect(() => createEngine({ ...bundle, model: old })).toThrow(/rebuild the bundle/);
    expect(bundle.model!.version).toBe(MODEL_VERSION);
  });

  it('reads the pairs training wrote exactly as it reads them from the names, and an unsorted or pair-less model the same', () => {
    const model = bundle.model!;
    expect(model.pairs).toEqual(pairsOf(model.evidence));
    expect(model.evidence).toEqual([...model.evidence].sort());
    const ready = readyModel(model);
    // A pair's key is its halves' ordinals; its evidence index is where its name is.
    const { signals, at, keys } = model.pairs!;
    expect(at.length).toBe(model.evidence.filter((n) => n.startsWith('p:')).length);
    at.forEach((i, k) => expect(`p:${signals[Math.floor(keys[k]! / signals.length)]}&${signals[keys[k]! % signals.length]}`).toBe(model.evidence[i]));
    // Without the written pairs, and with the names out of order (each category's weights moved with them).
    const order = model.evidence.map((_, i) => i).reverse();
    const moved = order.map((i) => model.evidence[i]!);
    const newIndex = new Map(order.map((i, k) => [i, k]));
    const categories = Object.fromEntries(Object.entries(model.categories).map(([c, m]) => [c, { ...m, weights: m!.weights.map((v, k) => (k % 2 === 0 ? newIndex.get(v)! : v)) }]));
    const variants = [
      { other: readyModel({ ...model, pairs: undefined }), names: model.evidence },
      { other: readyModel({ ...model, evidence: moved, categories, pairs: undefined }), names: moved },
    ];
    const engine = createEngine(bundle);
    for (const { other, names } of variants) {
      expect(other.signalsUsed).toEqual(ready.signalsUsed);
      expect(other.weighsWords).toBe(ready.weighsWords);
      for (const name of [...model.evidence, 'w:nosuchstem', 's:nosuchsignal', 'p:nosuchsignal&ph-someone']) expect([name, other.index.get(name) === undefined ? undefined : names[other.index.get(name)!]]).toEqual([name, ready.index.get(name) === undefined ? undefined : name]);
      for (const post of sample.slice(0, 40)) {
        const evidence = engine.evidence({ text: post.text, audience: post.audience });
        for (const c of Object.keys(ready.categories) as Category[]) expect(scoreCategory(other.categories[c]!, other.index, evidence).score).toBeCloseTo(scoreCategory(ready.categories[c]!, ready.index, evidence).score, 12);
      }
    }
  });
});

describe('clauseIndices', () => {
  it("scores every clause as clauseEvidence does, and gives the winning clause's spans back", () => {
    const model = readyModel(bundle.model!);
    const engine = createEngine(bundle);
    for (const post of sample) {
      const clauses = engine.clauses(post.text);
      if (clauses.length < 2) continue;
      const evidence = engine.evidence({ text: post.text, audience: post.audience });
      // clauseEvidence pairs every two signals of a clause; knownEvidence keeps those the model weighs.
      const slow = clauseEvidence(evidence, clauses).map((c) => ({ clause: c.clause, known: knownEvidence(model.index, c.evidence) }));
      const fast = clauseIndices(evidence, clauses, model);
      for (const [category, m] of Object.entries(model.categories)) {
        // A clause scores if it holds evidence beyond the audience (which a model may weigh or not).
        const slowScores = slow.filter((c) => c.known.some((k) => !k.name.startsWith('a:'))).map((c) => [c.clause, scoreOf(m!, c.known)]);
        const fastScores = fast.map((c) => [c.clause, scoreOfIndices(m!, c.indices)]);
        expect({ post: post.id, category, scores: fastScores.map(([c, s]) => [c, Number(s!.toFixed(9))]) }).toEqual({
          post: post.id,
          category,
          scores: slowScores.map(([c, s]) => [c, Number(s!.toFixed(9))]),
        });
      }
      for (const c of fast) {
        const known = knownInClause(knownEvidence(model.index, evidence), clauses[c.clause]!, c.indices);
        const expected = slow.find((x) => x.clause === c.clause)!.known;
        expect(known.map((k) => k.name).sort()).toEqual(expected.map((k) => k.name).sort());
      }
    }
  });
});

describe('chooseRuleMark', () => {
  // Posts: the highest held-out score of a clause where the rule fires, whether something else
  // flags the post anyway, its label and its author.
  const rule = Float64Array.from([0.95, 0.8, 0.75, 0.7, 0.65, 0.6, 0]);
  const none = new Uint8Array(7);
  const twoAuthors = ['a', 'a', 'b', 'a', 'b', 'a', 'b'];

  it('lowers the mark as far as every post the rule adds is one of the category, to the last right score', () => {
    // The rule adds 0.8, 0.75, 0.7 (all of the category), then 0.65 (not): the mark is 0.7.
    expect(chooseRuleMark(rule, none, Uint8Array.from([1, 1, 1, 1, 0, 1, 0]), twoAuthors, 0.5, 0.85)).toBe(0.7);
    // All right: down to the lowest score at or above the floor.
    expect(chooseRuleMark(rule, none, Uint8Array.from([1, 1, 1, 1, 1, 1, 0]), twoAuthors, 0.5, 0.85)).toBe(0.6);
    expect(chooseRuleMark(rule, none, Uint8Array.from([1, 1, 1, 1, 1, 1, 0]), twoAuthors, 0.68, 0.85)).toBe(0.7);
  });

  it('keeps the high mark for a rule that adds a wrong post first, too few posts, or posts of one author', () => {
    expect(chooseRuleMark(rule, none, Uint8Array.from([1, 0, 1, 1, 1, 1, 0]), twoAuthors, 0.5, 0.85)).toBe(0.85);
    // Two right, then a wrong one: two posts are too few to lower the mark on.
    expect(chooseRuleMark(rule, none, Uint8Array.from([1, 1, 1, 0, 1, 1, 0]), twoAuthors, 0.5, 0.85)).toBe(0.85);
    // Five right posts, all by one author: the mark would fit that author's voice.
    expect(chooseRuleMark(rule, none, Uint8Array.from([1, 1, 1, 1, 1, 1, 0]), Array(7).fill('a'), 0.5, 0.85)).toBe(0.85);
  });

  it('counts only the posts nothing else flags', () => {
    const y = Uint8Array.from([1, 1, 1, 1, 0, 1, 0]);
    // The wrong post at 0.65 is flagged anyway, so it stops nothing.
    expect(chooseRuleMark(rule, Uint8Array.from([0, 0, 0, 0, 1, 0, 0]), y, twoAuthors, 0.5, 0.85)).toBe(0.6);
    // Posts flagged anyway are no evidence for the rule either.
    expect(chooseRuleMark(rule, Uint8Array.from([1, 1, 1, 1, 1, 1, 1]), y, twoAuthors, 0.5, 0.85)).toBe(0.85);
  });
});

describe('chooseClauseThreshold', () => {
  it('lets clauses decide only while the benign posts flagged stay within the budget', () => {
    const post = Float64Array.from([0.9, 0.1, 0.1, 0.1]);
    const clause = Float64Array.from([0.9, 0.8, 0.7, 0.6]);
    const y = Uint8Array.from([1, 1, 0, 1]);
    const benign = Uint8Array.from([0, 0, 1, 0]);
    // No benign post may be flagged: the clause threshold stops above 0.7.
    const t = chooseClauseThreshold(post, 0.5, clause, y, benign, 0);
    expect(t.threshold).toBeGreaterThan(0.7);
    expect(t.recall).toBeCloseTo(2 / 3);
    // With no benign post allowed, clauses that add nothing but benign posts are never used.
    expect(chooseClauseThreshold(post, 0.5, Float64Array.from([0.9, 0.1, 0.7, 0.1]), y, benign, 0).threshold).toBe(1);
  });

  it('counts F1 within one positive post of the best as a tie, and lets the clauses decide then', () => {
    // 100 positives, 99 found by their posts; one post of another category has a clause at 0.8.
    const n = 101;
    const post = Float64Array.from({ length: n }, (_, i) => (i < 99 ? 0.9 : 0.1));
    const clause = Float64Array.from({ length: n }, (_, i) => (i < 99 ? 0.9 : i === 100 ? 0.8 : 0.1));
    const y = Uint8Array.from({ length: n }, (_, i) => (i < 100 ? 1 : 0));
    const benign = new Uint8Array(n);
    // Strictly, F1 is a hair better without the clause (0.995 against 0.990): a tie. The
    // threshold lies halfway between that clause's score and the post threshold below it.
    expect(chooseClauseThreshold(post, 0.5, clause, y, benign, 0).threshold).toBeCloseTo(0.65);
    // A clause that costs more than one post's worth is not taken: ten more of them.
    const costly = Float64Array.from({ length: n + 10 }, (_, i) => (i < 99 ? 0.9 : i >= 100 ? 0.8 : 0.1));
    const postMore = Float64Array.from({ length: n + 10 }, (_, i) => (i < 99 ? 0.9 : 0.1));
    const yMore = Uint8Array.from({ length: n + 10 }, (_, i) => (i < 100 ? 1 : 0));
    expect(chooseClauseThreshold(postMore, 0.5, costly, yMore, new Uint8Array(n + 10), 0).threshold).toBe(1);
  });
});

describe('chooseAlsoThreshold', () => {
  // Posts by `n` authors, each described by its held-out score, its label, whether the
  // category's own thresholds flag it and whether another category flags it.
  type Post = { score: number; y: 0 | 1; flagged?: 1; others?: 1; author: string };
  const choose = (list: Post[]) =>
    chooseAlsoThreshold(
      Float64Array.from(list, (p) => p.score),
      Uint8Array.from(list, (p) => p.y),
      Uint8Array.from(list, (p) => p.flagged ?? 0),
      Uint8Array.from(list, (p) => p.others ?? 0),
      list.map((p) => p.author),
    );
  // Each author: one post flagged and right, one of the category nobody flags yet.
  const base = (authors: string[]): Post[] => authors.flatMap((author) => [{ score: 0.9, y: 1, flagged: 1, author }, { score: 0.1, y: 1, author }]);

  it("lowers the threshold among the posts another category flags, to the category's best F1", () => {
    const authors = ['a', 'b', 'c', 'd'];
    // Per author, beside another category: a right post at 0.6 and 0.4, a wrong one at 0.3 and 0.2.
    const posts: Post[] = [
      ...base(authors),
      ...authors.flatMap((author): Post[] => [
        { score: 0.6, y: 1, others: 1, author },
        { score: 0.4, y: 1, others: 1, author },
        { score: 0.3, y: 0, others: 1, author },
        { score: 0.2, y: 0, others: 1, author },
      ]),
    ];
    const t = choose(posts);
    // The best F1 takes both right posts and stops before the wrong ones: halfway from 0.4 to 0.3.
    expect(t.threshold).toBeCloseTo(0.35);
    expect(t.recall).toBeCloseTo(12 / 16);
    expect(t.precision).toBe(1);
    // A post no other category flags is never reported through this threshold, however it scores.
    expect(choose(posts.map((p) => ({ ...p, others: undefined }))).threshold).toBe(1);
    // Nothing lower is better: 1 (never), with the category's own precision and recall.
    expect(choose(base(authors))).toEqual({ threshold: 1, precision: 1, recall: 0.5 });
  });

  it("never takes the category's precision under 0.85, or under its own where that is lower", () => {
    const authors = ['a', 'b', 'c', 'd'];
    // Twenty right posts flagged already; eight of the category beside another at 0.4, and some
    // wrong ones at 0.4 too. Two: precision 28/30, taken. Six: 28/34 (0.82), not, though F1 rises.
    const many = (wrong: number, wrongFlagged = 0) => {
      const posts: Post[] = [];
      for (let i = 0; i < 20; i++) posts.push({ score: 0.9, y: 1, flagged: 1, author: authors[i % 4]! });
      for (let i = 0; i < wrongFlagged; i++) posts.push({ score: 0.9, y: 0, flagged: 1, author: authors[i % 4]! });
      for (let i = 0; i < 8; i++) posts.push({ score: 0.4, y: 1, others: 1, author: authors[i % 4]! });
      for (let i = 0; i < wrong; i++) posts.push({ score: 0.4, y: 0, others: 1, author: authors[i % 4]! });
      return choose(posts);
    };
    expect(many(2).threshold).toBeLessThan(1);
    expect(many(6).threshold).toBe(1);
    // A category already under 0.85 (20 right, 12 wrong: 0.625) may go as low as its own precision,
    // not lower: eight right and four wrong keep it (28/44, 0.636); eight right and eight wrong not (28/48, 0.583).
    expect(many(4, 12).threshold).toBeLessThan(1);
    expect(many(8, 12).threshold).toBe(1);
  });

  it('takes a gain only if it holds author by author: at least three authors better, twice as many as worse', () => {
    // `up` authors gain a right post beside another category; `down` authors get a wrong one.
    const mixed = (up: number, down: number, downHasPositives = true) => {
      const ups = Array.from({ length: up }, (_, i) => `u${i}`);
      const downs = Array.from({ length: down }, (_, i) => `d${i}`);
      return choose([
        ...base(ups),
        ...(downHasPositives ? base(downs) : []),
        // Many right posts for each author gaining, so that precision and F1 stay high overall.
        ...ups.flatMap((author): Post[] => Array.from({ length: 4 }, () => ({ score: 0.5, y: 1, others: 1, author }))),
        ...downs.map((author): Post => ({ score: 0.5, y: 0, others: 1, author })),
      ]).threshold;
    };
    expect(mixed(3, 0)).toBeCloseTo(0.5);
    // Two authors better are too few, and one author's gains, however many, fit that author's voice.
    expect(mixed(2, 0)).toBe(1);
    expect(mixed(1, 0)).toBe(1);
    // Four better and two worse is twice as many; three better and two worse is not.
    expect(mixed(4, 2)).toBeCloseTo(0.5);
    expect(mixed(3, 2)).toBe(1);
    // An author with no post of the category has an F1 of 0 either way: a false alarm added
    // to their posts still counts as worse.
    expect(mixed(3, 2, false)).toBe(1);
  });

  it('counts no post scoring under 0.05, and puts the threshold at the lowest score taken when nothing lower was measured', () => {
    const authors = ['a', 'b', 'c'];
    const posts: Post[] = [...base(authors), ...authors.map((author): Post => ({ score: 0.3, y: 1, others: 1, author }))];
    expect(choose(posts).threshold).toBe(0.3);
    expect(choose(posts.map((p) => (p.others ? { ...p, score: 0.05 } : p))).threshold).toBe(0.05);
    expect(choose(posts.map((p) => (p.others ? { ...p, score: 0.04 } : p))).threshold).toBe(1);
  });
});

describe('a category reported from its also-threshold', () => {
  const text = 'Mrs Kaur in bed 12 asked if I was ok, she was so scared before her op';
  // The high mark with it, as training writes it (never under the threshold).
  const out = { threshold: 0.999, clauseThreshold: 1, ruleClauseThreshold: 1, ruleMarks: {}, high: 0.999 };
  // Patient discussion's own marks put out of reach, so that only its also-threshold can report it.
  const engineWith = (alsoThreshold: number | undefined, identifier: 'reachable' | 'unreachable') => {
    const b = structuredClone(bundle);
    Object.assign(b.model!.categories['patient-discussion']!, out, { alsoThreshold });
    if (identifier === 'unreachable') Object.assign(b.model!.categories['patient-identifier']!, out);
    return createEngine(b);
  };
  const discussion = (engine: ReturnType<typeof createEngine>, draft = text, options: Parameters<typeof check>[1] = {}) =>
    engine.check({ text: draft }, options).filter((f) => f.category === 'patient-discussion');

  it('is reported in a draft another category is reported for on its own marks, and only then', () => {
    const found = discussion(engineWith(0.05, 'reachable'));
    expect(found.length).toBeGreaterThan(0);
    // Its rules' findings keep their own severity, as on the category's own marks.
    const severityOf = new Map(bundle.rules.map((r) => [r.id, r.severity]));
    for (const f of found) if (f.rule !== scoreRuleId('patient-discussion')) expect(f.severity).toBe(severityOf.get(f.rule));
    expect(discussion(engineWith(undefined, 'reachable'))).toEqual([]);
    expect(discussion(engineWith(0.05, 'unreachable'))).toEqual([]);
  });

  it('shows its own words at low severity when no rule of its own fires: its score is under its threshold', () => {
    // Patient discussion's rules muted, so its finding is the learned one.
    const own = bundle.rules.filter((r) => r.category === 'patient-discussion').map((r) => r.id);
    const found = discussion(engineWith(0.05, 'reachable'), text, { mutedRules: own });
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) expect({ rule: f.rule, severity: f.severity }).toEqual({ rule: scoreRuleId('patient-discussion'), severity: 'low' });
  });

  it('does not count a category whose findings are all muted or disabled: it is not reported', () => {
    const identifierRules = bundle.rules.filter((r) => r.category === 'patient-identifier').map((r) => r.id);
    const engine = engineWith(0.05, 'reachable');
    expect(discussion(engine, text, { mutedRules: [...identifierRules, 'jigsaw', scoreRuleId('patient-identifier')] })).toEqual([]);
    expect(discussion(engine, text, { categories: { 'patient-identifier': false } })).toEqual([]);
    // Muted by its words: every identifier finding's words muted. Patient discussion's own
    // finding on other words would show; it is not reported at all.
    const identifierWords = engine.check({ text }).filter((f) => f.category === 'patient-identifier').map((f) => text.slice(f.start, f.end));
    expect(identifierWords.length).toBeGreaterThan(0);
    const b = structuredClone(bundle);
    Object.assign(b.model!.categories['patient-discussion']!, out, { alsoThreshold: 0.05 });
    const muted = createEngine(b).check({ text }, { mutedPhrases: identifierWords, mutedRules: bundle.rules.filter((r) => r.category === 'patient-discussion').map((r) => r.id) });
    expect(muted).toEqual([]);
    const unmuted = createEngine(b).check({ text }, { mutedRules: bundle.rules.filter((r) => r.category === 'patient-discussion').map((r) => r.id) });
    expect(unmuted.some((f) => f.category === 'patient-discussion')).toBe(true);
  });

  it("does not count a finding of a rule that reports whatever the score: the other category's marks must be reached", () => {
    // An NHS number is reported whatever the identifier's score (its rule is marked always).
    const withNumber = `${text}, NHS no 943 476 5919`;
    const engine = engineWith(0.05, 'unreachable');
    expect(engine.check({ text: withNumber }).some((f) => f.rule === 'nhs-number')).toBe(true);
    expect(discussion(engine, withNumber)).toEqual([]);
  });

  it('shows a rule finding that reports whatever the score once, beside nothing of the learned score', () => {
    // The identifier reported from an also-threshold beside patient discussion, its NHS number already in.
    const b = structuredClone(bundle);
    Object.assign(b.model!.categories['patient-identifier']!, out, { alsoThreshold: 0.05 });
    const found = createEngine(b).check({ text: `${text}, NHS no 943 476 5919` }).filter((f) => f.category === 'patient-identifier');
    expect(found.filter((f) => f.rule === 'nhs-number')).toHaveLength(1);
    expect(found.some((f) => f.rule === scoreRuleId('patient-identifier'))).toBe(false);
  });

  it('is held to the emoji rule at its lower mark: an emoji may tip a draft over it, never carry it', () => {
    // Disrespect weighs one piece of evidence only, which the eye-roll brings: its words alone
    // score next to nothing. The identifier is reported on its own marks in this draft.
    const draft = 'Mrs Kaur in bed 12 asked if I was ok 🙄';
    const disrespect = (marks: { threshold: number; alsoThreshold: number }, bias = -10) => {
      const b = structuredClone(bundle);
      const m = b.model!;
      const tone = m.evidence.indexOf('s:mocking-tone');
      expect(tone).toBeGreaterThanOrEqual(0);
      Object.assign(m.categories.disrespect!, out, { bias, weights: [tone, 9900] }, marks);
      return createEngine(b).check({ text: draft }).filter((f) => f.category === 'disrespect');
    };
    expect(check({ text: draft }).some((f) => f.category === 'patient-identifier')).toBe(true);
    // The emoji would carry the score (0.0000 -> 0.475) over the lower mark: not reported.
    expect(disrespect({ threshold: 0.999, alsoThreshold: 0.3 })).toEqual([]);
    // At or above its own threshold only through the emoji: judged as under it, and held to
    // the emoji rule at the lower mark as well, where the emoji would carry it too.
    expect(disrespect({ threshold: 0.3, alsoThreshold: 0.05 })).toEqual([]);
    // Its words alone scoring 0.27 (a bias of -1), under its threshold of 0.3 (a draft of nine
    // words is too short for an emoji to tip it) and over the lower mark of 0.2: the lower
    // mark is open to it, as to any draft under its threshold, and its words reach it.
    const beside = disrespect({ threshold: 0.3, alsoThreshold: 0.2 }, -1);
    expect(beside.length).toBeGreaterThan(0);
    expect(disrespect({ threshold: 0.3, alsoThreshold: 0.28 }, -1)).toEqual([]);
  });

  it("is below the category's threshold in the trained model, where training chose one", () => {
    const chosen = Object.values(bundle.model!.categories).filter((m) => m!.alsoThreshold !== undefined);
    expect(chosen.length).toBeGreaterThan(0);
    for (const m of chosen) expect(m!.alsoThreshold!).toBeLessThan(m!.threshold);
  });
});

describe('the engine with the learned model', () => {
  const model = bundle.model!;

  it('is built into the rule bundle, a threshold and weights per category', () => {
    expect(Object.keys(model.categories).length).toBe(11);
    for (const m of Object.values(model.categories)) {
      expect(m!.threshold).toBeGreaterThan(0);
      expect(m!.high).toBeGreaterThanOrEqual(m!.threshold);
      expect(m!.weights.length).toBeGreaterThan(0);
    }
  });

  it('underlines the words whose evidence raised the score, with the category message and guidance', () => {
    // A category with no rule of its own firing: its findings come from the score alone.
    const text = 'still absolutely hanging from last night and I am on the ward round in ten minutes 🥴';
    const findings = check({ text }).filter((f) => f.category === 'alcohol-at-work');
    expect(findings.length).toBeGreaterThan(0);
    const evidence = createEngine(bundle).evidence({ text });
    const ready = readyModel(model);
    const { support } = scoreCategory(ready.categories['alcohol-at-work']!, ready.index, evidence);
    const supported = support.flatMap((s) => s.spans.map((sp) => `${sp.start}:${sp.end}`));
    for (const f of findings) {
      expect(supported).toContain(`${f.start}:${f.end}`);
      expect(f.guidance.map((g) => g.id)).toContain('GMP-81');
    }
  });

  it('keeps a rule marked "always" whatever the score: an NHS number identifies on its own', () => {
    const found = check({ text: 'Can anyone read this? NHS no 943 476 5919' });
    expect(found.some((f) => f.rule === 'nhs-number')).toBe(true);
  });

  it('lets an exemption in one sentence leave the others alone', () => {
    for (const text of [
      'Great leaving do last night. Mrs Kaur in bed 12 asked if I was ok, her troponin was 48,213',
      'Congrats to our reg Dr Patel on her promotion! Mrs Kaur in bed 12 asked after you',
    ]) {
      expect(check({ text }).some((f) => f.category === 'patient-identifier')).toBe(true);
    }
    // An off-duty clause does not excuse the clause about the shift (the detection issue's own case).
    expect(check({ text: 'Hungover on shift, leaving drinks were worth it' }).some((f) => f.category === 'alcohol-at-work')).toBe(true);
    expect(check({ text: 'hungover at work' }).some((f) => f.category === 'alcohol-at-work')).toBe(true);
  });

  it('lets a clause in which a rule of the category fires decide from the high mark, and no other clause', () => {
    for (const m of Object.values(model.categories)) expect(m!.ruleClauseThreshold).toBeGreaterThanOrEqual(0.85);
    const text = 'Hungover on shift, leaving drinks were worth it';
    // The post's own threshold out of reach, so that only a clause can decide (the trained
    // model's post score for this draft sits near its threshold and moves with every retrain).
    const withThresholds = (clauseThreshold: number, ruleClauseThreshold: number) => {
      const edited = structuredClone(bundle);
      Object.assign(edited.model!.categories['alcohol-at-work']!, { threshold: 0.999, clauseThreshold, ruleClauseThreshold, ruleMarks: {} });
      return createEngine(edited).check({ text }).some((f) => f.category === 'alcohol-at-work');
    };
    // The rule intoxicated-on-duty fires in "Hungover on shift": that clause decides from its rule threshold.
    expect(withThresholds(1, 0.5)).toBe(true);
    expect(withThresholds(1, 1)).toBe(false);
    // The other clause holds no rule finding, so however low the rule threshold, it is never
    // the clause that decides: every finding lies in "Hungover on shift".
    const low = structuredClone(bundle);
    Object.assign(low.model!.categories['alcohol-at-work']!, { threshold: 0.999, clauseThreshold: 1, ruleClauseThreshold: 0.01, ruleMarks: {} });
    const findings = createEngine(low).check({ text }).filter((f) => f.category === 'alcohol-at-work');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.end).toBeLessThanOrEqual('Hungover on shift,'.length);
  });

  it("lets a rule's own mark, where training measured one, decide for its clauses alone", () => {
    const text = 'Hungover on shift, leaving drinks were worth it';
    const edited = (ruleMarks: Record<string, number>) => {
      const b = structuredClone(bundle);
      Object.assign(b.model!.categories['alcohol-at-work']!, { threshold: 0.999, clauseThreshold: 1, ruleClauseThreshold: 1, ruleMarks });
      return createEngine(b).check({ text }).filter((f) => f.category === 'alcohol-at-work');
    };
    // The rule that fires in "Hungover on shift" has a mark its clause reaches; another rule's does not count.
    expect(edited({ 'intoxicated-on-duty': 0.05 }).length).toBeGreaterThan(0);
    expect(edited({ 'drinking-on-duty': 0.05 })).toEqual([]);
    expect(edited({})).toEqual([]);
    // The emoji rule holds the clause to the lowest mark it reaches: the rule's, here, not the
    // clause threshold, which the clause reaches only with its emoji.
    const withEmoji = (ruleMarks: Record<string, number>) => {
      const b = structuredClone(bundle);
      Object.assign(b.model!.categories['alcohol-at-work']!, { threshold: 0.999, clauseThreshold: 0.95, ruleClauseThreshold: 1, ruleMarks });
      return createEngine(b).check({ text: 'Hungover on shift 🍺🍺, leaving drinks were worth it' }).some((f) => f.category === 'alcohol-at-work');
    };
    expect(withEmoji({ 'intoxicated-on-duty': 0.6 })).toBe(true);
    expect(withEmoji({})).toBe(false);
    // The trained model's marks lie between halfway down from the high mark to the post
    // threshold and the clause threshold (a mark above that would change nothing). A mark under
    // halfway to the post threshold the category ends with is dropped in training.
    for (const m of Object.values(model.categories)) {
      for (const mark of Object.values(m!.ruleMarks ?? {})) {
        expect(mark).toBeLessThan(Math.min(m!.ruleClauseThreshold!, m!.clauseThreshold!));
        // Never below halfway to the post threshold the category ends with (within the model's rounding).
        expect(mark).toBeGreaterThanOrEqual((m!.threshold + m!.ruleClauseThreshold!) / 2 - 1e-4);
      }
    }
  });

  it('reads stated eligibility for a service as information, not a health claim', () => {
    expect(check({ text: 'Free flu jabs for everyone over 65 at your GP, see nhs.uk' }).filter((f) => f.category === 'unverifiable-claim')).toEqual([]);
  });

  it('reads off-duty drinking and a patient who is drunk as no risk of the writer drinking', () => {
    // The last: no word or emoji of drinking at all (alcohol-at-work needs one), which the words "before" and "shift" had once scored over the threshold.
    for (const text of ['Pub Friday? I am off all weekend 🍻', 'Drunk students in A&E again tonight, third head injury by midnight', 'drinking so much coffee on this night shift ☕', 'Lovely sunny walk along the river this morning before my shift.']) {
      expect(check({ text }).filter((f) => f.category === 'alcohol-at-work')).toEqual([]);
    }
  });

  it('underlines nothing for an emoji alone', () => {
    for (const text of ['😂', '🙄', '😂😂😂']) expect(check({ text })).toEqual([]);
  });

  it('lets an emoji tip a draft of some length whose words nearly reach the mark, never carry one whose words say little', () => {
    // A model of one category and two pieces of evidence: the word "shift" and the eye-roll
    // emoji (any signal it stands for), each weighed so that the test does not rest on
    // what a retrain learns.
    const long = 'Night shift again and my car would not start this morning so I got the bus 🙄';
    const short = 'Night shift again 🙄';
    const emojiSignals = (text: string) => [...createEngine({ ...bundle, model: undefined }).evidence({ text }).entries()].filter(([name, spans]) => name.startsWith('s:') && spans.length && spans.every((s) => text.slice(s.start, s.end) === '🙄')).map(([name]) => name);
    const emoji = emojiSignals(long);
    expect(emoji.length).toBeGreaterThan(0);
    expect(emojiSignals(short)).toEqual(emoji);
    // No rule fires on either: a rule's own finding is shown whenever the score reaches the mark.
    for (const text of [long, short]) expect(createEngine({ ...bundle, model: undefined }).check({ text })).toEqual([]);
    const reported = (text: string, shift: number) => {
      const names = ['w:shift', ...emoji];
      const model = { version: MODEL_VERSION as typeof MODEL_VERSION, trainedOn: { posts: 0, groups: {}, seed: 0 }, evidence: names, categories: { disrespect: { bias: 0, weights: names.flatMap((_, i) => [i, i === 0 ? shift * 1000 : 5000 / emoji.length]), threshold: 0.5, clauseThreshold: 1, high: 0.99 } } };
      // Without the category's needs (no one is in these drafts): this is about emoji alone.
      const learnedFindings = { ...bundle.learnedFindings, disrespect: { ...bundle.learnedFindings.disrespect!, needs: [] } };
      return createEngine({ ...bundle, learnedFindings, model }).check({ text }).some((f) => f.category === 'disrespect');
    };
    // The bias is 0 and the mark is 0.5 (log-odds 0): words at -0.5 come within one unit of it, words at -1.5 do not.
    expect(reported(long, -0.5)).toBe(true);
    expect(reported(long, -1.5)).toBe(false);
    // In a draft of a few words the emoji is most of what is said: it never tips one.
    expect(reported(short, -0.5)).toBe(false);
    // Words alone at the mark are reported, emoji or not, in a draft of any length.
    expect(reported(long, 0.1)).toBe(true);
    expect(reported(short, 0.1)).toBe(true);
  });
});

describe('an emoji added to a draft', () => {
  it('never takes a finding away through the emoji rule: what the words reach alone they reach with an emoji', () => {
    // Pairs of an emoji and a phenomenon can weigh against a category; without everything
    // that rests on emoji, the words are judged as if the draft had none. (An emoji may still
    // lower a category's score, as any evidence may: those drafts are not counted here.) The
    // training posts held to this before the fix too; the case that pins the fix is the test
    // with a model of its own below.
    const model = readyModel(bundle.model!);
    const engine = createEngine(bundle);
    const scoreOfText = (text: string, c: Category) => scoreCategory(model.categories[c]!, model.index, engine.evidence({ text })).score;
    const plain = posts.filter((p) => !/\p{Extended_Pictographic}/u.test(p.text)).slice(0, 400);
    expect(plain.length).toBe(400);
    const lost: string[] = [];
    let kept = 0;
    for (const post of plain) {
      const before = new Set(check({ text: post.text }).map((f) => f.category));
      for (const emoji of [' 🙄', ' 😂']) {
        const after = new Set(check({ text: post.text + emoji }).map((f) => f.category));
        for (const c of before) {
          if (after.has(c)) kept++;
          else if (scoreOfText(post.text + emoji, c) >= scoreOfText(post.text, c)) lost.push(`${c}${emoji}: ${post.text}`);
        }
      }
    }
    expect(kept).toBeGreaterThan(200);
    expect(lost).toEqual([]);
  });
});

describe('a draft over its threshold only through emoji', () => {
  // A model of one category: being hungover (+1) in the first clause, leaving drinks (-1.5:
  // off duty) in the second, and the eye-roll's signal (+3). The post threshold is 0.5 (log-odds
  // 0), the clause threshold 0.6; the draft has eight words, too few for an emoji to tip it.
  const findings = (text: string, hungover = 1) => {
    const names = ['w:hungov', 'w:leav', 's:mocking-tone'];
    const model = { version: MODEL_VERSION as typeof MODEL_VERSION, trainedOn: { posts: 0, groups: {}, seed: 0 }, evidence: names, categories: { 'alcohol-at-work': { bias: 0, weights: [0, hungover * 1000, 1, -1500, 2, 3000], threshold: 0.5, clauseThreshold: 0.6, high: 0.99 } } };
    return createEngine({ ...bundle, model }).check({ text }).filter((f) => f.category === 'alcohol-at-work');
  };
  const reported = (text: string, hungover = 1) => findings(text, hungover).length > 0;
  const plain = 'Hungover on shift, leaving drinks were worth it';

  it('is searched for a clause that decides: an eye-roll added never takes the clause\'s finding away', () => {
    const evidence = createEngine({ ...bundle, model: undefined }).evidence({ text: `${plain} 🙄` });
    expect(evidence.get('s:mocking-tone')!.map((s) => `${plain} 🙄`.slice(s.start, s.end))).toEqual(['🙄']);
    // Without the emoji the draft scores -0.5 and its first clause 1 (0.73): the clause decides.
    expect(reported(plain)).toBe(true);
    expect(findings(plain).every((f) => f.end <= 'Hungover on shift'.length)).toBe(true);
    // With it the draft scores 2.5, over the threshold only through the eye-roll, which the
    // emoji rule does not let carry it; its first clause still decides.
    expect(reported(`${plain} 🙄`)).toBe(true);
    expect(findings(`${plain} 🙄`).every((f) => f.end <= 'Hungover on shift'.length)).toBe(true);
  });

  it('holds the clause to the emoji rule in its turn: an eye-roll does not carry a clause either', () => {
    // Being hungover at +0.2: the first clause reaches its threshold only with an eye-roll in it.
    expect(reported(plain, 0.2)).toBe(false);
    expect(reported('Hungover on shift 🙄, leaving drinks were worth it', 0.2)).toBe(false);
    expect(reported(`${plain} 🙄`, 0.2)).toBe(false);
  });
});

describe('the emoji rule, with a pair of an emoji and a phenomenon that weighs against', () => {
  it('judges the words as if the draft had no emoji: the finding they reach alone stays', () => {
    // A model of one category: a word that reaches the mark alone (+1 against a mark of 0),
    // the eye-roll's signal (+2.5), and the pair of it with a phenomenon of the sentence (-2).
    // With the emoji, the draft scores 1.5; without what rests on emoji alone, -1 (short of
    // the mark, and too short a draft for a tip); without the pair too, 1: reported.
    const text = 'mental health patients r all attention seekers tbh 🙄';
    const evidence = createEngine({ ...bundle, model: undefined }).evidence({ text });
    expect(evidence.has('s:mocking-tone') && evidence.has('p:mocking-tone&ph-generalising') && evidence.has('w:seeker')).toBe(true);
    const names = ['w:seeker', 's:mocking-tone', 'p:mocking-tone&ph-generalising'];
    const model = { version: MODEL_VERSION as typeof MODEL_VERSION, trainedOn: { posts: 0, groups: {}, seed: 0 }, evidence: names, categories: { prejudice: { bias: 0, weights: [0, 1000, 1, 2500, 2, -2000], threshold: 0.5, clauseThreshold: 1, high: 0.99 } } };
    const reported = (t: string) => createEngine({ ...bundle, model }).check({ text: t }).some((f) => f.category === 'prejudice');
    expect(reported(text.replace(' 🙄', ''))).toBe(true);
    expect(reported(text)).toBe(true);
  });
});

describe('training held to the emoji rule', () => {
  const base = { ...bundle, model: undefined };
  const plain = createEngine(base);
  // The eye-roll beside a generalisation: its signal rests on the emoji alone, its pair with
  // the generalisation on the emoji in context.
  const short = 'mental health patients r all attention seekers tbh 🙄';
  const long = 'Night shift again and my car would not start this morning so I got the bus. Honestly 🙄';

  it('is told what rests on emoji, in the draft and in each clause (restingOnEmoji)', () => {
    expect(plain.restingOnEmoji({ text: short.replace(' 🙄', '') })).toBeUndefined();
    const onShort = plain.restingOnEmoji({ text: short })!;
    expect(onShort.draft.alone).toContain('s:mocking-tone');
    expect(onShort.draft.inContext).toContain('p:mocking-tone&ph-generalising');
    expect(onShort.draft.alone.concat(onShort.draft.inContext).some((n) => n.startsWith('w:'))).toBe(false);
    expect(onShort.draft.longEnough).toBe(false);
    const onLong = plain.restingOnEmoji({ text: long })!;
    expect(onLong.draft.longEnough).toBe(true);
    // One entry a clause, as clauses(text) cuts them; the emoji is in the last.
    const clauses = plain.clauses(long);
    expect(clauses.length).toBeGreaterThan(1);
    expect(onLong.clauses).toHaveLength(clauses.length);
    expect(onLong.clauses.at(-1)!.alone).toContain('s:mocking-tone');
    expect(onLong.clauses.at(-1)!.longEnough).toBe(false);
    expect(onLong.clauses[0]?.alone ?? []).not.toContain('s:mocking-tone');
  });

  it("scores a draft as the engine decides it (emojiRuleScore): it reaches a mark exactly when the engine reports it", () => {
    // Models of one category over every piece of the draft's evidence, each weighed by a
    // fixed pseudo-random number and the emoji's signals heavily, at marks from low to high:
    // the engine reports the category exactly when the score training holds it to reaches the mark.
    let seed = 7;
    const next = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 3 - 1.5;
    const learnedFindings = { ...bundle.learnedFindings, disrespect: { ...bundle.learnedFindings.disrespect!, needs: [] } };
    let tipped = 0;
    let stopped = 0;
    for (const text of [short, long]) {
      const evidence = plain.evidence({ text });
      // The words' meanings (m:) are weighed from a table of their own, never by name.
      const names = [...evidence.keys()].filter((n) => !n.startsWith('a:') && !n.startsWith('m:'));
      const resting = plain.restingOnEmoji({ text })!.draft;
      for (let trial = 0; trial < 12; trial++) {
        // In thousandths, as the model holds them.
        const w = names.map((n) => (resting.alone.includes(n) ? 2 : Math.round(next() * 1000) / 1000));
        const z = (leaving: readonly string[]) => names.reduce((sum, n, i) => sum + (leaving.includes(n) ? 0 : w[i]!), -1);
        const σ = (x: number) => 1 / (1 + Math.exp(-x));
        const held = emojiRuleScore(σ(z([])), σ(z(resting.alone)), σ(z([...resting.alone, ...resting.inContext])), resting.longEnough);
        for (const threshold of [0.2, 0.4, 0.5, 0.6, 0.8]) {
          const model = { version: MODEL_VERSION as typeof MODEL_VERSION, trainedOn: { posts: 0, groups: {}, seed: 0 }, evidence: names, categories: { disrespect: { bias: -1, weights: names.flatMap((_, i) => [i, Math.round(w[i]! * 1000)]), threshold, clauseThreshold: 1, ruleClauseThreshold: 1, high: 0.999 } } };
          const reported = createEngine({ ...bundle, learnedFindings, model }).check({ text }).some((f) => f.category === 'disrespect');
          // Weights are written in thousandths: no score here sits that close to its mark.
          expect(Math.abs(held - threshold)).toBeGreaterThan(1e-3);
          expect(reported).toBe(held >= threshold);
          // A tip: reported though the words reach the mark neither without the emoji alone nor without its pairs too.
          if (reported && σ(z(resting.alone)) < threshold && σ(z([...resting.alone, ...resting.inContext])) < threshold) tipped++;
          if (!reported && σ(z([])) >= threshold) stopped++;
        }
      }
    }
    // Both ways of the rule are met: a tip let through, and a score the emoji carried stopped.
    expect(tipped).toBeGreaterThan(0);
    expect(stopped).toBeGreaterThan(0);
  });

  it('chooses thresholds on held-out scores as the engine decides them: a short post carried by its emoji is not counted as found', () => {
    // Four authors write the same short remarks, plain (no risk) and with an eye-roll
    // (labelled colleague criticism, which needs nothing else): only the emoji, with no
    // phenomenon beside it, tells them apart. Held out, the emoji carries each eye-roll post's
    // score, and the engine never reports a post this short for that.
    const remarks = ['Went for a long walk by the river', 'New running shoes arrived today', 'Made soup with the last of the carrots', 'Finally finished that jigsaw puzzle', 'Planted tulips along the fence'];
    const authored = ['aaa', 'bbb', 'ccc', 'ddd'].flatMap((author) =>
      remarks.flatMap((text, i): TrainingPost[] => [
        { id: `${author}-${i}`, text, labels: [] },
        { id: `${author}-${i}e`, text: `${text} 🙄`, labels: ['colleague-criticism'] },
      ]),
    );
    for (const { text } of authored) expect(plain.restingOnEmoji({ text })?.draft.inContext ?? []).toEqual([]);
    const { report } = trainModel(base, authored, { steps: 60, minPosts: 2 });
    expect(report.heldOut['colleague-criticism']!.posts).toBe(20);
    expect(report.heldOut['colleague-criticism']!.recall).toBe(0);
  });

  it('knows, as feature ids, what rests on emoji in each post and each clause it weighs (featurise)', () => {
    const drafts = [short, long, short.replace(' 🙄', '')].map((text, i) => ({ id: `dev-${i}`, text, labels: [] }));
    const { names, rows, onEmoji, clauseRows, clauseOnEmoji } = featurise(base, [...drafts, ...drafts, ...drafts], 3);
    const nameOf = (ids: ReadonlySet<number>) => [...ids].map((i) => names[i]!);
    expect(nameOf(onEmoji[0]!.alone)).toContain('s:mocking-tone');
    expect(nameOf(onEmoji[0]!.all)).toEqual(expect.arrayContaining(['s:mocking-tone', 'p:mocking-tone&ph-generalising']));
    expect(onEmoji[0]!.longEnough).toBe(false);
    expect(onEmoji[1]!.longEnough).toBe(true);
    expect(onEmoji[2]).toBeUndefined();
    // Every id resting on emoji is one of the post's own.
    for (let i = 0; i < 3; i++) for (const id of onEmoji[i]?.all ?? []) expect(rows[i]).toContain(id);
    rows.forEach((_, i) => expect(clauseOnEmoji[i]).toHaveLength(clauseRows[i]!.length));
    expect(clauseOnEmoji[1]!.some((c) => c && nameOf(c.alone).includes('s:mocking-tone'))).toBe(true);
  });
});

describe('a rule that fires on an emoji', () => {
  it('is held to the same rule: its emoji may tip a draft of some length, never carry one', () => {
    // mocking-patients reads 🙄 beside an encounter as mockery; the model here weighs only the
    // emoji (bias -0.5: without them the score falls half a unit short of the 0.5 mark).
    const short = 'Another walk-in with a splinter 🙄';
    const long = 'Another walk-in with a splinter at four in the morning, and I had only just sat down 🙄';
    const rulesOnly = createEngine({ ...bundle, model: undefined });
    for (const text of [short, long]) expect(rulesOnly.check({ text }).some((f) => f.rule === 'mocking-patients')).toBe(true);
    const emoji = [...rulesOnly.evidence({ text: short }).entries()].filter(([name, spans]) => name.startsWith('s:') && spans.length && spans.every((x) => short.slice(x.start, x.end) === '🙄')).map(([name]) => name);
    expect(emoji.length).toBeGreaterThan(0);
    const model = { version: MODEL_VERSION as typeof MODEL_VERSION, trainedOn: { posts: 0, groups: {}, seed: 0 }, evidence: emoji, categories: { disrespect: { bias: -0.5, weights: emoji.flatMap((_, i) => [i, 5000 / emoji.length]), threshold: 0.5, clauseThreshold: 1, high: 0.99 } } };
    const reported = (text: string) => createEngine({ ...bundle, model }).check({ text }).filter((f) => f.category === 'disrespect').map((f) => f.rule);
    expect(reported(short)).toEqual([]);
    expect(reported(long)).toEqual(['mocking-patients']);
  });
});

describe('the phenomenon map', () => {
  it('names every phenomenon signal, and names none that does not exist', () => {
    const doc = fs.readFileSync(path.join(root, 'docs/phenomena.md'), 'utf8');
    const inDoc = new Set([...doc.matchAll(/`(ph-[a-z-]+)`/g)].map((m) => m[1]!));
    const signals = Object.keys(bundle.signals).filter((n) => n.startsWith('ph-'));
    for (const s of signals) expect(inDoc.has(s) ? s : `${s} missing from docs/phenomena.md`).toBe(s);
    for (const s of inDoc) expect(signals).toContain(s);
  });
});

describe('scripts/eval.mjs', () => {
  it('scores the unseen authors, and the training authors held out, by threshold and by ranking (average precision of the post score)', () => {
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/eval.mjs'), '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout.slice(0, run.stdout.lastIndexOf('}') + 1)) as { heldOut: { meanAveragePrecision: number; heldOut: Record<string, { averagePrecision?: number }> }; unseenAuthors: { meanAveragePrecision: number; categories: Record<string, { recall: number; averagePrecision: number }> } };
    const { unseenAuthors } = report;
    // The training authors' posts held out, ranked the same way (build/training-report.json).
    expect(Object.keys(report.heldOut.heldOut)).toHaveLength(11);
    for (const h of Object.values(report.heldOut.heldOut)) {
      expect(h.averagePrecision).toBeGreaterThan(0.3);
      expect(h.averagePrecision).toBeLessThanOrEqual(1);
    }
    const heldMean = Object.values(report.heldOut.heldOut).reduce((s, h) => s + h.averagePrecision!, 0) / 11;
    expect(report.heldOut.meanAveragePrecision).toBeCloseTo(heldMean, 10);
    expect(Object.keys(unseenAuthors.categories)).toHaveLength(11);
    for (const c of Object.values(unseenAuthors.categories)) {
      // Better than chance (a category's share of the posts, a tenth or so) and at most 1.
      expect(c.averagePrecision).toBeGreaterThan(0.3);
      expect(c.averagePrecision).toBeLessThanOrEqual(1);
    }
    const mean = Object.values(unseenAuthors.categories).reduce((s, c) => s + c.averagePrecision, 0) / 11;
    expect(unseenAuthors.meanAveragePrecision).toBeCloseTo(mean, 10);
  });
});

describe('scripts/weights.mjs', () => {
  it("lists a category's heaviest evidence and its look-alikes, and names the categories when given none", () => {
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const ok = spawnSync(process.execPath, [path.join(root, 'scripts/weights.mjs'), 'alcohol-at-work', '--top', '3'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^alcohol-at-work: bias -?\d/);
    expect(ok.stdout).toMatch(/raise the score most:\n {2}\+\d\.\d{3} {2}\S+/);
    const bad = spawnSync(process.execPath, [path.join(root, 'scripts/weights.mjs')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/give a category: patient-identifier, /);
  });
});
