/**
 * What the last check says about the attached pictures, under the picture-check mode:
 *  - warn: a picture whose text holds a high risk (or a category the trust blocks), an
 *    embedded location, or a clinical image without the consent tick, is listed;
 *  - block: every picture with anything found, and every picture that was not checked
 *    (unreadable or cancelled), is listed; the post waits for the review tick, and for the
 *    consent tick on each clinical image.
 * Pure, so that each rule is tested alone (test/content/picture-blocking.test.ts).
 */
import type { Category } from '../../engine/types';
import type { ImageReport } from '../../ocr/types';
import type { CategoryMode } from '../../settings/defaults';
import type { Picture } from './pictures';

export interface ListedPicture {
  picture: Picture;
  report?: ImageReport;
  /** A clinical image: the consent reminder applies. */
  consentAsked: boolean;
  /** The post waits for the consent tick on this picture (block mode, not ticked yet). */
  consentRequired: boolean;
}

export interface PictureBlocking {
  listed: ListedPicture[];
  /** The post waits for the review tick. */
  requireReview: boolean;
}

export function pictureBlocking(views: readonly { picture: Picture; report?: ImageReport }[], mode: CategoryMode, isBlocked: (category: Category) => boolean): PictureBlocking {
  const listed: ListedPicture[] = [];
  let requireReview = false;
  if (mode === 'off') return { listed, requireReview };
  for (const { picture, report } of views) {
    if (picture.status === 'reading') continue;
    const consentAsked = !!report?.notes.some((note) => note.kind === 'consent');
    const consentRequired = mode === 'block' && consentAsked && !picture.consented;
    const blockedFinding = !!report?.findings.some((f) => isBlocked(f.category) || f.also?.some((other) => isBlocked(other.category)));
    let list: boolean;
    if (mode === 'block') {
      // A clinical image already ticked as consented, and nothing else found, has nothing left to confirm.
      list = picture.status !== 'checked' || !!report?.findings.length || !!report?.notes.some((note) => !(note.kind === 'consent' && picture.consented));
      if (list && (picture.status !== 'checked' || report?.findings.length || report?.notes.some((note) => note.kind !== 'consent'))) requireReview = true;
    } else {
      list =
        blockedFinding ||
        !!report?.findings.some((f) => f.severity === 'high') ||
        !!report?.notes.some((note) => note.severity === 'high') ||
        (consentAsked && !picture.consented);
    }
    if (blockedFinding) requireReview = true;
    if (list) listed.push({ picture, report, consentAsked, consentRequired });
  }
  return { listed, requireReview };
}
