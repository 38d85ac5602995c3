/**
 * The pictures attached to one post: each is read (OCR and metadata, in the extension's
 * own context) the moment it arrives, then checked by the engine like the draft, with the
 * draft and the settings as they are when it is shown (a consent reminder can come from
 * the draft's words). Typing is never slowed: reading happens elsewhere, and checking the
 * picture's text is a check of a few hundred characters.
 */
import { MAX_IMAGE_BYTES } from '../../ocr/limits';
import type { ImageMetadata, ImageReading, ImageReport } from '../../ocr/types';
import type { ReaderAnswer } from './reader-client';
import type { AttachedHow } from './catch';

export type PictureStatus = 'reading' | 'checked' | 'unreadable' | 'cancelled';

export interface Picture {
  readonly id: number;
  readonly name: string;
  readonly file: Blob;
  readonly how: AttachedHow;
  status: PictureStatus;
  /** How far the reading has got (0 to 1), while it is read. */
  progress?: number;
  /** Why it could not be read (status `unreadable`). */
  error?: string;
  reading?: ImageReading;
  metadata?: ImageMetadata;
  /** The clinician's own tick: "I have the patient's written consent". */
  consented: boolean;
}

export interface PicturesContext {
  read(file: Blob, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<ReaderAnswer>;
  /** `draftHasConsentCue`: whether the post's text suggests a clinical image (all a report takes from the draft). */
  analyse(reading: ImageReading, metadata: ImageMetadata, draftHasConsentCue: boolean): ImageReport;
  changed(): void;
}

let nextId = 1;

export class Pictures {
  private readonly list: Picture[] = [];
  private readonly reading = new Map<number, AbortController>();
  private readonly waiters = new Set<() => void>();
  private readonly reports = new WeakMap<Picture, { draftHasConsentCue: boolean; settings: unknown; report: ImageReport }>();

  constructor(private readonly context: PicturesContext) {}

  get all(): readonly Picture[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  /** Pictures still being read. */
  get pending(): Picture[] {
    return this.list.filter((picture) => picture.status === 'reading');
  }

  /** Starts reading `file`, unless the same file is attached already (a site may hand it on twice). */
  add(file: File, how: AttachedHow): Picture | undefined {
    const same = this.list.find((picture) => picture.file === file || (picture.name === file.name && picture.file.size === file.size && (picture.file as File).lastModified === file.lastModified));
    if (same) return undefined;
    const picture: Picture = { id: nextId++, name: file.name || 'pasted picture', file, how, status: 'reading', consented: false };
    this.list.push(picture);
    void this.read(picture);
    this.context.changed();
    return picture;
  }

  private async read(picture: Picture): Promise<void> {
    const controller = new AbortController();
    this.reading.set(picture.id, controller);
    let answer: ReaderAnswer;
    if (picture.file.size > MAX_IMAGE_BYTES) {
      // Not even loaded: a file this big is refused before its bytes are read.
      answer = { ok: false, error: `could not read this image: it is ${Math.round(picture.file.size / 1024 / 1024)} MB; pictures over ${MAX_IMAGE_BYTES / 1024 / 1024} MB are not read` };
    } else {
      try {
        answer = await this.context.read(picture.file, controller.signal, (fraction) => {
          if (picture.status !== 'reading') return;
          picture.progress = fraction;
          this.context.changed();
        });
      } catch (e) {
        answer = { ok: false, error: `could not read this image: ${(e as Error).message}` };
      }
    }
    this.reading.delete(picture.id);
    if (!this.list.includes(picture)) return;
    if (answer.ok) {
      picture.status = 'checked';
      picture.reading = answer.reading;
      picture.metadata = answer.metadata;
    } else if (answer.cancelled) {
      picture.status = 'cancelled';
    } else {
      picture.status = 'unreadable';
      picture.error = /^could not read this image/.test(answer.error) ? answer.error : `could not read this image: ${answer.error}`;
    }
    this.context.changed();
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Stops reading `picture` (it stays listed, as not checked). */
  cancel(picture: Picture): void {
    this.reading.get(picture.id)?.abort();
  }

  /** "Not in this post": the clinician took the picture out of the post. */
  remove(picture: Picture): void {
    this.cancel(picture);
    const index = this.list.indexOf(picture);
    if (index >= 0) this.list.splice(index, 1);
    this.context.changed();
    for (const waiter of [...this.waiters]) waiter();
  }

  /**
   * What a read picture shows, checked with the settings as they are now and with what the
   * draft says of it (kept until either changes). Keyed by that, not by the draft's text: the
   * report is asked for after every check of the draft, and checking each picture's text again
   * at every pause in typing slowed the keys more with each picture attached (npm run bench).
   */
  report(picture: Picture, draftHasConsentCue: boolean, settings: unknown): ImageReport | undefined {
    if (picture.status !== 'checked' || !picture.reading || !picture.metadata) return undefined;
    const cached = this.reports.get(picture);
    if (cached && cached.draftHasConsentCue === draftHasConsentCue && cached.settings === settings) return cached.report;
    const report = this.context.analyse(picture.reading, picture.metadata, draftHasConsentCue);
    this.reports.set(picture, { draftHasConsentCue, settings, report });
    return report;
  }

  /** Resolves when no picture is being read any more, or when `signal` aborts. */
  settled(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (signal.aborted || !this.pending.length) {
          this.waiters.delete(check);
          resolve();
        }
      };
      this.waiters.add(check);
      signal.addEventListener('abort', check, { once: true });
      check();
    });
  }

  /** The post went: its pictures with it. */
  clear(): void {
    for (const picture of [...this.list]) this.cancel(picture);
    this.list.length = 0;
    this.context.changed();
    for (const waiter of [...this.waiters]) waiter();
  }

  destroy(): void {
    for (const controller of this.reading.values()) controller.abort();
    this.reading.clear();
    this.list.length = 0;
    for (const waiter of [...this.waiters]) waiter();
  }
}
