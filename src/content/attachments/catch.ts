/**
 * Where pictures are attached: the site's file picker (`input[type=file]`: each site module
 * names its own in `attachments`), a paste into the compose box, and a drop onto it. The
 * listeners only look: they never cancel or change the event, so the site's own upload
 * goes on exactly as without Second Opinion. Shared by the sentinel (a picture attached
 * before the checker has loaded) and the checker.
 */
import { safeMatches, type SiteModule } from '../sites';

export type AttachedHow = 'picker' | 'paste' | 'drop';

export interface CaughtFiles {
  files: File[];
  /** The element the files arrived at: the file input, or where the paste or drop landed. */
  target: Element;
  /** The event's path (inside open shadow roots too), to find the compose box it belongs to. */
  path: EventTarget[];
  how: AttachedHow;
}

/** File inputs, when a site module names none of its own. */
export const DEFAULT_ATTACHMENT_INPUTS = ['input[type="file"]'];

/** Picture types by name, for files the browser gives no type (some drag sources). */
const PICTURE_NAME = /\.(?:png|jpe?g|gif|webp|bmp|tiff?|heic|heif|avif|pdf)$/i;

/**
 * Whether to read `file`: any picture, and PDFs and phone formats too, which the reader
 * cannot read but says so (a clinician must hear that a picture went unchecked). Videos,
 * documents and archives are not pictures.
 */
export function isPictureFile(file: File): boolean {
  if (file.type) return file.type.startsWith('image/') || file.type === 'application/pdf';
  return PICTURE_NAME.test(file.name);
}

export function attachmentInputs(site: SiteModule): readonly string[] {
  return site.attachments?.inputs.length ? site.attachments.inputs : DEFAULT_ATTACHMENT_INPUTS;
}

/** The pictures an attaching event carries, if it is one; `sites` say which file inputs count. */
export function caughtFiles(event: Event, sites: readonly SiteModule[]): CaughtFiles | undefined {
  const path = event.composedPath();
  const target = path[0];
  if (!(target instanceof Element)) return undefined;
  let files: FileList | null | undefined;
  let how: AttachedHow;
  // Made-up events count as well as the user's (`isTrusted` is not asked, on purpose): a
  // site's own paste button, or another extension, may attach a real picture by a made-up
  // paste or drop, and the site takes it. Ignoring them would let that picture be posted
  // unchecked, for little gain: a page can always hand pictures to its own file input with a
  // made-up `change`, which must count (drop zones attach that way), so a page can set the
  // reader to work whatever we do here (docs/quality.md, Pictures, session 42).
  if (event.type === 'change') {
    if (!(target instanceof HTMLInputElement) || target.type !== 'file') return undefined;
    if (!sites.some((site) => attachmentInputs(site).some((selector) => safeMatches(target, selector)))) return undefined;
    files = target.files;
    how = 'picker';
  } else if (event.type === 'paste') {
    files = (event as ClipboardEvent).clipboardData?.files;
    how = 'paste';
  } else if (event.type === 'drop') {
    files = (event as DragEvent).dataTransfer?.files;
    how = 'drop';
  } else return undefined;
  const pictures = Array.from(files ?? []).filter(isPictureFile);
  return pictures.length ? { files: pictures, target, path, how } : undefined;
}

/** Listens for attached pictures on this document until `signal` aborts; the events themselves are left alone. */
export function watchAttachments(sites: readonly SiteModule[], signal: AbortSignal, onCaught: (caught: CaughtFiles) => void): void {
  const listener = (event: Event) => {
    try {
      const caught = caughtFiles(event, sites);
      if (caught) onCaught(caught);
    } catch {
      // never let an error of ours reach the site
    }
  };
  for (const type of ['change', 'paste', 'drop']) document.addEventListener(type, listener, { capture: true, passive: true, signal });
}
