/**
 * Which pictures can be read, told by their contents (image-size), not their names, with
 * their size: the formats the OCR decodes. Anything else gets a reason a person can act on,
 * never a crash.
 */
import { imageSize } from 'image-size';
import { UnreadableImage } from './types';

export type ImageType = 'png' | 'jpg' | 'gif' | 'webp' | 'bmp' | 'tiff';

const READABLE: readonly string[] = ['png', 'jpg', 'gif', 'webp', 'bmp', 'tiff'];

import { MAX_IMAGE_BYTES } from './limits';

export { MAX_IMAGE_BYTES };

export interface ImageShape {
  type: ImageType;
  width: number;
  height: number;
}

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const HEIF_BRAND = /^ftyp(?:heic|heix|hevc|hevx|mif1|msf1|avif)$/;
const HEIF_REASON = 'HEIC and AVIF photos cannot be read here; save the photo as JPEG or PNG (most phones can, under their camera settings) to check it';

/** The type and size of the picture `bytes` holds, or UnreadableImage saying why it cannot be read. */
export function imageShapeOf(bytes: Uint8Array): ImageShape {
  if (bytes.length === 0) throw new UnreadableImage('the file is empty');
  if (bytes.length > MAX_IMAGE_BYTES) throw new UnreadableImage(`it is ${Math.round(bytes.length / 1024 / 1024)} MB; pictures over ${MAX_IMAGE_BYTES / 1024 / 1024} MB are not read`);
  if (PDF.every((b, i) => bytes[i] === b)) throw new UnreadableImage('it is a PDF, not a picture');
  let shape: { type?: string; width?: number; height?: number };
  try {
    shape = imageSize(bytes);
  } catch {
    // image-size knows a HEIF container by its brand but throws when it cannot find the size.
    if (HEIF_BRAND.test(new TextDecoder('latin1').decode(bytes.subarray(4, 12)))) throw new UnreadableImage(HEIF_REASON);
    throw new UnreadableImage('it is not a picture this checker can read (PNG, JPEG, GIF, WebP, BMP or TIFF)');
  }
  if (shape.type === 'heif' || shape.type === 'heic' || shape.type === 'avif') throw new UnreadableImage(HEIF_REASON);
  if (!shape.type || !READABLE.includes(shape.type)) throw new UnreadableImage(`it is a ${(shape.type ?? 'file').toUpperCase()} file, not a picture this checker can read (PNG, JPEG, GIF, WebP, BMP or TIFF)`);
  if (!shape.width || !shape.height) throw new UnreadableImage('the picture has no size: it is damaged');
  return { type: shape.type as ImageType, width: shape.width, height: shape.height };
}
