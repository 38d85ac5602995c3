/**
 * Getting a picture ready for the OCR, the same way in Node and in the browser: no larger
 * than the OCR needs (a 12-megapixel photo is read as well at a third of the pixels, in a
 * third of the time), in grey, and dark text on a light ground (tesseract reads light text
 * on a dark screen, such as a results system's, poorly).
 */

import type { PSM } from 'tesseract.js';

/**
 * Read the page as one column of text of varying sizes (page segmentation mode 4). Measured
 * on the image set: tesseract.js's default (6, one uniform block) loses the rows of a table
 * with ruled cells, and automatic segmentation (3) splits a row's cells apart; mode 4 keeps a
 * handover sheet's row ("3 Miss … 801 958 6628 sepsis") together, which is how a reader and
 * the engine take it. The value of PSM.SINGLE_COLUMN written out: importing tesseract.js's
 * values would load it wherever this file is.
 */
export const OCR_PARAMETERS = { tessedit_pageseg_mode: '4' as PSM };

/** The longest side the OCR is given, in pixels: phone photos are scaled down to it, screenshots are mostly smaller. */
export const MAX_OCR_SIDE = 2400;

/** The scale that brings `width`×`height` within MAX_OCR_SIDE (1 when it is already). */
export function ocrScale(width: number, height: number): number {
  return Math.min(1, MAX_OCR_SIDE / Math.max(width, height));
}

/**
 * Whether a grey image is light text on a dark ground. The ground is what most pixels are
 * (the median); text is a minority far from it. Light text stands well above the median,
 * dark text well below: compare how far the brightest and the darkest twentieth reach.
 */
export function isLightOnDark(grey: Uint8Array): boolean {
  if (grey.length === 0) return false;
  const histogram = new Uint32Array(256);
  for (let i = 0; i < grey.length; i++) histogram[grey[i]!]!++;
  const at = (fraction: number): number => {
    const target = fraction * grey.length;
    let seen = 0;
    for (let value = 0; value < 256; value++) {
      seen += histogram[value]!;
      if (seen >= target) return value;
    }
    return 255;
  };
  const median = at(0.5);
  return at(0.97) - median > median - at(0.03) + 16;
}

/** How far into a picture tesseract.js looks for an EXIF orientation (its setImage). */
export const EXIF_SNIFF_BYTES = 500;

/**
 * A grey image as a binary portable greymap (PGM, "P5"): a text header, then the
 * pixels as they are. Why not PNG: in the extension, encoding a 2400×1800 photo as PNG and
 * the OCR's decoding it again took a few hundred milliseconds between the photo's attaching
 * and its finding (npm run bench); tesseract's image library reads this format without
 * decompressing anything. The parts are returned for a Blob, so the pixels are not copied here.
 *
 * The header carries a comment that takes it past tesseract.js's first 500 bytes, where
 * tesseract.js looks for an EXIF orientation by its byte pattern: in a greymap those bytes
 * would otherwise be pixels, and a picture whose first pixels happened to spell the pattern
 * was turned on its side.
 */
export function portableGreymap(grey: Uint8Array<ArrayBuffer>, width: number, height: number): [Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>] {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || grey.length !== width * height) {
    throw new RangeError(`a ${width}×${height} greymap needs ${width * height} pixels, not ${grey.length}`);
  }
  return [new TextEncoder().encode(`P5\n#${' '.repeat(EXIF_SNIFF_BYTES)}\n${width} ${height}\n255\n`), grey];
}
