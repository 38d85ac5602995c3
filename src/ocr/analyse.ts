/**
 * What a picture shows that is a risk: the text read from it, checked by the engine like a
 * draft (each finding boxed where its words are in the picture), and notes on its metadata
 * and on consent for clinical images. Pure: the reading and the metadata come in.
 */
import imageRulesJson from '../../build/images.json';
import { shownFindings } from '../engine/fold';
import type { Category, Finding } from '../engine/types';
import type { ImageRules } from '../rules/images';
import { boxesFor } from './layout';
import type { ImageFinding, ImageMetadata, ImageNote, ImageReading, ImageReport } from './types';

const IMAGE_RULES = imageRulesJson as unknown as ImageRules;

/** Lower-case words of letters and digits, hyphens read as spaces: "X-ray" and "x ray" are the same words. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Whether `text` holds any of `cues` as whole words, in one pass over its words. */
export function hasCue(text: string, cues: readonly string[]): boolean {
  const phrases = new Set(cues.map((cue) => wordsOf(cue).join(' ')));
  const longest = Math.max(...cues.map((cue) => wordsOf(cue).length));
  const words = wordsOf(text);
  for (let i = 0; i < words.length; i++) {
    let phrase = '';
    for (let n = 0; n < longest && i + n < words.length; n++) {
      phrase = n ? `${phrase} ${words[i + n]}` : words[i]!;
      if (phrases.has(phrase)) return true;
    }
  }
  return false;
}

/** Whether `text` suggests a clinical image (a scan, a wound, a procedure...), for the consent reminder. */
export function consentCueIn(text: string): boolean {
  return hasCue(text, IMAGE_RULES.consent.cues);
}

export interface AnalyseOptions {
  /**
   * Whether the post's own text makes a clinical image likely too ("look at this x-ray"):
   * `consentCueIn(draft)`, found once for all of a post's pictures.
   */
  draftHasConsentCue?: boolean;
  /** The site module the picture is posted on, for what it does with metadata. */
  site?: string;
  /** Names of the categories, for the summary ("Could identify a patient"). */
  label(category: Category): string;
}

/** A person's sentence about what the picture's text shows: each kind of risk with the words. */
function summaryOf(findings: readonly ImageFinding[], text: string, options: AnalyseOptions): string {
  if (!findings.length) return text.trim() ? 'Nothing in the text of the picture was flagged.' : 'No text could be read in the picture.';
  const byCategory = new Map<Category, string[]>();
  for (const f of findings) {
    const words = text.slice(f.start, f.end).replace(/\s+/g, ' ');
    const list = byCategory.get(f.category) ?? [];
    if (!list.includes(words)) list.push(words);
    byCategory.set(f.category, list);
  }
  const parts = [...byCategory].map(([category, words]) => `${options.label(category).toLowerCase()} (${words.slice(0, 4).map((w) => `“${w}”`).join(', ')}${words.length > 4 ? ', …' : ''})`);
  return `The picture shows text that is a risk: ${parts.join('; ')}.`;
}

export function analyseImage(reading: ImageReading, metadata: ImageMetadata, check: (text: string) => Finding[], options: AnalyseOptions): ImageReport {
  const findings: ImageFinding[] = shownFindings(reading.text.trim() ? check(reading.text) : []).map((f) => ({ ...f, boxes: boxesFor(reading.words, f.start, f.end) }));
  const notes: ImageNote[] = [];
  if (metadata.location) {
    const handling = options.site ? IMAGE_RULES.metadata[options.site] : undefined;
    const { latitude, longitude } = metadata.location;
    notes.push({
      kind: 'location',
      severity: handling?.handling === 'strips' ? 'medium' : 'high',
      message: `${IMAGE_RULES.location.message} (${latitude.toFixed(4)}, ${longitude.toFixed(4)}) ${handling ? `${handling.note} ` : ''}${IMAGE_RULES.location.suggestion ?? ''}`.trim(),
    });
  }
  if (metadata.owner) notes.push({ kind: 'owner', severity: 'medium', message: `${IMAGE_RULES.owner.message} (“${metadata.owner}”)` });
  if (options.draftHasConsentCue || consentCueIn(reading.text)) notes.push({ kind: 'consent', severity: 'medium', message: IMAGE_RULES.consent.message });
  return { summary: summaryOf(findings, reading.text, options), findings, notes, metadata, text: reading.text, width: reading.width, height: reading.height };
}
