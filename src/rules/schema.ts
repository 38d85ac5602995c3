/**
 * The zod schema of the rule files in `rules/`. The build validates every file
 * against it and fails naming the file, the rule and the field; the engine only
 * uses the inferred types, so zod never ships in the content script.
 */
import { z } from 'zod';
import { CATEGORIES, SEVERITIES, AUDIENCES, ENTITY_TYPES } from '../engine/types';
import type { SerialisedTrie } from '../engine/terms';
import type { LearnedModel } from '../engine/model';

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens');
const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const guidanceEntrySchema = z.strictObject({
  document: nonEmpty,
  short: nonEmpty,
  paragraph: nonEmpty,
  url: z.url({ protocol: /^https$/ }),
  summary: z.string().trim().min(20, 'write a summary of at least a sentence, in your own words'),
});
export const guidanceFileSchema = z.strictObject({
  guidance: z.record(z.string().regex(/^[A-Z]+-[A-Za-z0-9-]+$/, 'ids look like GMP-81'), guidanceEntrySchema),
});

/** A named signal: words, phrases, regular expressions, compromise patterns or recognised entities. */
export const signalSchema = z.strictObject({
  description: nonEmpty,
  /** Registers the signal's plain terms in compromise's lexicon under this tag. */
  tag: z.string().regex(/^[A-Z][A-Za-z]+$/).optional(),
  terms: z.array(nonEmpty).default([]),
  patterns: z.array(nonEmpty).default([]),
  match: z.array(nonEmpty).default([]),
  entities: z.array(z.enum([...ENTITY_TYPES, 'INITIALS', 'LOCAL_TERM'])).default([]),
  /**
   * Whether the learned model weighs the signal as evidence (the default). `false`: an input
   * to rules only, for a narrow shape such as a bed number or a picture's placeholder, which
   * the training posts hold too seldom to weigh and whose weights only shifted the others'.
   */
  weigh: z.boolean().default(true),
  /**
   * Whether the engine also matches the terms' other forms, made at build time (the default;
   * see src/rules/inflect.ts): "lazy" also matches "laziest", "took credit" "taking credit".
   * `false` for lists of names or exact labels, where another form is another thing.
   */
  inflect: z.boolean().default(true),
  /**
   * A pattern that, found after a match later in the same sentence, cancels the match: "a pint
   * after work" is the shift over unless "then on call overnight" follows. The build appends it
   * to each of the signal's patterns as a lookahead to the sentence's end, so one list of
   * exceptions serves them all; terms and compromise matches are not covered (see compile.ts).
   */
  'unless-later-in-sentence': nonEmpty.optional(),
});
export const signalFileSchema = z.strictObject({ signals: z.record(id, signalSchema) });

/** A rule example: a draft, optionally with the audience and local terms it is checked with. */
export const exampleSchema = z.union([
  nonEmpty,
  z.strictObject({ text: nonEmpty, audience: z.enum(AUDIENCES).optional(), site: z.string().optional(), localTerms: z.array(nonEmpty).optional() }),
]);
const examplesSchema = z.strictObject({
  flag: z.array(exampleSchema).min(1, 'give at least one draft the rule must flag'),
  pass: z.array(exampleSchema).min(1, 'give at least one draft the rule must not flag'),
});
export type RuleExample = z.infer<typeof exampleSchema>;

/** A condition: one signal name, or a list of names any one of which will do. */
const condition = z.union([id, z.array(id).min(2)]);

export const ruleSchema = z.strictObject({
  id,
  severity: z.enum(SEVERITIES),
  message: nonEmpty,
  suggestion: nonEmpty,
  guidance: z.array(z.string()).min(1, 'cite at least one guidance paragraph'),
  /** Signals whose matches are underlined. */
  trigger: z.array(id).min(1),
  /** Trigger matches that overlap any of these signals are dropped ("Dr Shah" is a colleague). */
  except: z.array(id).default([]),
  /** Every condition must also match inside the scope around the trigger. */
  with: z.array(condition).default([]),
  /**
   * Where `with` must match: the trigger's sentence, the whole post, N characters either side,
   * or `{ before: N }`: within the N characters just before the trigger, in its clause. The
   * last says who a trigger is about ("the night team are useless": the staff word before the
   * verdict), which a scope either side cannot ("the patient was rude to the nurse").
   */
  scope: z.union([z.enum(['sentence', 'post']), z.number().int().positive(), z.strictObject({ before: z.number().int().positive().max(60) })]).default('post'),
  /** Any of these signals anywhere in the post means no finding. */
  unless: z.array(id).default([]),
  /** Any of these inside the scope means no finding. */
  'unless-near': z.array(id).default([]),
  /**
   * Reported whatever the category's learned score: an identifier that identifies a
   * patient on its own (an NHS number, a phone number). Other rules are evidence that
   * the score weighs, and their findings show only when the score reports the category.
   */
  always: z.boolean().default(false),
  /**
   * A mechanical safer wording: the flagged words replaced by this text ("a patient"), or
   * removed when it is empty. Only for rules whose words can go without rewriting the post
   * (a name, a number); the card offers it as one click, through the editor's own undo.
   */
  replace: z.string().max(40).optional(),
  examples: examplesSchema,
});
/** What a finding says when the learned score reports a category that none of its rules did. */
export const learnedFindingSchema = z.strictObject({
  message: nonEmpty,
  suggestion: nonEmpty,
  guidance: z.array(z.string()).min(1, 'cite at least one guidance paragraph'),
  /**
   * Signals of which the draft must hold at least one for the score to report the category:
   * what the risk cannot exist without (disrespect needs someone to be disrespectful about).
   * A weight can only make their absence unlikely; this makes it impossible, whatever else a
   * writer the model has never seen puts in the draft. Matched, weighed or not (training asks
   * the engine: Engine.holds), so a broad list costs no precision; a way of naming what is
   * needed that the list lacks makes the category impossible to report.
   */
  needs: z.array(id).default([]),
  /**
   * Signals that read a need's words as something else: a match of `needs` overlapping one
   * of them does not count ("Drunk students in A&E" names drunkenness, but someone else's;
   * "drunk so much water"). As a rule's `except`, for the category's needs.
   */
  'needs-except': z.array(id).default([]),
});
export const ruleFileSchema = z.strictObject({
  category: z.enum(CATEGORIES),
  description: nonEmpty,
  learned: learnedFindingSchema,
  rules: z.array(ruleSchema).min(1),
});

export const jigsawSchema = z.strictObject({
  description: nonEmpty,
  threshold: z.number().positive(),
  'min-details': z.number().int().min(2),
  severity: z.enum(SEVERITIES),
  guidance: z.array(z.string()).min(1),
  suggestion: nonEmpty,
  /** The post must refer to a patient, and must not be hypothetical or published. */
  requires: z.array(condition).min(1),
  unless: z.array(id).default([]),
  details: z.array(
    z.strictObject({ kind: id, label: nonEmpty, weight: z.number().positive(), signals: z.array(id).min(1) }),
  ).min(2),
  examples: examplesSchema,
});
export const jigsawFileSchema = z.strictObject({ jigsaw: jigsawSchema });

export const audienceFileSchema = z.strictObject({
  audiences: z.record(
    z.enum(AUDIENCES),
    z.strictObject({
      note: z.string().default(''),
      guidance: z.array(z.string()).default([]),
      'severity-shift': z.partialRecord(z.enum(CATEGORIES), z.number().int().min(-2).max(2)).default({}),
    }),
  ),
});

/** Every rule id a finding can carry, with its category and message (build/rule-index.json). */
export type RuleIndex = Record<string, { category: (typeof CATEGORIES)[number]; message: string }>;

export type GuidanceEntry = z.infer<typeof guidanceEntrySchema>;
/** A signal as written in rules/signals. */
export type SignalSource = z.infer<typeof signalSchema>;
/** A signal as the bundle holds it: `unless-later-in-sentence` already part of its patterns. */
export type SignalDef = Omit<SignalSource, 'unless-later-in-sentence'>;
export type LearnedFindingDef = z.infer<typeof learnedFindingSchema>;
export type RuleDef = z.infer<typeof ruleSchema> & { category: (typeof CATEGORIES)[number] };
export type JigsawDef = z.infer<typeof jigsawSchema>;
export type AudienceDefs = z.infer<typeof audienceFileSchema>['audiences'];

/** What the build writes and the engine loads: validated, flattened rule data. */
export interface RuleBundle {
  version: 1;
  guidance: Record<string, GuidanceEntry>;
  /**
   * `forms`: the terms' other forms, made by the build (src/rules/inflect.ts) and matched
   * beside the terms as written ("laziest" for "lazy").
   */
  signals: Record<string, SignalDef & { forms?: string[] }>;
  rules: RuleDef[];
  jigsaw: JigsawDef;
  audiences: AudienceDefs;
  /** Each category's message for findings that rest on its learned score alone. */
  learnedFindings: Partial<Record<(typeof CATEGORIES)[number], z.infer<typeof learnedFindingSchema>>>;
  /**
   * The weights learned by the build from the training posts (src/rules/train.ts). Without
   * it every rule's findings are reported as they are.
   */
  model?: LearnedModel;
  /**
   * Lexicon mined from compromise's full model at build time (names, places, demonyms), and
   * common words. Each list is packed (src/engine/sorted-words.ts: packWords): its words
   * sorted and joined by line breaks, which the engine searches as they are. The words are
   * lower case (as mined, and as src/rules/compile.ts adds the rules' words), since the
   * engine looks up lower-cased words.
   */
  lexicon: {
    firstNames: string;
    lastNames: string;
    places: string;
    demonyms: string;
    commonWords: string;
  };
  /**
   * Derived at build time (src/rules/literals.ts): for each signal's patterns, in order,
   * lower-cased strings one of which any match contains, or null. The engine skips a
   * pattern whose strings are all absent from a draft; without this, every pattern runs.
   */
  patternLiterals?: Record<string, (string[] | null)[]>;
  /**
   * Derived at build time: the term matchers of the signals' terms and of the lexicon's
   * places, already parsed into tries (see TermMatcher.serialise), so that a fresh
   * engine does not parse some 3,500 terms. Without this, the engine parses them.
   */
  termTries?: { terms: SerialisedTrie };
  /**
   * In the shipped copy (src/engine/shipped-bundle.ts): the signals without a `tag` carry no
   * terms, which the term trie holds, and no signal carries its terms' other forms.
   */
  signalTermsInTrie?: true;
}
