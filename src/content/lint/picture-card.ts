/**
 * The card for the pictures attached to a post: for each, a thumbnail with the risky words
 * boxed, what the picture shows in one sentence, each finding with its guidance, the notes
 * on its metadata, and, for a clinical image, the consent acknowledgement ("I have the
 * patient's written consent", the clinician's own tick). While a picture is read it shows
 * progress and Cancel. Everything read from a picture goes in through `textContent`.
 */
import { SEVERITIES, type Category, type GuidanceRef, type Severity } from '../../engine/types';
import type { ImageNote, ImageReport } from '../../ocr/types';
import { categoryLabelKey, t } from '../../shared/i18n';
import type { Picture } from '../attachments/pictures';
import { highestSeverity } from './badge';
import { citation, element } from './card';
import { SEVERITY_COLOURS, type Overlay } from './overlay';
import { onTrusted, singleClicksOnly, userTicked } from './trusted';

export interface PictureView {
  picture: Picture;
  report?: ImageReport;
}

export interface PictureCardActions {
  cancel(picture: Picture): void;
  remove(picture: Picture): void;
  consent(picture: Picture, ticked: boolean): void;
  /** The card closed by keyboard: focus goes back to the editor. */
  returnFocus(): void;
}

export interface PictureCardContent {
  views: PictureView[];
  anchor: DOMRect;
  takeFocus: boolean;
  /** The trust blocks pictures: the consent tick is required before posting. */
  blocking: boolean;
  /** The guidance the consent reminder cites. */
  consentGuidance: GuidanceRef[];
  consentLabel: string;
}

const THUMBNAIL_WIDTH = 320;
const THUMBNAIL_HEIGHT = 220;

export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The worst severity among a report's findings and notes. */
export function reportSeverity(report: ImageReport | undefined): Severity | null {
  return highestSeverity([...(report?.findings ?? []), ...(report?.notes ?? [])]);
}

/** Decoded pictures for thumbnails, once each (a picture the browser cannot decode has none). */
const bitmaps = new WeakMap<Blob, Promise<ImageBitmap | null>>();

function bitmapOf(file: Blob): Promise<ImageBitmap | null> {
  let bitmap = bitmaps.get(file);
  if (!bitmap) {
    bitmap = createImageBitmap(file, { imageOrientation: 'from-image' }).catch(() => null);
    bitmaps.set(file, bitmap);
  }
  return bitmap;
}

/** The thumbnail's size for a picture of `width`×`height`: within the box, never enlarged. */
function thumbnailSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(THUMBNAIL_WIDTH / width, THUMBNAIL_HEIGHT / height, 1);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * The picture, small, with a box round each finding's words in the finding's colour. Sized
 * from the reading before the picture is decoded, so that the card does not grow when it is
 * drawn: a card that grew under the pointer moved its buttons away as they were clicked.
 */
function thumbnail(view: PictureView, drawn: () => void): HTMLCanvasElement {
  const canvas = element('canvas', 'thumbnail');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', t('pictures_thumbnail', [view.picture.name]));
  const report = view.report;
  const known = report && report.width > 0 && report.height > 0 ? thumbnailSize(report.width, report.height) : { width: 0, height: 0 };
  canvas.width = known.width;
  canvas.height = known.height;
  void bitmapOf(view.picture.file).then((bitmap) => {
    if (!bitmap) return;
    if (!known.width) {
      const size = thumbnailSize(bitmap.width, bitmap.height);
      canvas.width = size.width;
      canvas.height = size.height;
    }
    const context = canvas.getContext('2d');
    if (!context) return;
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    // Only a card whose thumbnail could not be sized beforehand changed height.
    if (!known.width) drawn();
    if (!report) return;
    // Boxes are in the original picture's pixels, as the bitmap is.
    const boxScale = canvas.width / (report.width || bitmap.width);
    context.lineWidth = 2;
    for (const finding of report.findings) {
      context.strokeStyle = SEVERITY_COLOURS[finding.severity];
      for (const box of finding.boxes) {
        context.strokeRect(box.x0 * boxScale - 2, box.y0 * boxScale - 2, (box.x1 - box.x0) * boxScale + 4, (box.y1 - box.y0) * boxScale + 4);
      }
    }
  });
  return canvas;
}

function guidanceLinks(refs: readonly GuidanceRef[]): HTMLElement {
  const why = element('p', 'why');
  why.append(element('strong', undefined, `${t('card_why')} `));
  refs.forEach((ref, i) => {
    if (i > 0) why.append('; ');
    const link = element('a', undefined, citation(ref));
    link.href = ref.url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    why.append(link);
  });
  return why;
}

/** Everything a picture's section shows but the progress of its reading. */
function sectionKeyOf({ picture, report }: PictureView): string {
  return `${picture.id}:${picture.status}:${picture.consented}:${report ? report.findings.length + report.notes.length : '-'}`;
}

/** The pictures shown, in order, and whether the trust blocks: what a card's frame is drawn from. */
function shapeOf(content: PictureCardContent): string {
  return `${content.blocking}|${content.views.map(({ picture }) => picture.id).join(',')}`;
}

function severityOf(views: readonly PictureView[]): Severity {
  return highestSeverity(views.flatMap((view) => [...(view.report?.findings ?? []), ...(view.report?.notes ?? [])])) ?? 'low';
}

export class PictureCard {
  private node: HTMLElement | undefined;
  private content: PictureCardContent | undefined;
  private readonly progressBars = new Map<number, HTMLProgressElement>();
  /** Each picture's section as shown, with what it was drawn from. */
  private readonly sections = new Map<number, { key: string; node: HTMLElement }>();

  constructor(
    private readonly overlay: Overlay,
    private readonly actions: PictureCardActions,
  ) {}

  get isOpen(): boolean {
    return this.node !== undefined;
  }

  open(content: PictureCardContent): void {
    const hadFocus = this.node?.matches(':focus-within') ?? false;
    this.node?.remove();
    this.progressBars.clear();
    this.sections.clear();
    this.content = content;
    if (!content.views.length) {
      this.close(hadFocus);
      return;
    }
    const card = element('div', 'card pictures-card ui');
    singleClicksOnly(card);
    card.classList.add(severityOf(content.views));
    card.setAttribute('role', 'dialog');
    card.setAttribute('aria-modal', 'false');
    card.setAttribute('aria-labelledby', 'second-opinion-pictures-title');
    const header = element('header');
    const title = element('h2', undefined, t(content.views.length === 1 ? 'pictures_title_one' : 'pictures_title_many', [String(content.views.length)]));
    title.id = 'second-opinion-pictures-title';
    title.tabIndex = -1;
    const close = element('button', 'close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', t('card_close'));
    close.addEventListener('click', onTrusted(() => this.close(true)));
    header.append(title, close);
    card.append(header);
    for (const view of content.views) {
      const section = this.section(view, content);
      this.sections.set(view.picture.id, { key: sectionKeyOf(view), node: section });
      card.append(section);
    }
    card.append(element('p', 'hint', t('pictures_private')));
    card.addEventListener('keydown', (event) => {
      event.stopPropagation(); // keys in our card are not the site's shortcuts
      if (event.key === 'Escape') this.close(true);
    });
    this.overlay.root.append(card);
    this.node = card;
    this.place(card, content.anchor);
    if (content.takeFocus || hadFocus) title.focus();
  }

  /** Shows the pictures afresh if the card is open (a reading finished, a picture was removed). */
  refresh(views: PictureView[], blocking: boolean): void {
    if (!this.content || !this.node) return;
    const content = { ...this.content, views, blocking, takeFocus: false };
    if (shapeOf(content) !== shapeOf(this.content)) {
      this.open(content);
      return;
    }
    // The same pictures: only a section whose picture changed is drawn afresh, and a reading's
    // progress moves its bar in place, so the rest of the card stays as it is under the pointer
    // (a button replaced as it is pressed is never clicked).
    const card = this.node;
    const changed = views.filter((view) => this.sections.get(view.picture.id)!.key !== sectionKeyOf(view));
    for (const view of views) {
      const bar = this.progressBars.get(view.picture.id);
      if (bar && view.picture.progress !== undefined && !changed.includes(view)) bar.value = view.picture.progress;
    }
    this.content = content;
    // Nothing measured before this: a progress tick, or a check of the draft that changes no
    // section, forces no layout of the site's page.
    if (!changed.length) return;
    // While the clinician is at the card (the pointer or focus in it), the part of it they are
    // at keeps its place on the screen: under the pointer first, else with focus, else the
    // top. Placed afresh against its badge, a card above the badge moved every button by as
    // much as a section grew or shrank, under the pointer. A card nobody is at is placed
    // afresh, clear of its badge and of the end of the draft.
    const replaced = new Set(changed.map((view) => this.sections.get(view.picture.id)!.node));
    const staying = card.matches(':hover, :focus-within') ? (Array.from(card.children) as HTMLElement[]).filter((child) => !replaced.has(child)) : [];
    const steady = staying.find((child) => child.matches(':hover')) ?? staying.find((child) => child.matches(':focus-within')) ?? staying[0];
    const steadyTop = steady?.getBoundingClientRect().top;
    let focusLost = false;
    for (const view of changed) {
      const shown = this.sections.get(view.picture.id)!;
      focusLost ||= shown.node.matches(':focus-within');
      this.progressBars.delete(view.picture.id);
      const section = this.section(view, content);
      shown.node.replaceWith(section);
      this.sections.set(view.picture.id, { key: sectionKeyOf(view), node: section });
    }
    card.classList.remove(...SEVERITIES);
    card.classList.add(severityOf(views));
    if (steady && steadyTop !== undefined) this.keepInPlace(card, steady, steadyTop);
    else this.place(card, content.anchor);
    // Without scrolling the card: a card scrolled down to the button pressed stays there.
    if (focusLost) card.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
  }

  private section(view: PictureView, content: PictureCardContent): HTMLElement {
    const { picture, report } = view;
    const section = element('section', 'picture');
    section.append(element('h3', undefined, picture.name));
    const actions = element('div', 'actions');
    if (picture.status === 'reading') {
      section.append(element('p', 'status', t('pictures_reading')));
      const progress = element('progress');
      progress.setAttribute('aria-label', t('pictures_reading'));
      if (picture.progress !== undefined) progress.value = picture.progress;
      this.progressBars.set(picture.id, progress);
      section.append(progress);
      const cancel = element('button', 'cancel', t('pictures_cancel'));
      cancel.type = 'button';
      cancel.addEventListener('click', onTrusted(() => this.actions.cancel(picture)));
      actions.append(cancel);
    } else if (picture.status === 'cancelled') {
      section.append(element('p', 'status', t('pictures_cancelled')));
    } else if (picture.status === 'unreadable') {
      section.append(element('p', 'status', capitalised(picture.error ?? t('pictures_unreadable'))), element('p', 'hint', t('pictures_unreadable_hint')));
    } else if (report) {
      // Drawn once the picture is decoded: the card, taller now, is placed again to fit the
      // screen. Only for a reading without the picture's size, which none gives today: the
      // thumbnail is otherwise sized before it is drawn, so the card opens at its full height.
      section.append(
        thumbnail(view, () => {
          if (this.node && this.content) this.place(this.node, this.content.anchor);
        }),
        element('p', 'summary', report.summary),
      );
      if (report.findings.length) {
        const list = element('ul', 'findings');
        const cited = new Map<string, GuidanceRef>();
        for (const finding of report.findings) {
          const item = element('li', finding.severity);
          item.append(element('strong', undefined, `${t(categoryLabelKey(finding.category as Category))}: `), finding.message);
          const words = report.text.slice(finding.start, finding.end).replace(/\s+/g, ' ');
          item.append(' ', element('q', undefined, words.length > 80 ? `${words.slice(0, 80)}…` : words));
          list.append(item);
          for (const ref of finding.guidance) cited.set(ref.id, ref);
        }
        section.append(list, guidanceLinks([...cited.values()]));
      }
      for (const note of report.notes) section.append(this.note(note, picture, content));
    }
    const remove = element('button', 'remove', t('pictures_remove'));
    remove.type = 'button';
    remove.addEventListener('click', onTrusted(() => this.actions.remove(picture)));
    actions.append(remove);
    section.append(actions);
    return section;
  }

  private note(note: ImageNote, picture: Picture, content: PictureCardContent): HTMLElement {
    const box = element('div', `note ${note.kind} ${note.severity}`);
    box.append(element('p', undefined, note.message));
    if (note.kind !== 'consent') return box;
    box.append(guidanceLinks(content.consentGuidance));
    const label = element('label', 'consent');
    const tick = element('input');
    tick.type = 'checkbox';
    tick.className = 'consented';
    tick.checked = picture.consented;
    label.append(tick, element('span', undefined, content.consentLabel));
    // Only the clinician's own click counts: a script's click is not consent.
    const ticked = userTicked(tick, () => this.actions.consent(picture, ticked()));
    box.append(label);
    if (content.blocking) box.append(element('p', 'hint', t('pictures_consent_required')));
    return box;
  }

  private place(card: HTMLElement, anchor: DOMRect): void {
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    const left = Math.max(8, Math.min(anchor.right - width, window.innerWidth - width - 8));
    let top = anchor.top - height - 6;
    if (top < 8) top = Math.min(anchor.bottom + 6, window.innerHeight - height - 8);
    card.style.left = `${left}px`;
    card.style.top = `${Math.max(8, top)}px`;
  }

  /**
   * Moves the card so that `steady` is back at `top` on the screen, as far as the window lets
   * it; what the window does not let (a card at its full height) is made up by scrolling the
   * card's own content, as far as that goes (its scroll anchoring is off, overlay.ts, so the
   * browser does not make the same shift up a second time).
   */
  private keepInPlace(card: HTMLElement, steady: HTMLElement, top: number): void {
    const shift = steady.getBoundingClientRect().top - top;
    const wanted = (Number.parseFloat(card.style.top) || 0) - shift;
    const placed = Math.max(8, Math.min(wanted, window.innerHeight - card.offsetHeight - 8));
    card.style.top = `${placed}px`;
    if (placed !== wanted) card.scrollTop += placed - wanted;
  }

  close(returnFocus: boolean): void {
    const hadFocus = this.node?.matches(':focus-within') ?? false;
    this.node?.remove();
    this.node = undefined;
    this.content = undefined;
    this.progressBars.clear();
    this.sections.clear();
    if (returnFocus || hadFocus) this.actions.returnFocus();
  }
}
