/**
 * Reads the rule data in `rules/`, validates it with zod and cross-checks every
 * reference, then returns the bundle the engine loads. Runs at build time (and
 * in the tests); a broken file fails with messages naming file, rule and field.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkSync } from 'recheck';
import { version as recheckVersion } from 'recheck/package.json';
import type { z } from 'zod';
import {
  audienceFileSchema,
  guidanceFileSchema,
  jigsawFileSchema,
  ruleFileSchema,
  signalFileSchema,
  type RuleBundle,
  type RuleDef,
  type SignalDef,
  type SignalSource,
} from './schema';
import { CATEGORIES, NOT_A_NAME } from '../engine/types';
import { checkLabelsInOrder, compilePattern, engineTermGroups, parseTerm, TermMatcher } from '../engine/terms';
import { packWords } from '../engine/sorted-words';
import { signalForms } from './inflect';
import { withFastWordStarts } from './word-starts';
import { requiredLiterals } from './literals';
import { RegExpParser } from '@eslint-community/regexpp';

/**
 * recheck's verdict per pattern. Under one recheck and its options (REDOS_JUDGE) a verdict
 * never changes, and checking one costs from a third of a second to several seconds (its
 * fuzzer, for lookarounds), so verdicts are kept in memory and, when the caller names a cache
 * file, on disk between builds.
 */
type Verdict = { status: string; complexity?: { type: string }; attack?: { pattern: string } };
const verdicts = new Map<string, Verdict>();
/**
 * How recheck judges a pattern: the same verdict on every machine, however busy. A fixed seed,
 * because its fuzzer (used for patterns with lookarounds) with a random one judged the same
 * pattern safe in one fresh clone and polynomial in the next (the build failed once in CI on an
 * unchanged rule). And no time limit on each run of a pattern, only recheck's limits on the
 * characters read: with its default limits of 250 ms and 1 s, a build beside another on two cores
 * judged label-other-sense's second pattern polynomial, or timed out, where an idle one judged it
 * safe (docs/quality.md, session 52). Only the whole check has a time limit, a generous one, so
 * that a pattern recheck cannot settle stops the build rather than hanging it; that verdict is
 * the one that still depends on the machine, so it is never cached.
 */
const REDOS_OPTIONS = { randomSeed: 0, timeout: 120_000, attackTimeout: null, incubationTimeout: null, seedingTimeout: null } as const;
/**
 * Who reached the verdicts: recheck's version and the options above, and a binary or jar of
 * recheck's named in the environment (which may be another version). A cache file written under
 * another judge (an older recheck, other limits) is ignored, since its verdicts need not be the
 * ones this build would reach; the build judges every pattern afresh and overwrites the file.
 */
export const REDOS_JUDGE = [`recheck ${recheckVersion} ${JSON.stringify(REDOS_OPTIONS)}`, ...['RECHECK_BIN', 'RECHECK_JAR'].filter((v) => process.env[v]).map((v) => `${v}=${process.env[v]}`)].join(' ');
/** The cache file: the judge, and a verdict per pattern (as the engine compiles it). */
interface VerdictCache {
  judge: string;
  verdicts: Record<string, Verdict>;
}
let cacheLoaded: string | undefined;

function loadCache(file: string | undefined): void {
  if (!file || cacheLoaded === file) return;
  cacheLoaded = file;
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<VerdictCache> | null;
    if (data?.judge !== REDOS_JUDGE || typeof data.verdicts !== 'object' || data.verdicts === null) return;
    // Only verdicts of the shape this file writes: anything else is asked again, not repeated.
    for (const [k, v] of Object.entries(data.verdicts)) if (!verdicts.has(k) && (v?.status === 'safe' || v?.status === 'vulnerable')) verdicts.set(k, v);
  } catch {
    // no cache yet, or unreadable: verdicts are recomputed
  }
}

function saveCache(file: string | undefined): void {
  if (!file) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const data: VerdictCache = { judge: REDOS_JUDGE, verdicts: Object.fromEntries(verdicts) };
    // Written whole and then renamed into place: two builds at once never leave half a file.
    const part = `${file}.${process.pid}.part`;
    fs.writeFileSync(part, JSON.stringify(data));
    fs.renameSync(part, file);
  } catch {
    // a cache that cannot be written only costs time
  }
}

function redosVerdict(pattern: string): Verdict {
  // The pattern as the engine compiles it: its coarse classes overlap where the exact ones do
  // not, so only it can show how it backtracks. ('g' does not change matching.)
  const compiled = compilePattern(pattern);
  const flags = compiled.flags.replace('g', '');
  const key = `/${compiled.source}/${flags}`;
  let v = verdicts.get(key);
  if (!v) {
    const r = checkSync(compiled.source, flags, REDOS_OPTIONS);
    v = { status: r.status, ...(r.status === 'vulnerable' ? { complexity: { type: r.complexity.type }, attack: { pattern: r.attack.pattern } } : {}) };
    // 'unknown' is a timeout or an error: not kept, so that a timeout on a busy machine is not
    // remembered (an error is only asked again, and refused again).
    if (v.status !== 'unknown') verdicts.set(key, v);
  }
  return v;
}

export class RuleValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Rule data is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RuleValidationError';
  }
}

export interface LexiconData {
  firstNames: string[];
  lastNames: string[];
  places: string[];
  demonyms: string[];
  commonWords: string[];
}

function describePath(data: unknown, issuePath: readonly PropertyKey[]): { rule?: string; field: string } {
  // Name the rule by its id rather than its index, so authors can find it.
  let rule: string | undefined;
  let node: unknown = data;
  const parts: string[] = [];
  for (let i = 0; i < issuePath.length; i++) {
    const key = issuePath[i]!;
    if (node && typeof node === 'object') node = (node as Record<PropertyKey, unknown>)[key];
    if (issuePath[i - 1] === 'rules' && typeof key === 'number') {
      const id = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      rule = typeof id === 'string' ? id : `#${key + 1}`;
      parts.length = 0;
      continue;
    }
    parts.push(typeof key === 'number' ? `[${key}]` : `${parts.length ? '.' : ''}${String(key)}`);
  }
  return { rule, field: parts.join('') || '(the whole file)' };
}

function validate<S extends z.ZodType>(schema: S, data: unknown, file: string, problems: string[]): z.infer<S> | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const { rule, field } = describePath(data, issue.path);
    problems.push(`${file}: ${rule ? `rule "${rule}": ` : ''}field "${field}": ${issue.message}`);
  }
  return undefined;
}

function readYaml(file: string, rel: string, problems: string[]): unknown {
  try {
    return parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    problems.push(`${rel}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

/** The rest of a sentence, for `unless-later-in-sentence`: up to the next full stop, question or exclamation mark, or line break. */
const REST_OF_SENTENCE = '[^.!?\\n]*';

/**
 * Whether a pattern (as compilePattern reads it: no leading "=") has more than one alternative
 * at its top level; undefined if the parser cannot read it (syntax newer than it knows).
 */
function hasTopLevelAlternatives(source: string): boolean | undefined {
  try {
    return new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, { unicode: true }).alternatives.length > 1;
  } catch {
    return undefined;
  }
}

/**
 * A pattern that another is appended to: its top-level alternatives grouped, so the addition
 * follows each; a leading "=" (case-sensitive) kept in front. Undefined if it cannot be read.
 */
function groupedForAppending(pattern: string): string | undefined {
  const sensitive = pattern.startsWith('=');
  const body = sensitive ? pattern.slice(1) : pattern;
  const several = hasTopLevelAlternatives(body);
  if (several === undefined) return undefined;
  return several ? `${sensitive ? '=' : ''}(?:${body})` : pattern;
}

/** Whether compilePattern takes a pattern (its own error is reported where the signal's patterns are checked). */
function isCompilable(pattern: string): boolean {
  try {
    compilePattern(pattern);
    return true;
  } catch {
    return false;
  }
}

/**
 * A signal with its `unless-later-in-sentence` pattern appended to each of its patterns, as a
 * negative lookahead over the rest of the sentence; each pattern's alternatives, and the
 * cancelling pattern's, are grouped first where there are several at the top level, so the
 * lookahead follows every alternative and looks for every one of its own. The cancelling
 * pattern takes each pattern's case (a leading "=" on it is refused: it would be read as a
 * character). Reports one that does not compile, or one on a signal with terms or compromise
 * matches, which it would not cover.
 */
export function expandLaterInSentence(source: SignalSource, report: (problem: string) => void): SignalDef {
  const { 'unless-later-in-sentence': later, ...def } = source;
  if (later === undefined) return def;
  if (!def.patterns.length || def.terms.length || def.match.length || def.entities.length) {
    report('field "unless-later-in-sentence": it cancels only patterns, so the signal must have patterns and no terms, match or entities');
  }
  if (later.startsWith('=')) {
    report('field "unless-later-in-sentence": it takes the case of each pattern it follows, so it cannot start with "="');
    return def;
  }
  try {
    compilePattern(later);
  } catch (e) {
    report(`field "unless-later-in-sentence": ${(e as Error).message}`);
    return def;
  }
  const severalToCancel = hasTopLevelAlternatives(later);
  if (severalToCancel === undefined) {
    report('field "unless-later-in-sentence": its alternatives cannot be read to group them; write it without the newest syntax');
    return def;
  }
  const cancel = severalToCancel ? `(?:${later})` : later;
  const patterns = def.patterns.map((p, i) => {
    // A pattern that does not compile is reported as such where the signal's patterns are checked.
    const grouped = groupedForAppending(p);
    if (grouped === undefined && isCompilable(p)) report(`field "patterns[${i}]": its alternatives cannot be read to append unless-later-in-sentence to each; write it without the newest syntax`);
    return `${grouped ?? p}(?!${REST_OF_SENTENCE}${cancel})`;
  });
  return { ...def, patterns };
}

export interface CompileOptions {
  /** A file in which to keep recheck's verdicts between runs. */
  redosCache?: string;
}

export function compileRules(rulesDir: string, lexicon: LexiconData, options: CompileOptions = {}): RuleBundle {
  const problems: string[] = [];
  loadCache(options.redosCache);
  const rel = (f: string) => path.relative(path.dirname(rulesDir), f);
  const yamlFiles = (dir: string) =>
    fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f)) : [];

  const guidanceFile = path.join(rulesDir, 'guidance.yaml');
  const guidance = validate(guidanceFileSchema, readYaml(guidanceFile, rel(guidanceFile), problems), rel(guidanceFile), problems)?.guidance ?? {};

  const signals: Record<string, SignalDef> = {};
  for (const file of yamlFiles(path.join(rulesDir, 'signals'))) {
    const parsed = validate(signalFileSchema, readYaml(file, rel(file), problems), rel(file), problems);
    for (const [name, source] of Object.entries(parsed?.signals ?? {})) {
      if (signals[name]) problems.push(`${rel(file)}: signal "${name}" is defined twice`);
      const def = expandLaterInSentence(source, (problem) => problems.push(`${rel(file)}: signal "${name}": ${problem}`));
      signals[name] = def;
      // A pattern's problem may lie in what the build appended to it: say so.
      const appended = source['unless-later-in-sentence'] === undefined ? '' : ' (with unless-later-in-sentence appended)';
      if (name === NOT_A_NAME && def.entities.length) problems.push(`${rel(file)}: signal "${name}": field "entities": the engine reads this signal while it finds entities, so it cannot use them`);
      def.terms.forEach((t, i) => {
        try {
          parseTerm(t);
        } catch (e) {
          problems.push(`${rel(file)}: signal "${name}": field "terms[${i}]": ${(e as Error).message}`);
        }
      });
      def.patterns.forEach((p, i) => {
        try {
          compilePattern(p);
        } catch (e) {
          problems.push(`${rel(file)}: signal "${name}": field "patterns[${i}]"${appended}: ${(e as Error).message}`);
          return;
        }
        // Drafts can be a megabyte of hostile text: refuse any pattern that can backtrack
        // super-linearly (exponential or polynomial), as judged by recheck's analysis.
        const verdict = redosVerdict(p);
        if (verdict.status !== 'safe') {
          const how = verdict.status === 'vulnerable' ? `can backtrack catastrophically (${verdict.complexity?.type}${verdict.attack ? `, e.g. on "${verdict.attack.pattern}"` : ''})` : `could not be proven safe (${verdict.status})`;
          problems.push(`${rel(file)}: signal "${name}": field "patterns[${i}]"${appended}: ${how}; simplify it`);
        }
      });
    }
  }

  const rules: RuleDef[] = [];
  const learnedFindings: RuleBundle['learnedFindings'] = {};
  const seenCategories = new Set<string>();
  const ruleIds = new Set<string>(['jigsaw']);
  for (const file of yamlFiles(path.join(rulesDir, 'categories'))) {
    const data = readYaml(file, rel(file), problems);
    const parsed = validate(ruleFileSchema, data, rel(file), problems);
    if (!parsed) continue;
    seenCategories.add(parsed.category);
    learnedFindings[parsed.category] = parsed.learned;
    parsed.learned.guidance.forEach((g, i) => {
      if (!guidance[g]) problems.push(`${rel(file)}: field "learned.guidance[${i}]": unknown guidance id "${g}"`);
    });
    parsed.learned.needs.forEach((n, i) => {
      if (!signals[n]) problems.push(`${rel(file)}: field "learned.needs[${i}]": unknown signal "${n}"`);
      else if (parsed.learned.needs.indexOf(n) !== i) problems.push(`${rel(file)}: field "learned.needs[${i}]": "${n}" is listed twice`);
    });
    const needsExcept = parsed.learned['needs-except'];
    if (needsExcept.length && !parsed.learned.needs.length) problems.push(`${rel(file)}: field "learned.needs-except": it excepts from needs, and the category has none`);
    needsExcept.forEach((n, i) => {
      if (!signals[n]) problems.push(`${rel(file)}: field "learned.needs-except[${i}]": unknown signal "${n}"`);
      else if (needsExcept.indexOf(n) !== i) problems.push(`${rel(file)}: field "learned.needs-except[${i}]": "${n}" is listed twice`);
      else if (parsed.learned.needs.includes(n)) problems.push(`${rel(file)}: field "learned.needs-except[${i}]": "${n}" is also a need`);
    });
    for (const r of parsed.rules) {
      const where = `${rel(file)}: rule "${r.id}"`;
      if (ruleIds.has(r.id)) problems.push(`${where}: field "id": the id is already used by another rule`);
      ruleIds.add(r.id);
      r.guidance.forEach((g, i) => {
        if (!guidance[g]) problems.push(`${where}: field "guidance[${i}]": unknown guidance id "${g}"`);
      });
      const refs: [string, string][] = [
        ...r.trigger.map((s, i): [string, string] => [s, `trigger[${i}]`]),
        ...r.with.flatMap((c, i) => (Array.isArray(c) ? c : [c]).map((s): [string, string] => [s, `with[${i}]`])),
        ...r.except.map((s, i): [string, string] => [s, `except[${i}]`]),
        ...r.unless.map((s, i): [string, string] => [s, `unless[${i}]`]),
        ...r['unless-near'].map((s, i): [string, string] => [s, `unless-near[${i}]`]),
      ];
      for (const [s, field] of refs) if (!signals[s]) problems.push(`${where}: field "${field}": unknown signal "${s}"`);
      rules.push({ ...r, category: parsed.category });
    }
  }
  for (const c of CATEGORIES) if (!seenCategories.has(c)) problems.push(`rules/categories: no rule file for category "${c}"`);

  const jigsawFile = path.join(rulesDir, 'jigsaw.yaml');
  const jigsaw = validate(jigsawFileSchema, readYaml(jigsawFile, rel(jigsawFile), problems), rel(jigsawFile), problems)?.jigsaw;
  if (jigsaw) {
    const refs = [...jigsaw.requires.flat(), ...jigsaw.unless, ...jigsaw.details.flatMap((d) => d.signals)];
    for (const s of refs) if (!signals[s]) problems.push(`${rel(jigsawFile)}: unknown signal "${s}"`);
    for (const g of jigsaw.guidance) if (!guidance[g]) problems.push(`${rel(jigsawFile)}: unknown guidance id "${g}"`);
  }

  const audienceFile = path.join(rulesDir, 'audiences.yaml');
  const audiences = validate(audienceFileSchema, readYaml(audienceFile, rel(audienceFile), problems), rel(audienceFile), problems)?.audiences;
  for (const a of Object.values(audiences ?? {})) for (const g of a.guidance) if (!guidance[g]) problems.push(`${rel(audienceFile)}: unknown guidance id "${g}"`);

  saveCache(options.redosCache);
  if (problems.length || !jigsaw || !audiences) throw new RuleValidationError(problems.length ? problems : ['rules are incomplete']);
  const patternLiterals: Record<string, (string[] | null)[]> = {};
  for (const [name, def] of Object.entries(signals)) if (def.patterns.length) patternLiterals[name] = def.patterns.map(requiredLiterals);
  // The rules' own one-word terms ("resus", "majors", "obs") are never names or towns. The
  // phenomenon signals (ph-…) are left out: their wide vocabularies hold words that are
  // also names ("Karen" as a label, "Sister") and weigh as evidence, not as the lexicon.
  const ruleWords = Object.entries(signals).filter(([name]) => !name.startsWith('ph-')).flatMap(([, def]) => def.terms.filter((t) => /^[\p{L}'-]+$/u.test(t)).map((t) => t.toLowerCase()));
  // Packed below (sorted, once each), so the engine searches it as it comes (src/engine/sorted-words.ts).
  const commonWords = [...lexicon.commonWords, ...ruleWords];
  // The patterns as the engine runs them: the same matches, scanned faster (see ./word-starts.ts).
  const bundleSignals: RuleBundle['signals'] = Object.fromEntries(
    Object.entries(signals).map(([name, def]) => {
      // Each term's other forms (./inflect.ts), kept apart from the terms as written.
      const forms = signalForms(name, def);
      return [name, { ...def, ...(def.patterns.length ? { patterns: def.patterns.map(withFastWordStarts) } : {}), ...(forms.length ? { forms } : {}) }];
    }),
  );
  const termTries = { terms: new TermMatcher(engineTermGroups(bundleSignals, lexicon.places)).serialise() };
  checkLabelsInOrder(termTries.terms);
  const packed = { firstNames: packWords(lexicon.firstNames), lastNames: packWords(lexicon.lastNames), places: packWords(lexicon.places), demonyms: packWords(lexicon.demonyms), commonWords: packWords(commonWords) };
  return { version: 1, guidance, signals: bundleSignals, rules, jigsaw, audiences, learnedFindings, lexicon: packed, patternLiterals, termTries };
}
