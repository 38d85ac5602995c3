/** Getting a picture ready for the OCR (src/ocr/prepare.ts). */
import { isLightOnDark, MAX_OCR_SIDE, ocrScale, portableGreymap } from '../../src/ocr/prepare';

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
    expect(new TextDecoder().decode(header)).toBe('P5\n3 2\n255\n');
    expect(pixels).toBe(grey);
  });

  it('refuses pixels that do not fill the size given, rather than make a picture the OCR misreads', () => {
    expect(() => portableGreymap(new Uint8Array(5), 3, 2)).toThrow(/3×2 greymap needs 6 pixels, not 5/);
    expect(() => portableGreymap(new Uint8Array(0), 0, 0)).toThrow(RangeError);
    expect(() => portableGreymap(new Uint8Array(3), 1.5, 2)).toThrow(RangeError);
  });
});
