/** Which pictures can be read, and a clear reason for the rest (src/ocr/image-type.ts). */
import sharp from 'sharp';
import { imageShapeOf, MAX_IMAGE_BYTES } from '../../src/ocr/image-type';
import { UnreadableImage } from '../../src/ocr/types';

const picture = (format: 'png' | 'jpeg' | 'gif' | 'webp') => sharp({ create: { width: 40, height: 20, channels: 3, background: '#fff' } })[format]().toBuffer();

describe('imageShapeOf', () => {
  it('reads the type and size of the formats the OCR decodes, from their contents', async () => {
    expect(imageShapeOf(await picture('png'))).toEqual({ type: 'png', width: 40, height: 20 });
    expect(imageShapeOf(await picture('jpeg'))).toEqual({ type: 'jpg', width: 40, height: 20 });
    expect(imageShapeOf(await picture('gif')).type).toBe('gif');
    expect(imageShapeOf(await picture('webp')).type).toBe('webp');
  });

  it('refuses a real AVIF photo, of the HEIF family, with the same reason', async () => {
    const avif = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#fff' } }).avif().toBuffer();
    expect(() => imageShapeOf(avif)).toThrow(/HEIC and AVIF photos cannot be read here/);
  });

  it.each([
    ['an empty file', new Uint8Array(), /empty/],
    ['a PDF', new TextEncoder().encode('%PDF-1.7\n1 0 obj'), /PDF/],
    ['a HEIC photo', Uint8Array.from([0, 0, 0, 24, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0, ...new TextEncoder().encode('mif1heic')]), /HEIC and AVIF.*JPEG or PNG/],
    ['text', new TextEncoder().encode('just some words, not a picture'), /not a picture/],
  ])('refuses %s with a reason a person can act on', (_what, bytes, reason) => {
    expect(() => imageShapeOf(bytes)).toThrow(UnreadableImage);
    expect(() => imageShapeOf(bytes)).toThrow(reason);
  });

  it('refuses a file over the size limit without reading it', () => {
    const huge = new Uint8Array(MAX_IMAGE_BYTES + 1);
    expect(() => imageShapeOf(huge)).toThrow(/MB; pictures over 40 MB are not read/);
  });
});
