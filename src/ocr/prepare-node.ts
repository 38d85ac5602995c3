/** src/ocr/prepare.ts in Node, with sharp (libvips): turned upright by its EXIF, scaled, grey, light text inverted. */
import sharp from 'sharp';
import { isLightOnDark, ocrScale } from './prepare';
import type { PreparedImage } from './reader';
import { UnreadableImage } from './types';

// One picture at a time, nothing kept: libvips's operation cache would hold a decoded photo
// after it is read (tens of megabytes), and the OCR needs the memory next.
sharp.cache(false);

export async function prepareForOcr(bytes: Uint8Array): Promise<PreparedImage> {
  try {
    // The first frame of an animated picture; EXIF orientation applied, so the text is upright.
    const upright = sharp(bytes, { animated: false, limitInputPixels: 100_000_000 }).rotate();
    const { width = 0, height = 0 } = await upright.clone().metadata().then((m) => (m.orientation && m.orientation >= 5 ? { width: m.height, height: m.width } : m));
    const scale = ocrScale(width, height);
    const grey = upright.resize(scale < 1 ? { width: Math.round(width * scale), height: Math.round(height * scale) } : undefined).flatten({ background: '#ffffff' }).greyscale(); // transparency onto white: a transparent ground would read as black
    const { data, info } = await grey.clone().raw().toBuffer({ resolveWithObject: true });
    const oriented = isLightOnDark(data) ? sharp(data, { raw: info }).negate() : sharp(data, { raw: info });
    const png = await oriented.png({ compressionLevel: 1 }).toBuffer();
    return { image: png, width: info.width, height: info.height, scale: info.width / Math.max(1, width) };
  } catch (e) {
    throw new UnreadableImage(`the picture data is damaged or incomplete (${(e as Error).message.split('\n')[0]})`);
  }
}
