/** The OCR's words as text for the engine, each keeping its box (src/ocr/layout.ts). */
import { boxesFor, layoutOf, type OcrBlock } from '../../src/ocr/layout';

const word = (text: string, x0: number, y0: number, confidence = 95) => ({ text, bbox: { x0, y0, x1: x0 + text.length * 10, y1: y0 + 14 }, confidence });

const blocks: OcrBlock[] = [
  { paragraphs: [{ lines: [{ words: [word('Ward', 10, 10), word('7', 60, 10)] }] }] },
  {
    paragraphs: [
      {
        lines: [
          { words: [word('|', 5, 40), word('12', 10, 40), word('|Mrs', 40, 40), word('Kaur|', 90, 40), word('~~', 150, 40, 20)] },
          { words: [word('943', 10, 60), word('476', 50, 60), word('5919', 90, 60)] },
        ],
      },
    ],
  },
];

describe('layoutOf', () => {
  const reading = layoutOf(blocks, 800, 420);

  it('joins words with spaces, lines with line breaks and blocks with a blank line, leaving out table rules and low-confidence specks', () => {
    expect(reading.text).toBe('Ward 7\n\n12 Mrs Kaur\n943 476 5919');
    expect(reading.words.map((w) => w.text)).toEqual(['Ward', '7', '12', 'Mrs', 'Kaur', '943', '476', '5919']);
  });

  it("keeps each word's place in the text", () => {
    for (const w of reading.words) expect(reading.text.slice(w.start, w.end)).toBe(w.text);
  });

  it('gives boxes in the original picture when the OCR read a scaled copy', () => {
    const half = layoutOf(blocks, 400, 210, 0.5);
    expect(half.width).toBe(800);
    expect(half.words[0]!.box).toEqual({ x0: 20, y0: 20, x1: 100, y1: 48 });
  });
});

describe('boxesFor', () => {
  const reading = layoutOf(blocks, 800, 420);

  it('boxes the words a span covers, one box per line', () => {
    const start = reading.text.indexOf('Mrs');
    expect(boxesFor(reading.words, start, start + 'Mrs Kaur'.length)).toEqual([{ x0: 40, y0: 40, x1: 140, y1: 54 }]);
    const across = reading.text.indexOf('Kaur');
    expect(boxesFor(reading.words, across, reading.text.length)).toHaveLength(2);
  });

  it('gives nothing for a span no word is in', () => {
    expect(boxesFor(reading.words, 6, 8)).toEqual([]);
  });
});
