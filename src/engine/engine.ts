/**
 * The checking engine: pure, synchronous, DOM-free and deterministic. The same
 * code runs in the content script, the CLI and the tests.
 */
import type { LearnedFindingDef, RuleBundle, RuleDef, SignalDef } from '../rules/schema';
import type { Audience, Category, CheckOptions, Draft, Entity, Finding, GuidanceRef, Severity, Span } from './types';
import { AUDIENCES, CATEGORIES, NOT_A_NAME, SEVERITIES } from './types';
import { allMatches, allMatchesIn, compilePattern, MAX_PATTERN_MATCHES, engineTermGroups, PLACES_GROUP, TermMatcher, TRIE_FORMAT, tokenise, tokeniseInSteps, type Token as TermToken } from './terms';
import { lazyNlp, matchSpans, patternAnchors, type Nlp, type NlpDoc } from './nlp';
import { textWindows, WINDOW_CHARS } from './windows';
import { inWindows, recogniseEntitiesInSteps, recogniseInitials, type NameLexicon } from './recognisers';
import { phraseKey } from './phrase';
import { runToEnd, type Steps } from './steps';
import { wordTokens, wordTokensInSteps, type Token } from './words';
import { byStart as startOf, fileByPart, indexHolding, lowerBound, pushAll } from './spans';
import { foldSameWords } from './fold';
import { PackedWords, remembered, unpackWords } from './sorted-words';
import { LETTER_OR_DIGIT } from './letters';
import { coarsePattern } from './coarse-classes';
import { ceilingOf, clauseEvidence, clauseIndicesInSteps, logistic, MEANING_PREFIX, knownEvidence, knownInClause, positionsOf, scoreOfIndices, pairName, readyModel, scoreOf, scoreRuleId, supportOf, type Evidence, type EvidenceIndex, type KnownEvidence, type ReadyCategory, type ReadyModel, type Scored } from './model';
import stemWord from 'wink-porter2-stemmer';
import { foldForLiterals, Literals, type LiteralsInDraft } from './literals';
import { unpackBundleNumbers } from './packed-numbers';

/** compromise parses windows of about this many characters (whole sentences where possible). */
const NLP_WINDOW = 400;

/** Drafts longer than this run every pattern without first looking for its literals (see Analysis.mayMatch). */
const LITERAL_TEST_MAX_CHARS = 4000;

/** Caps on what one draft reports: a pasted book must not bury the page in underlines. */
const MAX_FINDINGS_PER_RULE = 50;
const MAX_FINDINGS = 500;
// Sentence ends: . ! ? … (with closing quotes), line breaks, and an emoji run followed by a
// capital. A full stop after a title or an initial ("Mrs. Labrie", "Faina D. Yefremova") is not one.
// A run of stops is tried from its first character only ((?<![…])), so that 40,000 full stops
// with no space after them are read once, not once from every stop (quadratic).
export const SENTENCE_END = coarsePattern(String.raw`(?:(?<![!?…])[!?…]+|(?<![.])(?<!\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|St|Sr|Jr|Rev|Fr|No|vs|etc|approx|\p{Lu}))\.+)["'’”)\]]*\s+|\n+|(?<=\p{Extended_Pictographic}\uFE0F?)\s+(?=\p{Lu})`, 'gu');
// Clause breaks inside a sentence: a comma, semicolon or colon before a space, or a dash between spaces.
const CLAUSE_BREAK = /[,;:]\s+|\s[-–—]+\s/g;
/** Fewer words than this between two breaks are not a clause of their own (see Analysis.clauses). */
const MIN_CLAUSE_WORDS = 3;

/**
 * The words (runs of letters and digits: "don't" is two, which is no matter here) from `start`
 * to `end`, counted up to `max`. Only that range is read, and no further than the `max`th word,
 * so that the pieces of a megabyte of commas are read once each. Clauses (MIN_CLAUSE_WORDS) and
 * the emoji rule (EMOJI_TIP_MIN_WORDS) count words with it alike.
 */
function wordsIn(text: string, start: number, end: number, max: number): number {
  let n = 0;
  let inWord = false;
  for (let i = start; i < end && n < max; i++) {
    const c = text.charCodeAt(i);
    const word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c > 127 && LETTER_OR_DIGIT.test(text[i]!));
    if (word && !inWord) n++;
    inWord = word;
  }
  return n;
}
const byStartThenLongest = (a: Span, b: Span): number => a.start - b.start || b.end - a.end;
/** Signal names joined as a key; the rules' lists are the same arrays every check, so each is joined once. */
const JOINED = new WeakMap<readonly string[], string>();
function joinedNames(names: readonly string[]): string {
  let key = JOINED.get(names);
  if (key === undefined) JOINED.set(names, (key = names.join('|')));
  return key;
}
/** A term of plain words, which compromise's lexicon can hold. */
export const PLAIN_WORDS = coarsePattern(String.raw`^[\p{L}\p{N} '-]+$`, 'u');

interface CompiledSignal {
  /** Its place in an analysis's table of found spans. */
  index: number;
  hasTerms: boolean;
  /** Evidence for the learned model (the signal's `weigh`). */
  weighed: boolean;
  patterns: string[];
  /**
   * Each pattern compiled on first use: V8 compiles a pattern's code when it first runs
   * anyway, but parses it when it is built, and most drafts need only a few patterns.
   * (The build has already checked that every pattern compiles.)
   */
  regexes: (RegExp | undefined)[];
  /** For each regex: ids in EngineParts.literals, one of which a match contains; or null. */
  literals: (number[] | null)[];
  match: { pattern: string; tags: string[]; words: string[]; anyOf: string[][] }[];
  entities: string[];
}

/**
 * compromise's matches in one window of text, remembered across checks (least recently
 * used first out). A clinician's draft changes a few characters at a time, so on a
 * re-check every window but the edited one is text the engine has parsed before.
 * Matches depend only on the window's text and the pattern, so a remembered answer
 * is the answer: results are the same with or without the memory.
 */
class WindowMatchMemory {
  private readonly windows = new Map<string, Map<string, readonly Span[]>>();

  constructor(private readonly capacity: number) {}

  get(windowText: string, pattern: string): readonly Span[] | undefined {
    const patterns = this.windows.get(windowText);
    if (!patterns) return undefined;
    // Most recently used goes last.
    this.windows.delete(windowText);
    this.windows.set(windowText, patterns);
    return patterns.get(pattern);
  }

  set(windowText: string, pattern: string, spans: readonly Span[]): void {
    if (this.capacity <= 0) return;
    let patterns = this.windows.get(windowText);
    if (!patterns) {
      patterns = new Map();
      this.windows.set(windowText, patterns);
      if (this.windows.size > this.capacity) this.windows.delete(this.windows.keys().next().value!);
    }
    patterns.set(pattern, spans);
  }
}

export interface EngineOptions {
  /** How many windows of text to remember compromise's matches for (0: none). */
  rememberWindows?: number;
}

/** What the analysis of one draft needs from its engine. */
interface EngineParts {
  /** compromise, loaded on first use. */
  nlp: () => Nlp;
  windowMatches: WindowMatchMemory;
  signals: Map<string, CompiledSignal>;
  /** The signals' terms and the lexicon's places (PLACES_GROUP). */
  terms: TermMatcher;
  lexicon: NameLexicon;
  tagsOf: (normal: string) => ReadonlySet<string> | undefined;
  /** Signals that carry each compromise tag, for the pre-check before parsing. */
  signalsWithTag: Map<string, string[]>;
  /** The distinct required literals of all patterns (see Analysis.mayMatch). */
  literals: Literals;
}

export interface RuleInfo {
  id: string;
  category: Category;
  severity: Severity;
  message: string;
  suggestion: string;
  guidance: GuidanceRef[];
}

export interface Engine {
  check(draft: Draft, options?: CheckOptions): Finding[];
  /**
   * The same check as a generator of small synchronous steps, each well under a
   * millisecond or two on a long draft; its return value is exactly what `check` returns.
   * The extension runs a few steps at a time between keystrokes (see ./steps.ts).
   */
  checkInSteps(draft: Draft, options?: CheckOptions): Steps<Finding[]>;
  entities(text: string): Entity[];
  /**
   * Every piece of evidence the draft holds (see ./model.ts), whether or not a model
   * weighs it: what the build trains on, and what a governance team can inspect.
   */
  evidence(draft: Draft): Evidence;
  /** The draft's clauses: its sentences cut at commas, semicolons, colons and dashes (see clauseEvidence in ./model.ts). */
  clauses(text: string): Span[];
  /** Which of these signals the draft holds, weighed or not. */
  holds(text: string, signals: readonly string[]): string[];
  /** The categories with `needs` whose needs the draft meets (meetsNeeds): training asks, so that it counts what a check reports. */
  needsMet(text: string): Category[];
  /**
   * What the emoji rule (emojiRuleScore) reads of the draft and of each of its clauses
   * (`clauses` lines up with `clauses(text)`, and is empty for a draft of one clause): so that
   * training decides its held-out posts as the engine will. Undefined for a draft without emoji.
   * `given`: the draft's own evidence and clauses (from `evidence(draft)` and `clauses(text)`),
   * if the caller has them already, so that the draft is not read again.
   */
  restingOnEmoji(draft: Draft, given?: { evidence: Evidence; clauses: Span[] }): { draft: RestingOnEmoji; clauses: (RestingOnEmoji | undefined)[] } | undefined;
  readonly rules: readonly RuleInfo[];
}

export function createEngine(shippedOrPlain: RuleBundle, options: EngineOptions = {}): Engine {
  // A shipped bundle's lists of numbers come packed (see ./packed-numbers.ts); a plain one's are kept as they are.
  const bundle = unpackBundleNumbers(shippedOrPlain);
  // A bundle from an older build has its lexicon as arrays: refused, as an older model is, rather than searched wrongly.
  for (const [name, list] of Object.entries(bundle.lexicon)) if (typeof list !== 'string') throw new Error(`the rule bundle's lexicon list ${name} is not packed (an older build): rebuild the bundle with npm run build`);
  // The tries come parsed in the bundle; a bundle without them (a test's) has its terms parsed here.
  // A trie without the places group, or in another format, is parsed afresh from the terms rather than find no places.
  const trie = bundle.termTries?.terms.format === TRIE_FORMAT && bundle.termTries.terms.groups.includes(PLACES_GROUP) ? bundle.termTries.terms : undefined;
  // The shipped copy's signals carry no terms but the trie's (./shipped-bundle.ts): without the trie it would find none.
  if (!trie && bundle.signalTermsInTrie) throw new Error("the rule bundle's signals leave their terms to its term trie, which is missing or in another format: rebuild the bundle with npm run build");
  const terms = trie ? TermMatcher.fromSerialised(trie) : new TermMatcher(engineTermGroups(bundle.signals, unpackWords(bundle.lexicon.places)));
  // A signal has terms if the trie ends a term in its group: the same as its own list, which the shipped copy leaves out.
  const withTerms = new Set(terms.groups);
  const signals = new Map<string, CompiledSignal>();
  const literals = new Literals();
  for (const [name, def] of Object.entries(bundle.signals)) signals.set(name, compileSignal(def, signals.size, withTerms.has(name), bundle.patternLiterals?.[name]?.map((list) => literals.idsOf(list))));
  const nlp = lazyNlp(() => {
    // compromise only needs the tags that `match` patterns use; names and places are
    // tagged for the recognisers by tagsOf below, which costs far less.
    const words: Record<string, string> = {};
    for (const n of unpackWords(bundle.lexicon.demonyms)) words[n] = 'Demonym';
    for (const def of Object.values(bundle.signals)) if (def.tag) for (const t of def.terms) if (PLAIN_WORDS.test(t)) words[t.toLowerCase()] = def.tag;
    return words;
  });
  // The build adds the rules' one-word terms ("resus", "majors") to the common words.
  const lexicon: NameLexicon = { commonWords: new PackedWords(bundle.lexicon.commonWords) };
  // Lexicon tags for the recognisers' single-word tokens (multi-word places go through the
  // term matcher), looked up in the packed lists when a word is first seen and remembered
  // as bits; words with the same tags share one set: a few sets, not one per word.
  const TAGS = ['FirstName', 'LastName', 'Demonym', 'Place'] as const;
  const tagLists = [bundle.lexicon.firstNames, bundle.lexicon.lastNames, bundle.lexicon.demonyms, bundle.lexicon.places].map((list) => new PackedWords(list, false));
  const tagSets: ReadonlySet<string>[] = [];
  for (let bits = 0; bits < 16; bits++) tagSets.push(new Set(TAGS.filter((_, k) => bits & (1 << k))));
  const tagBits = new Map<string, number>();
  const bitsOf = (word: string) => {
    let bits = 0;
    for (let k = 0; k < tagLists.length; k++) if (tagLists[k]!.has(word)) bits |= 1 << k;
    return bits;
  };
  const signalsWithTag = new Map<string, string[]>();
  for (const [name, def] of Object.entries(bundle.signals)) if (def.tag) signalsWithTag.set(def.tag, [...(signalsWithTag.get(def.tag) ?? []), name]);
  const guidance = (ids: readonly string[]): GuidanceRef[] =>
    ids.map((id) => {
      const g = bundle.guidance[id];
      if (!g) throw new Error(`unknown guidance id ${id}`);
      return { id, document: g.document, paragraph: g.paragraph, url: g.url, summary: g.summary };
    });
  const rules = bundle.rules.map((r) => ({ def: r, guidance: guidance(r.guidance) }));
  const jigsawGuidance = guidance(bundle.jigsaw.guidance);
  const audienceGuidance = Object.fromEntries(
    AUDIENCES.map((a) => [a, guidance(bundle.audiences[a]?.guidance ?? [])]),
  ) as Record<Audience, GuidanceRef[]>;
  const parts: EngineParts = {
    nlp,
    windowMatches: new WindowMatchMemory(options.rememberWindows ?? 64),
    signals,
    terms,
    lexicon,
    tagsOf: (normal) => {
      const bits = remembered(tagBits, normal, bitsOf);
      return bits === 0 ? undefined : tagSets[bits];
    },
    signalsWithTag,
    literals,
  };
  const localTermCache = new Map<string, TermMatcher | undefined>();
  // Only the signals the learned model weighs are looked for when building evidence.
  const ready = bundle.model ? readyModel(bundle.model) : undefined;
  // The signals the model weighs, in name order, less those that need compromise's parser (see collectEvidenceInSteps).
  const modelSignals = ready ? [...ready.signalsUsed].filter((n) => signals.has(n) && signals.get(n)!.match.length === 0).sort() : undefined;
  const alwaysRules = new Set(bundle.rules.filter((r) => r.always).map((r) => r.id));
  const learnedFindings = new Map<Category, LearnedFinding>(
    Object.entries(bundle.learnedFindings ?? {}).map(([c, f]) => [c as Category, { rule: scoreRuleId(c as Category), message: f.message, suggestion: f.suggestion, guidance: guidance(f.guidance) }]),
  );

  function analyse(text: string, localTerms: readonly string[]): Analysis {
    const key = localTerms.join('\u0000');
    let local = localTermCache.get(key);
    if (!localTermCache.has(key)) {
      // A local term is matched literally: "*" and "=" in it have no special meaning.
      const usable = localTerms.map((t) => String(t).replace(/[*=]/g, ' ').trim()).filter((t) => LETTER_OR_DIGIT.test(t));
      local = usable.length ? new TermMatcher({ local: usable }) : undefined;
      if (localTermCache.size > 16) localTermCache.clear();
      localTermCache.set(key, local);
    }
    return new Analysis(text, parts, local);
  }

  function evidenceOf(draft: Draft): Evidence {
    const text = typeof draft?.text === 'string' ? draft.text : '';
    const a = analyse(text, []);
    const hits = new Map<string, Span[]>();
    if (text.trim().length) {
      for (const { def } of rules) hits.set(def.id, evaluateRule(def, a));
      hits.set('jigsaw', partsOf(jigsaw(bundle.jigsaw, a, jigsawGuidance)));
    }
    return runToEnd(collectEvidenceInSteps(a, hits, audienceOf(draft), null));
  }

  return {
    rules: rules.map(({ def, guidance: g }) => ({ id: def.id, category: def.category, severity: def.severity, message: def.message, suggestion: def.suggestion, guidance: g })),

    entities(text: string): Entity[] {
      return analyse(String(text ?? ''), []).entities();
    },

    check(draft: Draft, options: CheckOptions = {}): Finding[] {
      return runToEnd(checkInSteps(draft, options));
    },

    checkInSteps,

    evidence: evidenceOf,

    clauses(text: string): Span[] {
      return analyse(String(text ?? ''), []).clauses();
    },

    holds(text: string, names: readonly string[]): string[] {
      const a = analyse(String(text ?? ''), []);
      return names.filter((n) => a.spans(n).length > 0);
    },

    needsMet(text: string): Category[] {
      const a = analyse(String(text ?? ''), []);
      return CATEGORIES.filter((category) => bundle.learnedFindings?.[category]?.needs?.length && meetsNeeds(bundle.learnedFindings[category], a));
    },

    restingOnEmoji(draft: Draft, given?: { evidence: Evidence; clauses: Span[] }) {
      const text = typeof draft?.text === 'string' ? draft.text : '';
      if (!PICTOGRAPH.test(text)) return undefined;
      const evidence = given?.evidence ?? evidenceOf(draft);
      const wordSpans = runToEnd(wordSpansInSteps(evidence, text));
      // emojiEvidence reads only the names. Here it is given all the evidence, where a check
      // gives it what the model weighs (`known`): the sets may name evidence the model does
      // not weigh, which weighs nothing, so no decision differs (training drops such names).
      const asKnown = (e: Evidence): KnownEvidence[] => [...e].map(([name, spans]) => ({ name, index: -1, spans }));
      const part = (e: Evidence, scope?: Span): RestingOnEmoji => {
        const { alone, inContext } = emojiEvidence(asKnown(e), wordSpans, scope);
        return { alone: [...alone], inContext: [...inContext], longEnough: hasWords(text, EMOJI_TIP_MIN_WORDS, scope) };
      };
      const clauses = given?.clauses ?? analyse(text, []).clauses();
      const byClause: (RestingOnEmoji | undefined)[] = clauses.length > 1 ? clauses.map(() => undefined) : [];
      if (clauses.length > 1) for (const c of clauseEvidence(evidence, clauses)) byClause[c.clause] = part(c.evidence, clauses[c.clause]);
      return { draft: part(evidence), clauses: byClause };
    },
  };

  function* checkInSteps(draft: Draft, options: CheckOptions = {}): Steps<Finding[]> {
    const text = typeof draft?.text === 'string' ? draft.text : '';
    if (text.trim().length === 0) return [];
    const audience = audienceOf(draft);
    const enabled = (c: Category) => options.categories?.[c] !== false;
    const blocking = new Set(options.blockingCategories ?? []);
    const mutedIds = new Set(options.mutedRules ?? []);
    const isMuted = (rule: string, category: Category) => mutedIds.has(rule) && !blocking.has(category);
    // What the user muted by its words (a category the trust blocks is never muted).
    const phrases = new Set((options.mutedPhrases ?? []).map(phraseKey));
    const shown = (f: Finding) => !phrases.size || blocking.has(f.category) || !phrases.has(phraseKey(text.slice(f.start, f.end)));
    const a = analyse(text, options.localTerms ?? []);
    const findings: Finding[] = [];
    const perRule = options.findingLimits?.perRule ?? MAX_FINDINGS_PER_RULE;
    const total = options.findingLimits?.total ?? MAX_FINDINGS;
    // The shared work first, a piece per step; then one rule per step.
    yield* a.prepare();

    // Each enabled rule's spans: findings of their own, and evidence for the learned scores.
    const hits = new Map<string, Span[]>();
    const ruleFindings = new Map<Category, Finding[]>();
    const keep = (f: Finding) => {
      const list = ruleFindings.get(f.category);
      if (list) list.push(f);
      else ruleFindings.set(f.category, [f]);
    };
    for (const { def, guidance: g } of rules) {
      if (!enabled(def.category) || isMuted(def.id, def.category)) continue;
      const spans = evaluateRule(def, a);
      if (spans.length) hits.set(def.id, spans);
      let count = 0;
      for (const span of spans) {
        keep({
          category: def.category,
          rule: def.id,
          severity: def.severity,
          start: span.start,
          end: span.end,
          message: def.message,
          suggestion: def.suggestion,
          guidance: g,
          ...(def.replace !== undefined ? { replacement: def.replace } : {}),
        });
        if (++count >= perRule) break;
      }
      yield;
    }
    if (enabled('patient-identifier') && !isMuted('jigsaw', 'patient-identifier')) {
      const pieces = jigsaw(bundle.jigsaw, a, jigsawGuidance);
      if (pieces.length) hits.set('jigsaw', partsOf(pieces));
      pieces.forEach(keep);
    }

    const model = ready;
    if (!model) {
      for (const list of ruleFindings.values()) findings.push(...list);
    } else {
      // The pieces the evidence is built from, a few per step: on a megabyte draft, building
      // them and the evidence all at once took a third of a second, a task the page would feel.
      a.sentences();
      yield;
      a.clauses();
      yield;
      for (let i = 0; i < modelSignals!.length; i++) {
        a.spans(modelSignals![i]!);
        if (i % 4 === 3) yield;
      }
      yield;
      // The learned score decides whether a category is reported; a rule marked `always`
      // (an identifier that identifies on its own) is reported whatever the score.
      const evidence = yield* collectEvidenceInSteps(a, hits, audience, modelSignals!, model);
      const known = knownEvidence(model.index, evidence);
      const clauses = a.clauses();
      let byClause: { clause: number; indices: number[] }[] | undefined;
      // A clause's evidence with its spans, made once for whichever categories it decides.
      const knownByClause = new Map<number, KnownEvidence[]>();
      let positions: Map<number, number> | undefined;
      // A category per step, and the clauses' evidence a step of its own: on a megabyte
      // the scoring was one step of a quarter of a second.
      yield;
      // The emoji rule (passesEmojiRule), looked at only when a category reaches a mark: most
      // keystrokes reach none.
      const emoji: EmojiRuleState = { text, evidence, byScope: new Map() };
      const holdsNeeds = (category: Category) => meetsNeeds(bundle.learnedFindings?.[category], a);
      // The categories whose whole draft reaches only their also-threshold: reported if another
      // category is reported on its own marks (CategoryModel.alsoThreshold).
      const alsoIf: { category: Category; m: ReadyCategory; score: number; fromRules: Finding[] }[] = [];
      let reportedOnMarks = 0;
      // Pushes the category's findings and says how many of them are shown (muted rules and
      // phrases left out): a category all of whose findings are muted is not reported, and
      // opens no other category's lower mark. `beside`: reported from its also-threshold,
      // where its rules' findings that report whatever the score are in already, and the words
      // that carried a score under its own threshold are low (its rules' findings keep their
      // own severity, as on its own marks).
      const report = (category: Category, m: ReadyCategory, score: number, supportKnown: readonly KnownEvidence[], fromRules: readonly Finding[], scope?: Span, beside = false): number => {
        const severe = !beside && score >= m.high;
        const lift = (f: Finding): Finding => (severe && f.severity !== 'high' ? { ...f, severity: 'high' } : f);
        const inScope = scope ? fromRules.filter((f) => alwaysRules.has(f.rule) || (f.start >= scope.start && f.end <= scope.end)) : fromRules;
        const before = findings.length;
        if (inScope.length) {
          for (const f of inScope) if (!beside || !alwaysRules.has(f.rule)) findings.push(lift(f));
        } else {
          const learned = learnedFindings.get(category);
          if (learned && !isMuted(learned.rule, category)) {
            const found = evidenceFindings(category, m, score, supportOf(m, supportKnown), learned, severe);
            for (const f of found) findings.push(beside ? { ...f, severity: 'low' } : f);
          }
        }
        let count = 0;
        for (let k = before; k < findings.length; k++) if (shown(findings[k]!)) count++;
        return count;
      };
      for (const category of CATEGORIES) {
        if (!enabled(category)) continue;
        yield;
        const fromRules = ruleFindings.get(category) ?? [];
        const m = model.categories[category];
        if (!m) {
          findings.push(...fromRules);
          continue;
        }
        // The whole draft, or failing that its clause that scores highest on its own; either
        // only if it holds to the emoji rule (passesEmojiRule).
        const wholeScore = scoreOf(m, known);
        let best: { score: number; known: KnownEvidence[]; scope?: Span; reached?: number } | undefined;
        // Reaching the threshold only through emoji, the whole draft is judged as under it: its
        // clauses are searched and its lower mark is open, as for any draft under it (and as
        // training counts it). An eye-roll added to a draft must not take away the finding a
        // clause of its words made.
        if (wholeScore >= m.threshold && (yield* passesEmojiRule(emoji, m, known, m.threshold))) best = { score: wholeScore, known };
        const underThreshold = !best;
        // A clause decides alone from its own threshold, or from the high mark if a rule of
        // the category fires in it (an exemption elsewhere in the post does not excuse it).
        const clauseThreshold = m.clauseThreshold;
        // Each rule's mark: lower than the high mark for a rule that training measured as right
        // where it fires (CategoryModel.ruleMarks).
        const markOf = (f: Finding) => m.ruleMarks.get(f.rule) ?? m.ruleClauseThreshold;
        let ruleClause = 1;
        for (const f of fromRules) ruleClause = Math.min(ruleClause, markOf(f));
        const lowest = Math.min(clauseThreshold, ruleClause);
        // A clause of such a draft is held to the emoji rule in its turn, so an eye-roll does
        // not carry a clause either ("Monday again? 🙄 at least theres biscuits").
        if (underThreshold && clauses.length > 1 && lowest < 1 && ceilingOf(m, known) >= lowest) {
          if (!byClause) {
            byClause = yield* clauseIndicesInSteps(evidence, clauses, model);
            yield;
          }
          const reaching: { clause: number; indices: number[]; score: number; needed: number }[] = [];
          // The rules' findings by start, each with its mark, made for the first clause that
          // needs them: a clause then reads only its own (a megabyte has thousands of clauses).
          let marks: { start: number; mark: number }[] | undefined;
          for (let k = 0; k < byClause.length; k++) {
            const c = byClause[k]!;
            const score = scoreOfIndices(m, c.indices);
            // Every clause mark of a trained model is at or above its threshold, so this test
            // also skips every clause scoring no more than a draft under the threshold; a draft
            // the emoji rule stopped is judged by its clauses alone, as in training.
            if (score < lowest) continue;
            const scope = clauses[c.clause]!;
            // As in training: a rule fires in a clause when one of its spans starts there. Only
            // looked for when the score needs it, as a megabyte has thousands of clauses.
            // The lowest mark the clause reaches: the emoji rule then holds it to that mark.
            let needed = score >= clauseThreshold ? clauseThreshold : 1.01;
            marks ??= fromRules.map((f) => ({ start: f.start, mark: markOf(f) })).sort((x, y) => x.start - y.start);
            for (let r = lowerBound(marks, scope.start, startOf); r < marks.length && marks[r]!.start < scope.end; r++) {
              const mark = marks[r]!.mark;
              if (mark < needed && mark <= score) needed = mark;
            }
            if (score >= needed) reaching.push({ clause: c.clause, indices: c.indices, score, needed });
          }
          // The highest-scoring clause that holds to the emoji rule decides.
          reaching.sort((x, y) => y.score - x.score || x.clause - y.clause);
          for (let r = 0; r < reaching.length; r++) {
            // A pasted megabyte of lines an emoji lifts holds thousands of such clauses, each
            // read for its own evidence: a few dozen per step.
            if (r % 32 === 31) yield;
            const c = reaching[r]!;
            const scope = clauses[c.clause]!;
            let clauseKnown = knownByClause.get(c.clause);
            if (!clauseKnown) knownByClause.set(c.clause, (clauseKnown = knownInClause(known, scope, c.indices, (positions ??= positionsOf(known)))));
            if (yield* passesEmojiRule(emoji, m, clauseKnown, c.needed, scope)) {
              best = { score: c.score, known: clauseKnown, scope, reached: c.needed };
              break;
            }
          }
        }
        // What the risk cannot exist without (the category's `needs`), looked for only once the
        // score reaches a mark, as most keystrokes reach none: absent, the category is not
        // reported, and only the rules that report whatever the score are.
        if (best && !holdsNeeds(category)) best = undefined;
        if (!best) {
          findings.push(...fromRules.filter((f) => alwaysRules.has(f.rule)));
          // Only a draft under the category's own threshold (or over it only through emoji), as
          // in training: one a missing need stopped is not let through a lower mark. The
          // emoji rule holds it to the lower mark in its turn.
          if (underThreshold && wholeScore >= m.alsoThreshold) alsoIf.push({ category, m, score: wholeScore, fromRules });
          continue;
        }
        if (report(category, m, best.score, best.known, fromRules, best.scope) > 0) reportedOnMarks++;
      }
      // One stage only: a category reported here does not lower another's mark in turn, as in
      // training. Its rules' findings that report whatever the score are in already. The emoji
      // rule holds here too, at the lower mark: an emoji may tip a draft over it, never carry it.
      for (let k = 0; reportedOnMarks > 0 && k < alsoIf.length; k++) {
        yield;
        const { category, m, score, fromRules } = alsoIf[k]!;
        if (!holdsNeeds(category) || !(yield* passesEmojiRule(emoji, m, known, m.alsoThreshold))) continue;
        report(category, m, score, known, fromRules, undefined, true);
      }
    }

    yield;
    const kept = phrases.size ? findings.filter(shown) : findings;
    const adjusted = kept.map((f) => adjustForAudience(f, audience, bundle, audienceGuidance[audience]));
    // Folded after the cut, so a finding and the one it stands for are never parted.
    return foldSameWords(dedupe(adjusted).slice(0, total));
  }
}

function audienceOf(draft: Draft): Audience {
  return AUDIENCES.includes(draft?.audience as Audience) ? (draft.audience as Audience) : 'public';
}

/** A word that can be evidence of its own: letters (and inner apostrophes) only. */
const WORD_FEATURE = /^[a-z][a-z']*$/;

/** Nothing but emoji (with their joiners, variation selectors and skin tones) and spaces. */
const EMOJI_ONLY = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f\s]+$/u;
/** Any emoji at all: a draft without one needs no emoji rule. */
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/** Whether a span of the text is nothing but emoji (and spaces between them). */
function isEmojiSpan(text: string, span: Span): boolean {
  if (span.end <= span.start) return false;
  // Most spans start with a printable ASCII character, which no emoji is: no copy, no pattern
  // (a megabyte of posts has some hundred thousand spans of words).
  const first = text.charCodeAt(span.start);
  if (first > 0x20 && first < 0x7f) return false;
  // The span alone: a pattern run on from its start would read on to the end of a long run of emoji.
  return EMOJI_ONLY.test(text.slice(span.start, span.end));
}

/**
 * How far, in log-odds, a draft's evidence without its emoji on their own (emojiEvidence)
 * may fall short of a category's mark and still be reported: one (odds a third of the
 * mark's). Writers use emoji for words (🙄 after a patient's story, 🍺 before a shift), so an
 * emoji may tip a draft whose words come near the mark; a draft whose words say little
 * ("Night shift again 🙄") is never reported for its emoji. Requiring the words alone to
 * reach the mark (0 here) was the rule before session 21: on posts by four unseen authors
 * the tip found 22 more risky posts and flagged 3 more benign ones, and on the blind set it
 * raised disrespect's recall from 0.32 to 0.45 with no more benign posts flagged
 * (docs/quality.md). The value was chosen on those authors (0.5, 1 and 2 measured), so
 * their figures are optimistic for it; a set written afterwards (`auk-`) is its check.
 */
const EMOJI_TIP = 1;

/**
 * The words the part of a draft that decides (the draft, or its clause) needs before an emoji
 * may tip it. In a few words the emoji is most of what is said, and the tip read "Monday
 * again? 🙄 at least theres biscuits" as mocking someone: on 480 short drafts by two unseen
 * authors, the tip flagged 7 more of 258 benign ones and raised design-card recall only from
 * 0.739 to 0.748; on longer posts every gain was kept (10, 12 and 15 measured on those sets).
 */
const EMOJI_TIP_MIN_WORDS = 12;

/** What the emoji rule reads of a draft or a clause: its evidence resting on emoji (emojiEvidence), and whether it has the words for a tip. */
export interface RestingOnEmoji {
  alone: string[];
  inContext: string[];
  longEnough: boolean;
}

/**
 * The score a draft (or clause) holds to under the emoji rule, given its score, its score
 * without the evidence resting on emoji alone, and without that and the pairs with an emoji:
 * it reaches a mark under the rule exactly when this reaches it (passesEmojiRule decides
 * the same in log-odds), for marks within [1e-9, 1 - 1e-9] where logit is not clamped, and
 * up to floating-point rounding at a tie. Training chooses its thresholds on these, as the
 * engine decides.
 */
export function emojiRuleScore(score: number, withoutAlone: number, withoutAll: number, longEnough: boolean): number {
  const tipped = longEnough ? logistic(logit(withoutAlone) + EMOJI_TIP) : 0;
  return Math.min(score, Math.max(withoutAlone, tipped, withoutAll));
}

/** Whether the text (or its part `scope`) holds at least `n` words (see wordsIn). */
const hasWords = (text: string, n: number, scope?: Span): boolean => wordsIn(text, scope?.start ?? 0, scope?.end ?? text.length, n) >= n;

/** Spans looked at per step while reading which spans are emoji (a millisecond or so). */
const EMOJI_SPANS_PER_STEP = 2000;

/** What the emoji rule reads of one draft, each part found when a category first needs it. */
interface EmojiRuleState {
  readonly text: string;
  readonly evidence: Evidence;
  hasEmoji?: boolean;
  wordSpans?: Map<string, Span[]>;
  /** The draft's (key -1) or one clause's (its start) evidence resting on emoji; the same for every category. */
  readonly byScope: Map<number, { alone: Set<string>; inContext: Set<string> }>;
}

/**
 * The emoji rule: emoji may tip a draft (or the clause that decides) of some length over
 * its mark, never carry it, whoever found the risk (a rule that reads 🙄 beside a
 * patient as mockery is no surer than the score). The evidence that rests on emoji is
 * found once per draft, and only if the draft has emoji and a category needs it.
 *
 * Declared here with its state passed in, not as a closure inside the check: a generator
 * declared in the check was a new function every check, and calling it kept its context,
 * the whole draft's analysis, alive through every minor collection until the next full one
 * (measured on Node 20's V8; most likely through the map V8 makes for its first object).
 * Each check's garbage survived, and scavenges copied megabytes, 9 ms at a time (the check's
 * p95). See test/engine/steps.test.ts.
 */
function* passesEmojiRule(state: EmojiRuleState, m: ReadyCategory, known: readonly KnownEvidence[], mark: number, scope?: Span): Steps<boolean> {
  const { text } = state;
  if (!(state.hasEmoji ??= PICTOGRAPH.test(text))) return true;
  const wordSpans = (state.wordSpans ??= yield* wordSpansInSteps(state.evidence, text));
  const key = scope ? scope.start : -1;
  let onEmoji = state.byScope.get(key);
  if (!onEmoji) state.byScope.set(key, (onEmoji = emojiEvidence(known, wordSpans, scope)));
  const { alone, inContext } = onEmoji;
  const z = logit(mark);
  // An emoji beside words of a phenomenon in its sentence (a pair) stands for words, as
  // in "On call tonight 🍷🍷": those pairs count, the emoji on their own do not.
  const withContext = logOddsWithout(m, known, alone);
  if (withContext >= z || (withContext >= z - EMOJI_TIP && hasWords(text, EMOJI_TIP_MIN_WORDS, scope))) return true;
  // Nor does an emoji take away what the words say: a pair with an emoji may weigh against
  // the category, so without all that rests on emoji the rest may reach the mark alone.
  return logOddsWithout(m, known, new Set([...alone, ...inContext])) >= z;
}

/**
 * For each piece of evidence but pairs and the audience, its spans that are not all emoji,
 * in order of start: read once per draft (and only for a draft with emoji), so that
 * whether a piece rests on emoji alone, in the draft or in one clause, is a lookup.
 */
function* wordSpansInSteps(evidence: Evidence, text: string): Steps<Map<string, Span[]>> {
  const out = new Map<string, Span[]>();
  let work = 0;
  // By key, not by entry: iterating a map's entries allocated a pair per entry.
  for (const name of evidence.keys()) {
    if (name.startsWith('p:') || name.startsWith('a:')) continue;
    const spans = evidence.get(name)!;
    const words: Span[] = [];
    let sorted = true;
    for (let k = 0; k < spans.length; k++) {
      if (++work % EMOJI_SPANS_PER_STEP === 0) yield;
      const span = spans[k]!;
      if (isEmojiSpan(text, span)) continue;
      if (words.length && words[words.length - 1]!.start > span.start) sorted = false;
      words.push(span);
    }
    // Most lists are in order already, and V8's sort() allocates a buffer even then.
    out.set(name, sorted ? words : words.sort((x, y) => x.start - y.start));
  }
  return out;
}

/**
 * The names of the evidence (of `known`, the draft's or one clause's) that rests on emoji
 * there. `alone`: a piece every span of which there is emoji, and a pair of two such
 * signals. `inContext`: a pair of such a signal and another phenomenon in its sentence.
 */
function emojiEvidence(known: readonly KnownEvidence[], wordSpans: ReadonlyMap<string, Span[]>, scope?: Span): { alone: Set<string>; inContext: Set<string> } {
  // Every piece of `known` has a span in the scope (a clause's evidence is its own), and so
  // do both signals of a pair: a piece rests on emoji when none of its spans that are not
  // emoji starts there.
  const onEmoji = (name: string) => {
    const words = wordSpans.get(name);
    return words !== undefined && (scope ? !startsWithin(words, scope) : words.length === 0);
  };
  const alone = new Set<string>();
  const inContext = new Set<string>();
  // The pieces but pairs first: a pair rests on emoji only through a signal that does, and
  // most drafts with emoji have few such signals, so most pairs need no look at all.
  for (const e of known) {
    if (e.name.startsWith('a:') || e.name.startsWith('p:')) continue;
    if (onEmoji(e.name)) alone.add(e.name);
  }
  // Every signal of the draft, weighed or not: a pair's half need not be weighed alone.
  const signalsOnEmoji = new Set<string>();
  for (const name of wordSpans.keys()) if (name.startsWith('s:') && onEmoji(name)) signalsOnEmoji.add(name);
  if (signalsOnEmoji.size === 0) return { alone, inContext };
  for (const e of known) {
    if (!e.name.startsWith('p:')) continue;
    const [a, b] = pairHalves(e.name);
    const onA = signalsOnEmoji.has(a);
    const onB = signalsOnEmoji.has(b);
    if (onA && onB) alone.add(e.name);
    else if (onA || onB) inContext.add(e.name);
  }
  return { alone, inContext };
}

/** The signal evidence names of a pair's two halves ("p:a&b" -> "s:a", "s:b"), made once per name. */
const halvesOfPair = new Map<string, readonly [string, string]>();
function pairHalves(name: string): readonly [string, string] {
  let halves = halvesOfPair.get(name);
  if (!halves) {
    const amp = name.indexOf('&');
    halves = [`s:${name.slice(2, amp)}`, `s:${name.slice(amp + 1)}`];
    halvesOfPair.set(name, halves);
  }
  return halves;
}

/** A category's log-odds for the evidence, less the pieces named in `leaving`. */
function logOddsWithout(m: ReadyCategory, known: readonly KnownEvidence[], leaving: ReadonlySet<string>): number {
  let z = m.bias;
  for (const e of known) if (!leaving.has(e.name)) z += m.milli[e.index]! / 1000;
  return z;
}

/** The log-odds of a score, finite at 0 and 1. */
function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  return Math.log(q / (1 - q));
}

/** At most this many spans underline a finding that rests on the learned score alone. */
const MAX_EVIDENCE_SPANS = 3;

interface LearnedFinding {
  rule: string;
  message: string;
  suggestion: string;
  guidance: GuidanceRef[];
}

/**
 * Findings for a category that the score reports but no rule of its own did: the words of
 * the evidence that weighed most, each underlined, with the category's own message.
 */
function evidenceFindings(category: Category, m: ReadyCategory, score: number, support: { name: string; weight: number; spans: Span[] }[], learned: LearnedFinding, severe: boolean): Finding[] {
  const chosen: Span[] = [];
  // A word's meaning (m:WORD) nudges a score from every word of a draft; underlined, "really"
  // would say little of why, so the other evidence is underlined first, and the words by
  // meaning only when nothing else raised the score (the score reported all the same).
  for (const meaning of [false, true]) {
    for (const s of support) {
      if (s.name.startsWith(MEANING_PREFIX) !== meaning) continue;
      for (const span of s.spans) {
        if (chosen.length >= MAX_EVIDENCE_SPANS) break;
        if (chosen.some((c) => c.start < span.end && span.start < c.end)) continue;
        chosen.push(span);
      }
      if (chosen.length >= MAX_EVIDENCE_SPANS) break;
    }
    if (chosen.length) break;
  }
  if (chosen.length === 0) return [];
  chosen.sort((x, y) => x.start - y.start);
  const severity: Severity = severe ? 'high' : score >= (m.threshold + m.high) / 2 ? 'medium' : 'low';
  return chosen.map((span) => ({ category, rule: learned.rule, severity, start: span.start, end: span.end, message: learned.message, suggestion: learned.suggestion, guidance: learned.guidance }));
}

/**
 * The evidence of one draft (see ./model.ts). `only` names the signals worth looking for
 * (those a model weighs; null, every signal). With a `model`, only the words and pairs it
 * weighs are made (a draft of many sentences would otherwise build every pair of signals in
 * each); without (training), everything is made.
 */
function* collectEvidenceInSteps(a: Analysis, hits: Map<string, Span[]>, audience: Audience, only: readonly string[] | null, model?: ReadyModel): Steps<Evidence> {
  const known = model?.index;
  const pairs = model?.pairs;
  const evidence: Evidence = new Map();
  const wanted = (key: string) => !known || known.has(key);
  const add = (key: string, span: Span) => {
    const list = evidence.get(key);
    if (list) list.push(span);
    else evidence.set(key, [span]);
  };
  evidence.set(`a:${audience}`, []);
  hits.forEach((spans, id) => {
    if (spans.length) evidence.set(`r:${id}`, spans);
  });
  for (const e of a.entities()) add(`e:${e.type}`, { start: e.start, end: e.end });
  const stems = !model || model.weighsWords;
  const meanings = !model || model.weighsMeanings;
  if (stems || meanings) {
    // Words as evidence of their own: by stem (w:STEM), of three or more letters and inner
    // apostrophes; and by what the word means (m:WORD, two letters or more), which training
    // weighs from the word's vector (src/rules/meaning.ts). With a model, only what it weighs,
    // the names remembered per word once made: a name made per word was a fifth of what a
    // check allocated.
    const stemKeys = known ? wordKeysOf(WORD_KEYS, known) : undefined;
    const meaningKeys = known ? wordKeysOf(MEANING_KEYS, known) : undefined;
    const tokens = a.tokens();
    const span = (tok: Token): Span => ({ start: tok.start, end: tok.end });
    // A draft's first MEANING_WORDS_MAX words by meaning, each once, count: a long draft's
    // would otherwise add up beyond anything the training posts held. With a model, only the
    // words it has (every word of the vectors); in training, featurise takes the same first ones.
    let meaningWords = 0;
    const addMeaning = (key: string, tok: Token) => {
      if (!evidence.has(key)) {
        if (known && meaningWords >= MEANING_WORDS_MAX) return;
        meaningWords++;
      }
      add(key, span(tok));
    };
    for (let i = 0; i < tokens.length; i++) {
      if (i % EVIDENCE_TOKENS_PER_STEP === EVIDENCE_TOKENS_PER_STEP - 1) yield;
      const tok = tokens[i]!;
      if (tok.held) {
        // A word with a letter held down counts as each word it may stand for ("goood":
        // "god" and "good"), in training as in a check, so the two read it alike. A form no
        // training post spells weighs nothing; one a few spell ("soo", "lmaoo") weighs little.
        let previous: string | null = null;
        for (let h = 0; h < tok.held.length; h++) {
          const form = tok.held[h]!;
          const key = stems ? wordKeyOf(form) : null;
          if (key !== null && key !== previous && wanted(key)) add(key, span(tok));
          previous = key;
          const meaning = meanings ? meaningKeyOf(form) : null;
          if (meaning !== null && wanted(meaning)) addMeaning(meaning, tok);
        }
        continue;
      }
      const key = stems ? keyOf(tok.normal, wordKeyOf, stemKeys, known) : null;
      if (key !== null) add(key, span(tok));
      const meaning = meanings ? keyOf(tok.normal, meaningKeyOf, meaningKeys, known) : null;
      if (meaning !== null) addMeaning(meaning, tok);
    }
  }
  // Only the signals that are evidence (see Analysis.isEvidence).
  const names = only ?? a.signalNames().filter((n) => a.isEvidence(n)).sort();
  // Which signals start in each sentence, for the pairs.
  const sentences = a.sentences();
  const perSentence = new Map<number, Map<string, Span[]>>();
  let filed = 0;
  for (const name of names) {
    const spans = a.spans(name);
    if (!spans.length) continue;
    evidence.set(`s:${name}`, spans);
    fileByPart(perSentence, sentences, name, spans);
    filed += spans.length;
    if (filed >= EVIDENCE_TOKENS_PER_STEP) {
      filed = 0;
      yield;
    }
  }
  /** `name`: the pair's name when the model gave it (a weighed pair), else made and checked here. */
  const addPair = (x: string, y: string, present: Map<string, Span[]>, name?: string) => {
    const key = name ?? pairName(x, y);
    if (!name && !wanted(key)) return;
    const spans = evidence.get(key);
    // A pair's first sentence by concat, which copies at once: one sentence of a pasted
    // megabyte of emoji held two signals of half a million spans each.
    if (!spans) evidence.set(key, present.get(x)!.concat(present.get(y)!));
    else {
      pushAll(spans, present.get(x)!);
      pushAll(spans, present.get(y)!);
    }
  };
  let sentence = 0;
  for (const present of perSentence.values()) {
    if (++sentence % EVIDENCE_TOKENS_PER_STEP === 0) yield;
    if (present.size < 2) continue;
    const list = [...present.keys()]; // in name order, as `names`
    if (pairs) {
      // Only the pairs the model weighs, tested by number before any name is written.
      const n = pairs.ordinal.size;
      const ords = list.map((x) => pairs.ordinal.get(x));
      for (let i = 0; i < list.length; i++) {
        const oi = ords[i];
        if (oi === undefined) continue;
        for (let j = i + 1; j < list.length; j++) {
          const oj = ords[j];
          if (oj === undefined) continue;
          const pair = pairs.indexOf.get(oi * n + oj);
          if (pair !== undefined) addPair(list[i]!, list[j]!, present, pairs.nameAt(pair, list[i]!, list[j]!));
        }
      }
      continue;
    }
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) addPair(list[i]!, list[j]!, present);
  }
  return evidence;
}

/** Tokens (or spans filed, or sentences paired) per step of collecting the evidence: a few milliseconds' work on a megabyte draft. */
const EVIDENCE_TOKENS_PER_STEP = 4096;

/**
 * A word's stem (Porter2), so that "drinking", "drinks" and "drink" are one piece of evidence:
 * a writer the training posts never saw uses other inflections of the same words.
 * Remembered, because a long draft repeats its words.
 */
/** A word's evidence name (w:STEM), or null for a word too short or not a word of letters. */
function wordKeyOf(word: string): string | null {
  return word.length < 3 || !WORD_FEATURE.test(word) ? null : `w:${stemOf(word)}`;
}

const STEMS = new Map<string, string>();
function stemOf(word: string): string {
  let stem = STEMS.get(word);
  if (stem === undefined) {
    stem = stemWord(word);
    if (STEMS.size > 50_000) STEMS.clear();
    STEMS.set(word, stem);
  }
  return stem;
}

/**
 * The most words by meaning (m:WORD) a draft's evidence holds: its first ones, each once. The
 * training posts held up to some 150 (99 in 100 held under 90), and a sum over thousands of
 * words would say what a pasted document is, not what a post says (src/rules/meaning.ts).
 */
export const MEANING_WORDS_MAX = 100;

/** A word's meaning's evidence name (m:WORD), or null for a word of one letter or not of letters. */
function meaningKeyOf(word: string): string | null {
  return MEANING_WORD.test(word) ? `${MEANING_PREFIX}${word}` : null;
}

/** A word whose meaning can be evidence: two letters or more, inner apostrophes allowed (as scripts/word-vectors.mjs keeps). */
const MEANING_WORD = /^[a-z][a-z']*[a-z]$/;

/**
 * A word's evidence name by `nameOf` if the model (`known`) weighs it, else null; remembered
 * per model in `memo` when there is a model.
 */
function keyOf(word: string, nameOf: (word: string) => string | null, memo: Map<string, string | null> | undefined, known: EvidenceIndex | undefined): string | null {
  if (!memo) return nameOf(word);
  let key = memo.get(word);
  if (key === undefined) {
    key = nameOf(word);
    if (key !== null && !known!.has(key)) key = null;
    if (memo.size > 50_000) memo.clear();
    memo.set(word, key);
  }
  return key;
}

/** Per model, a word's evidence name (w:STEM, m:WORD) if the model weighs it, else null; filled as words are met. */
const WORD_KEYS = new WeakMap<EvidenceIndex, Map<string, string | null>>();
const MEANING_KEYS = new WeakMap<EvidenceIndex, Map<string, string | null>>();
function wordKeysOf(memos: WeakMap<EvidenceIndex, Map<string, string | null>>, known: EvidenceIndex): Map<string, string | null> {
  let keys = memos.get(known);
  if (!keys) memos.set(known, (keys = new Map()));
  return keys;
}



function compileSignal(def: SignalDef, index: number, hasTerms: boolean, literals: (number[] | null)[] | undefined): CompiledSignal {
  return {
    index,
    hasTerms,
    weighed: def.weigh !== false,
    patterns: def.patterns,
    regexes: [],
    literals: def.patterns.map((_, i) => literals?.[i] ?? null),
    match: def.match.map((pattern) => ({ pattern, ...patternAnchors(pattern) })),
    entities: def.entities,
  };
}

/** Everything known about one draft, computed on demand and at most once. */
class Analysis {
  private tokenList?: Token[];
  private entityList?: Entity[];
  private initials?: Entity[];
  private sentenceList?: Span[];
  private clauseList?: Span[];
  private termTokens?: TermToken[];
  private termSpans?: Map<string, Span[]>;
  private windows?: { span: Span; doc?: NlpDoc }[];
  private byNormal?: Map<string, Token[]>;
  private byTag?: Map<string, Token[]>;
  /** Each signal's spans, by CompiledSignal.index, once found. */
  private readonly signalSpans: (Span[] | undefined)[] = [];
  /** Spans of several signals together (any()), by their names joined. */
  private readonly memo = new Map<string, Span[]>();
  /** Which required literals the draft holds (see mayMatch). */
  private literalsHere?: LiteralsInDraft;
  /** Each signal's pattern matches, by signal index, when a long draft's were found window by window (see scansInWindows). */
  private patternSpans?: Span[][];
  private folded?: string;

  constructor(
    readonly text: string,
    private readonly parts: EngineParts,
    private readonly localTerms: TermMatcher | undefined,
  ) {}

  private wordTokens(): TermToken[] {
    return (this.termTokens ??= tokenise(this.text));
  }

  tokens(): Token[] {
    return (this.tokenList ??= wordTokens(this.text, this.sentences(), this.parts.tagsOf, this.wordTokens()));
  }

  entities(): Entity[] {
    return (this.entityList ??= runToEnd(this.entitySteps()));
  }

  private *entitySteps(): Steps<Entity[]> {
    this.termSpans ??= yield* this.parts.terms.matchAllInSteps(this.wordTokens());
    yield;
    const places = this.termSpans.get(PLACES_GROUP) ?? [];
    // Eponyms and the like ("Crohn's", "Bell's palsy"): no person or place inside them.
    const notNames = this.parts.signals.has(NOT_A_NAME) ? this.spans(NOT_A_NAME) : [];
    return yield* recogniseEntitiesInSteps(this.text, this.tokens(), this.parts.lexicon, places, notNames);
  }

  /**
   * Computes, a piece per step, what nearly every check needs: sentences and tokens, the
   * term matches and the entities. Doing it here rather than on first use changes no
   * answer (each piece is computed once either way); it only lets a caller pause between
   * pieces.
   */
  *prepare(): Steps<void> {
    this.sentences();
    // A fresh engine's automaton of literals (see mayMatch), made in a step of its own: cold, 10-20 ms.
    if (this.text.length <= LITERAL_TEST_MAX_CHARS && this.parts.literals.needsAutomatonFor((this.folded ??= foldForLiterals(this.text)))) {
      yield;
      this.parts.literals.prepareFor(this.folded);
      yield;
    }
    this.termTokens ??= yield* tokeniseInSteps(this.text);
    yield;
    this.tokenList ??= yield* wordTokensInSteps(this.text, this.sentences(), this.parts.tagsOf, this.wordTokens());
    yield;
    this.termSpans ??= yield* this.parts.terms.matchAllInSteps(this.wordTokens());
    yield;
    yield* this.scansInWindows(); // before the entities: the eponyms that hold no name are patterns too
    if (!this.entityList) this.entityList = yield* this.entitySteps();
  }

  /**
   * The scans of the whole text that `spans` would make, made over a long draft a window
   * (and a pattern) per step instead (see ./windows.ts): one pattern over a megabyte took
   * up to 150 ms, a task the page would feel. `spans` then takes the matches from here. A
   * draft of one window is left to `spans`, which runs only the patterns whose words it holds.
   */
  private *scansInWindows(): Steps<void> {
    if (this.text.length <= WINDOW_CHARS) return;
    this.initials ??= yield* inWindows(recogniseInitials, this.text);
    if (this.patternSpans) return;
    const withPatterns = [...this.parts.signals.values()].filter((sig) => sig.patterns.length > 0);
    const found: Span[][] = [];
    for (const sig of withPatterns) found[sig.index] = [];
    for (const { from, to, start, end } of textWindows(this.text.length)) {
      const read = this.text.slice(from, to);
      for (const sig of withPatterns) {
        const out = found[sig.index]!;
        for (let i = 0; i < sig.patterns.length; i++) {
          if (out.length >= MAX_PATTERN_MATCHES) break;
          allMatchesIn(sig.regexes[i] ??= compilePattern(sig.patterns[i]!), read, from, start, end, out, MAX_PATTERN_MATCHES);
          yield;
        }
      }
    }
    this.patternSpans = found;
  }

  sentences(): Span[] {
    if (!this.sentenceList) {
      const out: Span[] = [];
      const re = SENTENCE_END;
      re.lastIndex = 0;
      let start = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(this.text)) !== null) {
        const end = m.index + m[0].length;
        if (end > start) out.push({ start, end });
        start = end;
      }
      if (start < this.text.length) out.push({ start, end: this.text.length });
      this.sentenceList = out;
    }
    return this.sentenceList;
  }

  /** Sentences cut further at commas, semicolons, colons and dashes between words: the units an exemption governs. */
  clauses(): Span[] {
    if (!this.clauseList) {
      // One pass for the breaks, then one walk over sentences and breaks together: linear.
      const breaks: number[] = [];
      const re = CLAUSE_BREAK;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(this.text)) !== null) breaks.push(m.index + m[0].length);
      const out: Span[] = [];
      let k = 0;
      for (const s of this.sentences()) {
        let start = s.start;
        while (k < breaks.length && breaks[k]! <= start) k++;
        for (; k < breaks.length && breaks[k]! < s.end; k++) {
          // A piece of one or two words ("Frequent flyer, off to Lisbon") is a list item or a
          // label, not a clause: it is read with what follows it, or it would be judged alone.
          if (wordsIn(this.text, start, breaks[k]!, MIN_CLAUSE_WORDS) < MIN_CLAUSE_WORDS) continue;
          out.push({ start, end: breaks[k]! });
          start = breaks[k]!;
        }
        if (s.end > start) {
          const last = out[out.length - 1];
          // The sentence's last piece, if too short, goes with the one before it in the sentence.
          if (last && last.end === start && last.start >= s.start && wordsIn(this.text, start, s.end, MIN_CLAUSE_WORDS) < MIN_CLAUSE_WORDS) last.end = s.end;
          else out.push({ start, end: s.end });
        }
      }
      this.clauseList = out;
    }
    return this.clauseList;
  }

  clauseOf(pos: number): Span {
    const list = this.clauses();
    const i = indexHolding(list, pos);
    return i < 0 ? { start: 0, end: this.text.length } : list[i]!;
  }

  sentenceOf(pos: number): Span {
    const list = this.sentences();
    const i = indexHolding(list, pos);
    return i < 0 ? { start: 0, end: this.text.length } : list[i]!;
  }

  /** Sentence-sized windows for compromise: whole sentences up to NLP_WINDOW, longer ones cut at spaces. */
  private nlpWindows(): { span: Span; doc?: NlpDoc }[] {
    if (!this.windows) {
      const out: { span: Span; doc?: NlpDoc }[] = [];
      let cur: Span | undefined;
      for (const s of this.sentences()) {
        if (cur && s.end - cur.start <= NLP_WINDOW) {
          cur.end = s.end;
          continue;
        }
        if (cur) out.push({ span: cur });
        cur = { ...s };
        while (cur.end - cur.start > NLP_WINDOW) {
          const cut = this.text.lastIndexOf(' ', cur.start + NLP_WINDOW);
          const at: number = cut > cur.start ? cut + 1 : cur.start + NLP_WINDOW;
          out.push({ span: { start: cur.start, end: at } });
          cur = { start: at, end: cur.end };
        }
      }
      if (cur) out.push({ span: cur });
      this.windows = out;
    }
    return this.windows;
  }

  /** Tokens by their normal form and by lexicon tag, in text order: patterns look anchors up here. */
  private indexTokens(): void {
    this.byNormal = new Map();
    this.byTag = new Map();
    const add = (map: Map<string, Token[]>, key: string, tok: Token) => {
      const list = map.get(key);
      if (list) list.push(tok);
      else map.set(key, [tok]);
    };
    const tokens = this.tokens();
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      add(this.byNormal, tok.normal, tok);
      // Most words have no tag, and a set's iterator is an object: a megabyte has 200,000 words.
      if (tok.tags.size > 0) for (const t of tok.tags) add(this.byTag, t, tok);
    }
  }

  private matchPattern(pattern: string, tags: string[], words: string[], anyOf: string[][]): Span[] {
    // Only parse windows that contain every tag and word the pattern requires.
    if (!this.byNormal || !this.byTag) this.indexTokens();
    const anchors = [
      ...words.map((w) => this.byNormal!.get(w) ?? []),
      ...anyOf.map((group) => {
        const list: Span[] = [];
        for (const w of group) pushAll(list, this.byNormal!.get(w) ?? []);
        return list.sort((a, b) => a.start - b.start);
      }),
      ...tags.map((t) => {
        const list: Span[] = [];
        for (const s of this.parts.signalsWithTag.get(t) ?? []) pushAll(list, this.spans(s));
        pushAll(list, this.byTag!.get(t) ?? []);
        return list.sort((a, b) => a.start - b.start);
      }),
    ];
    if (anchors.some((list) => list.length === 0)) return [];
    const out: Span[] = [];
    for (const w of this.nlpWindows()) {
      if (!anchors.every((list) => startsWithin(list, w.span))) continue;
      const windowText = this.text.slice(w.span.start, w.span.end);
      let found = this.parts.windowMatches.get(windowText, pattern);
      if (!found) {
        w.doc ??= this.parts.nlp()(windowText);
        found = matchSpans(w.doc, pattern, 0);
        this.parts.windowMatches.set(windowText, pattern, found);
      }
      for (const span of found) out.push({ start: w.span.start + span.start, end: w.span.start + span.end });
    }
    return out;
  }

  /**
   * Could a pattern with these required literals match this draft? A pattern none of
   * whose literals occurs cannot, so it is not run: V8 compiles each regular expression
   * on first use, and a short draft holds the words of only a few patterns. Long drafts
   * skip the test: nearly every pattern passes it there, and searching costs more.
   */
  private mayMatch(literals: number[] | null): boolean {
    if (literals === null || this.text.length > LITERAL_TEST_MAX_CHARS) return true;
    return (this.literalsHere ??= this.parts.literals.in((this.folded ??= foldForLiterals(this.text)))).any(literals);
  }

  /**
   * Whether a signal is evidence for the learned model: weighed (see the signal schema's
   * `weigh`), and not needing compromise's parser, which a draft would otherwise be parsed for at
   * every check, where the rules that use such signals need it for a few drafts in a hundred.
   */
  isEvidence(name: string): boolean {
    const signal = this.parts.signals.get(name);
    return signal !== undefined && signal.weighed && signal.match.length === 0;
  }

  /** Every signal's name, in the bundle's order. */
  signalNames(): string[] {
    return [...this.parts.signals.keys()];
  }

  spans(name: string): Span[] {
    const sig = this.parts.signals.get(name);
    if (!sig) throw new Error(`unknown signal ${name}`);
    const cached = this.signalSpans[sig.index];
    if (cached) return cached;
    this.signalSpans[sig.index] = []; // guards against a tag pre-check that refers back to this signal
    const out: Span[] = [];
    if (sig.hasTerms) pushAll(out, (this.termSpans ??= this.parts.terms.matchAll(this.wordTokens())).get(name) ?? []);
    if (this.patternSpans) pushAll(out, this.patternSpans[sig.index] ?? []);
    else for (let i = 0; i < sig.patterns.length; i++) if (this.mayMatch(sig.literals[i]!)) allMatches((sig.regexes[i] ??= compilePattern(sig.patterns[i]!)), this.text, out);
    for (const m of sig.match) pushAll(out, this.matchPattern(m.pattern, m.tags, m.words, m.anyOf));
    for (const type of sig.entities) {
      if (type === 'LOCAL_TERM') pushAll(out, this.localTerms?.matchAll(this.wordTokens()).get('local') ?? []);
      else if (type === 'INITIALS') pushAll(out, (this.initials ??= recogniseInitials(this.text)));
      else for (const e of this.entities()) if (e.type === type) out.push({ start: e.start, end: e.end });
    }
    if (out.length > 1 && !inOrder(out)) out.sort(byStartThenLongest);
    this.signalSpans[sig.index] = out;
    return out;
  }

  any(names: string | readonly string[]): Span[] {
    if (typeof names === 'string') return this.spans(names);
    if (names.length === 1) return this.spans(names[0]!);
    const key = joinedNames(names);
    let merged = this.memo.get(key);
    if (!merged) {
      merged = [];
      for (const n of names) pushAll(merged, this.spans(n));
      if (merged.length > 1) merged.sort(byStartThenLongest);
      this.memo.set(key, merged);
    }
    return merged;
  }
}

/** Whether spans are sorted as byStartThenLongest sorts them: most lists are, and V8's sort() allocates a buffer even for a list in order. */
function inOrder(spans: readonly Span[]): boolean {
  for (let i = 1; i < spans.length; i++) if (byStartThenLongest(spans[i - 1]!, spans[i]!) > 0) return false;
  return true;
}

/** Does any span of the sorted list start inside `scope`? */
function startsWithin(sorted: readonly Span[], scope: Span): boolean {
  const i = lowerBound(sorted, scope.start, startOf);
  return i < sorted.length && sorted[i]!.start < scope.end;
}

/** Is any span of the sorted list inside `scope`? Binary search: rules test many triggers. */
function anyWithin(sorted: readonly Span[], scope: Span): boolean {
  // Spans are sorted by start; the first one starting in scope may end outside it, so scan on.
  for (let i = lowerBound(sorted, scope.start, startOf); i < sorted.length && sorted[i]!.start < scope.end; i++) if (sorted[i]!.end <= scope.end) return true;
  return false;
}

/**
 * Whether the draft holds what its category's risk cannot exist without (`needs`): a match
 * of one of them that overlaps no match of `needs-except`, the signals that read those words
 * as something else ("Drunk students in A&E" names drunkenness, but someone else's). The
 * engine's check and training (through Engine.needsMet) both ask here, so they cannot drift.
 */
function meetsNeeds(learned: Pick<LearnedFindingDef, 'needs' | 'needs-except'> | undefined, a: Analysis): boolean {
  const needs = learned?.needs;
  if (!needs?.length) return true;
  const except = learned?.['needs-except'] ?? [];
  // Need by need, stopping at the first one met: the exceptions are looked for only once a need is held.
  let excluded: Span[] | undefined;
  return needs.some((n) => {
    const spans = a.spans(n);
    if (!spans.length) return false;
    return !except.length || withoutOverlaps(spans, (excluded ??= a.any(except))).length > 0;
  });
}

/** Spans that overlap none of `excluded` (sorted by start): binary search over a prefix maximum of ends. */
function withoutOverlaps(spans: Span[], excluded: readonly Span[]): Span[] {
  if (excluded.length === 0) return spans;
  const maxEnd: number[] = [];
  let m = -1;
  for (const x of excluded) maxEnd.push((m = Math.max(m, x.end)));
  return spans.filter((s) => {
    // k = how many excluded spans start before s ends; one of them overlaps s iff the furthest of their ends is past s.start.
    const k = lowerBound(excluded, s.end, startOf);
    return k === 0 || maxEnd[k - 1]! <= s.start;
  });
}

function scopeOf(rule: RuleDef, a: Analysis, t: Span): Span {
  if (rule.scope === 'post') return { start: 0, end: a.text.length };
  if (rule.scope === 'sentence') {
    const s = a.sentenceOf(t.start);
    return { start: s.start, end: Math.max(s.end, t.end) };
  }
  if (typeof rule.scope === 'number') return { start: Math.max(0, t.start - rule.scope), end: Math.min(a.text.length, t.end + rule.scope) };
  // Just before the trigger, in its own clause: the words a verdict is said of ("the reg on
  // nights is useless"), not someone in the clause before ("the attending, screamed at me").
  return { start: Math.max(a.clauseOf(t.start).start, t.start - rule.scope.before), end: t.start };
}

function evaluateRule(rule: RuleDef, a: Analysis): Span[] {
  // A rule cannot fire if a condition has no match anywhere: test that first, cheapest
  // (term-only) signals before those needing regular expressions or the recognisers.
  if (rule.with.some((cond) => a.any(cond).length === 0)) return [];
  // An exemption governs only its own clause: "Hungover on shift, leaving drinks were worth
  // it" is not excused by the leaving drinks, nor a patient's name by a colleague thanked
  // in the sentence before.
  const exemptions = rule.unless.map((u) => a.spans(u)).filter((list) => list.length > 0);
  const excluded = a.any(rule.except);
  const triggers = withoutOverlaps(a.any(rule.trigger), excluded); // already sorted by start
  const out: Span[] = [];
  let lastEnd = -1;
  for (const t of triggers) {
    if (t.start < lastEnd) continue; // overlapping trigger matches: keep the first, longest
    const scope = scopeOf(rule, a, t);
    const ok = rule.with.every((cond) => anyWithin(a.any(cond), scope));
    if (!ok) continue;
    if (rule['unless-near'].some((u) => anyWithin(a.spans(u), scope))) continue;
    if (exemptions.length) {
      const clause = a.clauseOf(t.start);
      if (exemptions.some((list) => startsWithin(list, clause))) continue;
    }
    out.push(t);
    lastEnd = t.end;
  }
  return out;
}

function jigsaw(def: RuleBundle['jigsaw'], a: Analysis, guidance: GuidanceRef[]): Finding[] {
  if (!def.requires.every((c) => a.any(c).length > 0)) return [];
  if (def.unless.some((s) => a.spans(s).length > 0)) return [];
  // The sentences about the patient: those holding what the jigsaw requires (a patient, an
  // encounter). Each kind of detail is taken from one of them where it can be, and the
  // finding shows only those, so "cancer" in "Vitamin C cures cancer" is not made a detail
  // of the lady seen in clinic. The score still counts each kind found anywhere: counting
  // only these sentences cost blind-set precision (docs/quality.md, session 12).
  const about = new Set(def.requires.flatMap((any) => a.any(any)).map((span) => a.sentenceOf(span.start).start));
  const inAbout = (span: Span) => about.has(a.sentenceOf(span.start).start);
  const found: { label: string; weight: number; span: Span }[] = [];
  const claimed: Span[] = [];
  for (const detail of def.details) {
    const spans = detail.signals.flatMap((s) => a.spans(s)).filter((s) => !claimed.some((c) => c.start < s.end && s.start < c.end));
    spans.sort((x, y) => x.start - y.start);
    const first = spans.find(inAbout) ?? spans[0];
    if (!first) continue;
    claimed.push(first);
    found.push({ label: detail.label, weight: detail.weight, span: first });
  }
  const score = found.reduce((sum, d) => sum + d.weight, 0);
  if (score < def.threshold || found.length < def['min-details']) return [];
  found.sort((x, y) => x.span.start - y.span.start);
  // Shown: the details in those sentences, when there are enough of them to say "together";
  // otherwise every detail found, so the finding never rests on details it does not show.
  const shown = found.filter((d) => inAbout(d.span));
  if (shown.length >= def['min-details']) found.splice(0, found.length, ...shown);
  const list = found.map((d) => `${d.label} (“${a.text.slice(d.span.start, d.span.end)}”)`);
  const together = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list[0];
  // Not "no name, but": the draft may name the patient too, and the details identify them all the same.
  const message = `Together these details could let someone who knows this patient recognise them, with or without a name: ${together}.`;
  // One finding for the patient, each detail a labelled part: the details are one risk.
  return [
    {
      category: 'patient-identifier' as const,
      rule: 'jigsaw',
      severity: def.severity,
      start: found[0]!.span.start,
      end: found[0]!.span.end,
      message,
      suggestion: def.suggestion,
      guidance,
      spans: found.map((d) => ({ start: d.span.start, end: d.span.end, label: d.label })),
    },
  ];
}

/** Every part of these findings (each finding's spans, or its own words), as evidence spans. */
function partsOf(findings: readonly Finding[]): Span[] {
  return findings.flatMap((f) => (f.spans ?? [f]).map((s) => ({ start: s.start, end: s.end })));
}

function adjustForAudience(f: Finding, audience: Audience, bundle: RuleBundle, extra: GuidanceRef[]): Finding {
  const def = bundle.audiences[audience];
  if (!def) return f;
  const shift = def['severity-shift'][f.category] ?? 0;
  const index = Math.min(SEVERITIES.length - 1, Math.max(0, SEVERITIES.indexOf(f.severity) + shift));
  const guidance = [...f.guidance, ...extra.filter((g) => !f.guidance.some((h) => h.id === g.id))];
  return { ...f, severity: SEVERITIES[index]!, message: def.note ? `${f.message} ${def.note}` : f.message, guidance };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  const keyOf = (category: Category, span: Span) => `${category}|${span.start}|${span.end}`;
  // One finding per category per span. A finding of several parts (the jigsaw) comes after
  // the specific rules and takes as its main words the first part no other finding has;
  // when every part has one, the specific findings say it all, and it goes.
  const order = (a: Finding, b: Finding) => a.start - b.start || a.end - b.end || CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || a.rule.localeCompare(b.rule);
  const single = findings.filter((f) => !f.spans).sort(order);
  const multiple = findings.filter((f) => f.spans).sort(order);
  for (const f of single) {
    const key = keyOf(f.category, f);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  for (const f of multiple) {
    const main = f.spans!.find((part) => !seen.has(keyOf(f.category, part)));
    if (!main) continue;
    seen.add(keyOf(f.category, main));
    out.push({ ...f, start: main.start, end: main.end });
  }
  return out.sort(order);
}
