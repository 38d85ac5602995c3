/** What a picture file says about itself (src/ocr/metadata.ts), with EXIF written by piexifjs. */
import piexif from 'piexifjs';
import sharp from 'sharp';
import { readMetadata } from '../../src/ocr/metadata';

async function jpegWithExif(): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#abc' } }).jpeg().toBuffer();
  const exif = piexif.dump({
    '0th': { [piexif.ImageIFD.Artist]: 'Dr Jo Example', [piexif.ImageIFD.Make]: 'Google', [piexif.ImageIFD.Model]: 'Pixel 8' },
    Exif: { [piexif.ExifIFD.DateTimeOriginal]: '2026:11:30 03:12:44' },
    GPS: { [piexif.GPSIFD.GPSLatitudeRef]: 'N', [piexif.GPSIFD.GPSLatitude]: [[54, 1], [19, 1], [3684, 100]], [piexif.GPSIFD.GPSLongitudeRef]: 'W', [piexif.GPSIFD.GPSLongitude]: [[2, 1], [44, 1], [4704, 100]] },
  });
  return Buffer.from(piexif.insert(exif, jpeg.toString('binary')), 'binary');
}

describe('readMetadata', () => {
  it('reads where, when and by whose camera a photo was taken', async () => {
    const metadata = await readMetadata(await jpegWithExif());
    expect(metadata.location!.latitude).toBeCloseTo(54.3269, 3);
    expect(metadata.location!.longitude).toBeCloseTo(-2.7464, 3);
    expect(metadata.owner).toBe('Dr Jo Example');
    expect(metadata.device).toBe('Google Pixel 8');
    expect(metadata.taken).toMatch(/^2026-11-30T/);
  });

  it('gives nothing for a picture without metadata, or for bytes that are not a picture', async () => {
    expect(await readMetadata(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer())).toEqual({});
    expect(await readMetadata(new TextEncoder().encode('not a picture at all'))).toEqual({});
  });
});
