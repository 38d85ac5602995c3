/**
 * Reading an attached picture before it is posted: the text in it (OCR on this device) and
 * its metadata, checked by the same engine as the draft. This folder knows no page and no
 * browser: the CLI runs it in Node, the extension in its own context (never the page's).
 */
import type { Finding, Severity } from '../engine/types';

/** A rectangle in the picture's own pixels (of the image as read, after any downscaling: see `scale`). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One word the OCR read, where it is in the text given to the engine and in the picture. */
export interface ReadWord {
  text: string;
  start: number;
  end: number;
  box: Box;
  confidence: number;
}

/** What the OCR read: the text, line by line, and each word's place. */
export interface ImageReading {
  text: string;
  words: ReadWord[];
  /** The size of the image as read. */
  width: number;
  height: number;
  /** Read size over the original's: 1 when the picture was not downscaled. */
  scale: number;
}

/** What the file says about itself, where it says it. */
export interface ImageMetadata {
  /** Where it was taken (GPS), in degrees. */
  location?: { latitude: number; longitude: number };
  /** When it was taken, as the camera wrote it (ISO 8601 where it can be read as a date). */
  taken?: string;
  /** The camera's or the photographer's name fields (Artist, OwnerName, CameraOwnerName). */
  owner?: string;
  /** Make and model of the camera or phone. */
  device?: string;
}

export type ImageNoteKind = 'location' | 'owner' | 'consent';

/** Something to know about the picture that is not a finding in its text: an embedded location or name, a consent reminder. */
export interface ImageNote {
  kind: ImageNoteKind;
  severity: Severity;
  message: string;
}

/** A finding in the text the picture shows, with where in the picture its words are. */
export interface ImageFinding extends Finding {
  /** The OCR'd words' rectangles (original pixels). */
  boxes: Box[];
}

export interface ImageReport {
  /** One sentence a person reads first: what the picture shows that is a risk. */
  summary: string;
  findings: ImageFinding[];
  notes: ImageNote[];
  /** What the file says about itself (shown in the JSON: when and with what it was taken, too). */
  metadata: ImageMetadata;
  /** The text read, as checked. */
  text: string;
  width: number;
  height: number;
}

/** A picture that cannot be read, with a reason a person understands. */
export class UnreadableImage extends Error {
  override name = 'UnreadableImage';
}
