/**
 * Public types of the checking engine. Category ids are the contract in
 * shared/categories.md: the UI, managed policy and evaluation all key on them.
 */
/**
 * The signal whose matches hold no person's or place's name (eponyms: "Crohn's"). The
 * engine reads it while it finds entities, so it may not use entities itself.
 */
export const NOT_A_NAME = 'not-a-name';

export const CATEGORIES = [
  'patient-identifier',
  'patient-discussion',
  'alcohol-at-work',
  'colleague-criticism',
  'unverifiable-claim',
  'patient-boundary',
  'disrespect',
  'prejudice',
  'safety-concern',
  'undisclosed-interest',
  'workplace-conduct',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const AUDIENCES = ['public', 'closed-group', 'direct'] as const;
export type Audience = (typeof AUDIENCES)[number];

export interface Draft {
  text: string;
  /** Where the draft is written, e.g. `twitter`, `facebook-group`; informational. */
  site?: string;
  /** Who will read it. Defaults to `public`. */
  audience?: Audience;
}

export interface CheckOptions {
  /** Categories to check. Omitted: all. A category mapped to `false` is skipped. */
  categories?: Partial<Record<Category, boolean>>;
  /** A trust's local terms (ward, hospital and place names) to treat as identifiers. */
  localTerms?: readonly string[];
  /** Rule ids the user has muted. */
  mutedRules?: readonly string[];
  /** Words the user has muted, whatever the rule: a finding whose words are one of these (in any case) is not reported. */
  mutedPhrases?: readonly string[];
  /**
   * Categories the trust blocks on: a mute never hides a rule of these (a muted rule, or
   * a page that stored one, must not let a blocked risk through).
   */
  blockingCategories?: readonly Category[];
  /**
   * The engine reports at most 50 findings of one rule and 500 in all: more than any post
   * needs, and a bound on what a page draws. A caller reporting on a whole file (the CLI)
   * lifts them (`Infinity`) and summarises what it does not print.
   */
  findingLimits?: { perRule?: number; total?: number };
}

export interface GuidanceRef {
  id: string;
  document: string;
  paragraph: string;
  url: string;
  /** What the paragraph says, in our own words (rules/guidance.yaml); follow `url` for the authoritative text. */
  summary: string;
}

export interface Finding {
  category: Category;
  rule: string;
  severity: Severity;
  /** UTF-16 offsets into the draft text: `text.slice(start, end)` is the flagged span. */
  start: number;
  end: number;
  message: string;
  suggestion?: string;
  guidance: GuidanceRef[];
  /**
   * Every part of a finding made of several (the jigsaw: one finding per patient, each
   * detail a labelled span). `start`/`end` are its main words, one of these parts.
   */
  spans?: LabelledSpan[];
  /** A mechanical safer wording for `start`/`end`: these words instead (empty: remove them). */
  replacement?: string;
  /**
   * Other risks found on exactly these words (a patient's name is an identifier and, in a
   * post about their care, a discussion of the patient). Their findings are still in the
   * list, marked `foldedInto`; people are shown this one, with these named under it.
   */
  also?: FoldedRisk[];
  /** Shown as part of the finding of this category on the same words (which lists this one in `also`). */
  foldedInto?: Category;
}

export interface FoldedRisk {
  category: Category;
  rule: string;
  severity: Severity;
  message: string;
}

export interface LabelledSpan extends Span {
  /** What the part is, in words: "an age", "a bed, bay or ward". */
  label: string;
}

export const ENTITY_TYPES = [
  'PERSON',
  'AGE',
  'DATE',
  'PHONE',
  'EMAIL',
  'ADDRESS',
  'POSTCODE',
  'LOCATION',
  'NHS_NUMBER',
  'HOSPITAL_NUMBER',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface Entity {
  type: EntityType;
  start: number;
  end: number;
  text: string;
}

/** A half-open span of the draft. */
export interface Span {
  start: number;
  end: number;
}
