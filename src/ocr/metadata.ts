/**
 * What a picture file says about itself (EXIF, read with exifr): where and when it was
 * taken, by whose camera. A photo that keeps its location can show where a patient was seen,
 * and where the clinician works.
 */
import exifr from 'exifr';
import type { ImageMetadata } from './types';

interface ExifFields {
  latitude?: number;
  longitude?: number;
  DateTimeOriginal?: Date | string;
  CreateDate?: Date | string;
  Make?: string;
  Model?: string;
  Artist?: string;
  OwnerName?: string;
  CameraOwnerName?: string;
}

// EXIF strings are NUL-padded: the NULs go (all of them, in one linear pass), then the spaces.
const text = (value: unknown): string | undefined => {
  const clean = typeof value === 'string' ? value.replace(/\0/g, '').trim() : '';
  return clean || undefined;
};

/** The metadata of `bytes`; nothing at all when the file has none or it cannot be read (metadata never stops a check). */
export async function readMetadata(bytes: Uint8Array): Promise<ImageMetadata> {
  let fields: ExifFields | undefined;
  try {
    fields = (await exifr.parse(bytes, { tiff: true, exif: true, gps: true, ifd1: false, interop: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false })) as ExifFields | undefined;
  } catch {
    return {};
  }
  if (!fields) return {};
  const metadata: ImageMetadata = {};
  if (Number.isFinite(fields.latitude) && Number.isFinite(fields.longitude)) metadata.location = { latitude: fields.latitude!, longitude: fields.longitude! };
  const taken = fields.DateTimeOriginal ?? fields.CreateDate;
  if (taken instanceof Date && !Number.isNaN(taken.getTime())) metadata.taken = taken.toISOString();
  else if (text(taken)) metadata.taken = text(taken);
  const owner = [text(fields.Artist), text(fields.OwnerName), text(fields.CameraOwnerName)].filter(Boolean);
  if (owner.length) metadata.owner = [...new Set(owner)].join(', ');
  const device = [text(fields.Make), text(fields.Model)].filter(Boolean).join(' ');
  if (device) metadata.device = device;
  return metadata;
}
