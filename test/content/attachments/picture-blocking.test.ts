/** What the last check lists about attached pictures, mode by mode (src/content/attachments/picture-blocking.ts). */
import { pictureBlocking } from '../../../src/content/attachments/picture-blocking';
import type { Picture } from '../../../src/content/attachments/pictures';
import type { Category, Finding } from '../../../src/engine/types';
import type { ImageFinding, ImageNote, ImageReport } from '../../../src/ocr/types';

function picture(status: Picture['status'], consented = false): Picture {
  return { id: 1, name: 'p.png', file: new Blob([]), how: 'picker', status, consented };
}

function finding(category: Category, severity: Finding['severity']): ImageFinding {
  return { rule: 'r', category, severity, start: 0, end: 3, message: 'm', guidance: [], boxes: [] } as unknown as ImageFinding;
}

function report(findings: ImageFinding[] = [], notes: ImageNote[] = []): ImageReport {
  return { summary: 's', findings, notes, metadata: {}, text: 'abc', width: 10, height: 10 };
}

const consent: ImageNote = { kind: 'consent', severity: 'medium', message: 'consent' };
const location: ImageNote = { kind: 'location', severity: 'high', message: 'gps' };
const never = () => false;

describe('pictureBlocking', () => {
  it('off: lists nothing, whatever the pictures show', () => {
    expect(pictureBlocking([{ picture: picture('checked'), report: report([finding('patient-identifier', 'high')]) }], 'off', never)).toEqual({ listed: [], requireReview: false });
  });

  it('warn: lists a high risk, an embedded location and a clinical image without consent; not a medium risk, nor a picture it could not read', () => {
    const views = [
      { picture: picture('checked'), report: report([finding('patient-identifier', 'high')]) },
      { picture: picture('checked'), report: report([finding('colleague-criticism', 'medium')]) },
      { picture: picture('checked'), report: report([], [location]) },
      { picture: picture('checked'), report: report([], [consent]) },
      { picture: picture('checked', true), report: report([], [consent]) },
      { picture: picture('unreadable') },
      { picture: picture('reading') },
    ];
    const { listed, requireReview } = pictureBlocking(views, 'warn', never);
    expect(listed.map((entry) => views.findIndex((view) => view.picture === entry.picture))).toEqual([0, 2, 3]);
    expect(listed.every((entry) => !entry.consentRequired)).toBe(true);
    expect(requireReview).toBe(false);
  });

  it('warn: a category the trust blocks needs the review tick, even at medium severity', () => {
    const { listed, requireReview } = pictureBlocking([{ picture: picture('checked'), report: report([finding('colleague-criticism', 'medium')]) }], 'warn', (c) => c === 'colleague-criticism');
    expect(listed).toHaveLength(1);
    expect(requireReview).toBe(true);
  });

  it('block: anything found, and a picture not checked, needs the review tick; a clinical image needs the consent tick', () => {
    const unreadable = pictureBlocking([{ picture: picture('unreadable') }], 'block', never);
    expect(unreadable.listed).toHaveLength(1);
    expect(unreadable.requireReview).toBe(true);
    const cancelled = pictureBlocking([{ picture: picture('cancelled') }], 'block', never);
    expect(cancelled.requireReview).toBe(true);
    const clinical = pictureBlocking([{ picture: picture('checked'), report: report([], [consent]) }], 'block', never);
    expect(clinical.listed[0]).toMatchObject({ consentAsked: true, consentRequired: true });
    expect(clinical.requireReview).toBe(false);
    const medium = pictureBlocking([{ picture: picture('checked'), report: report([finding('colleague-criticism', 'low')]) }], 'block', never);
    expect(medium.requireReview).toBe(true);
  });

  it('block: a clinical image already consented, with nothing else found, has nothing left to confirm; a clean picture neither', () => {
    expect(pictureBlocking([{ picture: picture('checked', true), report: report([], [consent]) }], 'block', never).listed).toEqual([]);
    expect(pictureBlocking([{ picture: picture('checked'), report: report() }], 'block', never).listed).toEqual([]);
  });
});
