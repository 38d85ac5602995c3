/** Getting a picture ready for the OCR (src/ocr/prepare.ts). */
import { EXIF_SNIFF_BYTES, isLightOnDark, MAX_OCR_SIDE, ocrScale, portableGreymap } from '../../src/ocr/prepare';

/** A grey image: most pixels the ground, some the text. */
const image = (ground: number, text: number, textShare = 0.08) => Uint8Array.from({ length: 10_000 }, (_, i) => (i % Math.round(1 / textShare) === 0 ? text : ground));

describe('isLightOnDark', () => {
  it('says so for light text on a dark screen', () => {
    expect(isLightOnDark(image(30, 230))).toBe(true);
  });

  it('says not for dark text on paper, even in poor light', () => {
    expect(isLightOnDark(image(240, 20))).toBe(false);
    expect(isLightOnDark(image(120, 10))).toBe(false);
  });

  it('says not for a picture of one tone, or of nothing', () => {
    expect(isLightOnDark(image(128, 128))).toBe(false);
    expect(isLightOnDark(new Uint8Array())).toBe(false);
  });
});

describe('ocrScale', () => {
  it('scales a phone photo down to the OCR size and leaves a screenshot as it is', () => {
    expect(ocrScale(4000, 3000)).toBeCloseTo(MAX_OCR_SIDE / 4000);
    expect(ocrScale(1920, 1080)).toBe(1);
  });
});

describe('portableGreymap', () => {
  it('is a binary PGM header, then the pixels themselves, not a copy', () => {
    const grey = Uint8Array.from([0, 128, 255, 7, 9, 11]);
    const [header, pixels] = portableGreymap(grey, 3, 2);
    expect(new TextDecoder().decode(header)).toMatch(/^P5\n#[ ]+\n3 2\n255\n$/);
    expect(pixels).toBe(grey);
  });

  it('keeps the pixels out of the bytes where tesseract.js looks for an EXIF orientation', () => {
    // tesseract.js (src/worker-script/utils/setImage.js) reads an orientation from this
    // pattern in the picture's first 500 bytes, whatever the format.
    const orientation = [1, 18, 0, 3, 0, 0, 0, 1, 0, 6];
    const grey = Uint8Array.from({ length: 40 * 30 }, (_, i) => orientation[i] ?? 200);
    const [header] = portableGreymap(grey, 40, 30);
    expect(header.length).toBeGreaterThan(EXIF_SNIFF_BYTES);
    const start = [...header, ...grey].slice(0, EXIF_SNIFF_BYTES).join(' ');
    expect(start).not.toMatch(/1 18 0 3 0 0 0 1 0 (\d)/);
  });

  it('refuses pixels that do not fill the size given, rather than make a picture the OCR misreads', () => {
    expect(() => portableGreymap(new Uint8Array(5), 3, 2)).toThrow(/3×2 greymap needs 6 pixels, not 5/);
    expect(() => portableGreymap(new Uint8Array(0), 0, 0)).toThrow(RangeError);
    expect(() => portableGreymap(new Uint8Array(3), 1.5, 2)).toThrow(RangeError);
  });
});
