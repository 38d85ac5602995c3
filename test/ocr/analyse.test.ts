/** What a picture shows that is a risk (src/ocr/analyse.ts), on readings made by hand and the real engine. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { check } from '../../src/engine';
import { analyseImage, consentCueIn, hasCue } from '../../src/ocr/analyse';
import { layoutOf, type OcrBlock } from '../../src/ocr/layout';
import type { ImageReading } from '../../src/ocr/types';

/** A reading of these lines, each word 10 px a letter, a line 20 px high. */
function reading(lines: string[]): ImageReading {
  const blocks: OcrBlock[] = [
    {
      paragraphs: [
        {
          lines: lines.map((line, y) => {
            let x = 0;
            return {
              words: line.split(' ').map((text) => {
                const box = { x0: x, y0: y * 20, x1: x + text.length * 10, y1: y * 20 + 14 };
                x = box.x1 + 10;
                return { text, bbox: box, confidence: 90 };
              }),
            };
          }),
        },
      ],
    },
  ];
  return layoutOf(blocks, 800, 420);
}

const engine = (text: string) => check({ text, audience: 'public' });
const label = (category: string) => (category === 'patient-identifier' ? 'Could identify a patient' : category);

describe('analyseImage', () => {
  it('checks the text like a draft, boxes each finding where its words are, and says in one sentence what the picture shows', () => {
    const report = analyseImage(reading(['Ward 7 handover', '12 Mrs Aisha Kaur 943 476 5919 chest pain']), {}, engine, { label });
    const nhs = report.findings.find((f) => f.rule === 'nhs-number')!;
    expect(report.text.slice(nhs.start, nhs.end)).toBe('943 476 5919');
    expect(nhs.boxes).toEqual([{ x0: 180, y0: 20, x1: 300, y1: 34 }]);
    expect(report.summary).toMatch(/^The picture shows text that is a risk: could identify a patient \(.*“943 476 5919”/);
    // Each risk once, as in the card.
    const words = report.findings.map((f) => `${f.start}-${f.end}`);
    expect(new Set(words).size).toBe(words.length);
  });

  it('says so when the text holds nothing, or when there is no text', () => {
    expect(analyseImage(reading(['Clean hands save lives']), {}, engine, { label }).summary).toBe('Nothing in the text of the picture was flagged.');
    expect(analyseImage(layoutOf([], 10, 10), {}, engine, { label }).summary).toBe('No text could be read in the picture.');
  });

  it('warns of an embedded location, and says what the site does with it', () => {
    const where = { location: { latitude: 54.3269, longitude: -2.7464 } };
    const onForum = analyseImage(reading(['sunset']), where, engine, { label, site: 'phpbb' }).notes.find((n) => n.kind === 'location')!;
    expect(onForum.severity).toBe('high');
    expect(onForum.message).toMatch(/location embedded.*54\.3269, -2\.7464.*phpBB forums usually serve attachments exactly as uploaded/);
    const onX = analyseImage(reading(['sunset']), where, engine, { label, site: 'x' }).notes.find((n) => n.kind === 'location')!;
    expect(onX.severity).toBe('medium');
    expect(onX.message).toContain('X removes location');
  });

  it("notes a name in the metadata", () => {
    const notes = analyseImage(reading(['sunset']), { owner: 'Dr Jo Example' }, engine, { label }).notes;
    expect(notes.map((n) => n.kind)).toEqual(['owner']);
    expect(notes[0]!.message).toContain('“Dr Jo Example”');
  });

  it('reminds about consent when the picture or the draft suggests a clinical image', () => {
    const kinds = (lines: string[], draft = '') => analyseImage(reading(lines), {}, engine, { label, draftHasConsentCue: consentCueIn(draft) }).notes.map((n) => n.kind);
    expect(kinds(['Series 3 Img 41 kVp 120'])).toContain('consent');
    expect(kinds(['holiday snaps'], 'Look at this X-ray from today')).toContain('consent');
    expect(kinds(['holiday snaps'], 'Lovely walk today')).not.toContain('consent');
  });
});

describe('the consent cues (rules/images.yaml)', () => {
  const images = parse(fs.readFileSync(path.join(__dirname, '../../rules/images.yaml'), 'utf8')).images;

  it.each(images.consent.examples.flag as string[])('flags its example %j', (text) => {
    expect(hasCue(text, images.consent.cues)).toBe(true);
  });

  it.each(images.consent.examples.pass as string[])('passes its example %j', (text) => {
    expect(hasCue(text, images.consent.cues)).toBe(false);
  });

  it('matches whole words, whatever the case and hyphens', () => {
    expect(hasCue('CXR shows…', ['cxr'])).toBe(true);
    expect(hasCue('an X ray', ['x-ray'])).toBe(true);
    expect(hasCue('burnout is real', ['burn'])).toBe(false);
  });
});
