/**
 * The pictures of one compose box: caught attachments are read and checked (pictures.ts),
 * the pictures' badge shows progress and what was found, and its card shows the details.
 * The last check asks it what to list (picture-blocking.ts).
 */
import { categoryLabelKey, t } from '../../shared/i18n';
import imageRulesJson from '../../../build/images.json';
import { analyseImage, consentCueIn } from '../../ocr/analyse';
import type { ImageRules } from '../../rules/images';
import { checkOptions } from '../../settings/check-options';
import { categoryMode } from '../../settings/defaults';
import type { Settings } from '../../settings/schema';
import type { Category, GuidanceRef } from '../../engine/types';
import type { ComposeSession } from '../compose-session';
import { contain } from '../contain';
import { readText } from '../lint/text-model';
import type { EngineApi } from '../engine-loader';
import { PictureBadge, type PictureBadgeState } from '../lint/picture-badge';
import { highestSeverity } from '../lint/badge';
import { PictureCard, type PictureView } from '../lint/picture-card';
import type { Overlay } from '../lint/overlay';
import type { AttachedHow } from './catch';
import { pictureBlocking, type PictureBlocking } from './picture-blocking';
import { Pictures } from './pictures';
import type { PictureReaderClient } from './reader-client';

/** A compose box emptied this soon after a post was let through was emptied by that post. */
const POSTED_WITHIN_MS = 3000;

const IMAGE_RULES = imageRulesJson as unknown as ImageRules & { guidance: Record<string, Omit<GuidanceRef, 'id'>> };

export interface SessionPicturesContext {
  engine: EngineApi;
  reader: PictureReaderClient;
  overlay: Overlay;
  settings(): Settings;
  /** Counts changed (toolbar badge, popup). */
  changed(): void;
}

export class SessionPictures {
  readonly pictures: Pictures;
  private readonly badge: PictureBadge;
  private readonly card: PictureCard;

  constructor(
    private readonly session: ComposeSession,
    private readonly context: SessionPicturesContext,
  ) {
    this.pictures = new Pictures({
      read: (file, signal, onProgress) => context.reader.read(file, signal, onProgress),
      analyse: (reading, metadata, draftHasConsentCue) =>
        analyseImage(reading, metadata, (text) => context.engine.check({ text, site: session.site.id, audience: session.audience() }, checkOptions(context.settings())), {
          draftHasConsentCue,
          site: session.site.id,
          label: (category) => t(categoryLabelKey(category)),
        }),
      changed: contain(() => this.update()),
    });
    this.badge = new PictureBadge(context.overlay, () => this.openCard(true));
    this.card = new PictureCard(context.overlay, {
      cancel: (picture) => this.pictures.cancel(picture),
      remove: (picture) => this.pictures.remove(picture),
      consent: (picture, ticked) => {
        picture.consented = ticked;
        this.update();
      },
      returnFocus: () => session.editor.focus(),
    });
    this.place = this.place.bind(this);
    session.placed.add(this.place);
  }

  private place(editorBox: DOMRect, badgeWidth: number): void {
    this.badge.place(editorBox, badgeWidth);
  }

  get mode() {
    return this.context.settings().imageCheck;
  }

  add(files: readonly File[], how: AttachedHow): void {
    if (this.mode === 'off') return;
    for (const file of files) this.pictures.add(file, how);
  }

  /** Each picture with what it shows, checked against the draft and settings as they are now. */
  views(): PictureView[] {
    const settings = this.context.settings();
    const cue = this.draftHasConsentCue();
    return this.pictures.all.map((picture) => ({ picture, report: this.pictures.report(picture, cue, settings) }));
  }

  /** The draft's consent cue, found once per text of the draft. */
  private draftCue: { text: string; cue: boolean } | undefined;

  private draftHasConsentCue(): boolean {
    const text = this.session.text;
    if (this.draftCue?.text !== text) this.draftCue = { text, cue: consentCueIn(text) };
    return this.draftCue.cue;
  }

  state(): PictureBadgeState | undefined {
    if (!this.pictures.size) return undefined;
    const views = this.views();
    let risks = 0;
    for (const view of views) risks += (view.report?.findings.length ?? 0) + (view.report?.notes.filter((note) => !(note.kind === 'consent' && view.picture.consented)).length ?? 0);
    const highest = highestSeverity(views.flatMap((view) => [...(view.report?.findings ?? []), ...(view.report?.notes ?? [])]));
    const pending = this.pictures.pending;
    // The reading's progress, of all the pictures being read together.
    const progress = pending.length ? pending.reduce((sum, picture) => sum + (picture.progress ?? 0), 0) / pending.length : undefined;
    return { reading: pending.length, progress, risks, highest, unreadable: views.filter((view) => view.picture.status === 'unreadable' || view.picture.status === 'cancelled').length };
  }

  /** What the last check lists about the pictures. */
  blocking(): PictureBlocking {
    const settings = this.context.settings();
    return pictureBlocking(this.views(), settings.imageCheck, (category: Category) => categoryMode(settings, category) === 'block');
  }

  consentGuidance(): GuidanceRef[] {
    return IMAGE_RULES.consent.guidance.map((id) => ({ id, ...IMAGE_RULES.guidance[id]! }) as GuidanceRef);
  }

  get consentLabel(): string {
    return IMAGE_RULES.consent.acknowledge;
  }

  openCard(takeFocus: boolean): void {
    this.card.open({
      views: this.views(),
      anchor: this.badge.button.getBoundingClientRect(),
      takeFocus,
      blocking: this.mode === 'block',
      consentGuidance: this.consentGuidance(),
      consentLabel: this.consentLabel,
    });
  }

  /**
   * A post was let through. Once the site has emptied its compose box (at once, for a post
   * of pictures alone), the pictures went with it, and the next post starts without them.
   * A box the site leaves full (the post failed, or the site keeps the text) keeps them.
   * The box is read afresh, a few times: a site that empties a textarea by setting its value
   * fires no event that would start a check (seen on the Discourse fixture).
   */
  posted(): void {
    if (!this.pictures.size) return;
    const started = performance.now();
    const look = contain(() => {
      if (!this.session.editor.isConnected || !readText(this.session.editor).text.trim()) {
        this.card.close(false);
        this.pictures.clear();
      } else if (performance.now() - started < POSTED_WITHIN_MS) setTimeout(look, 300);
    });
    look();
  }

  /** The clinician pressed elsewhere: they have moved on. */
  closeCard(): void {
    if (this.card.isOpen) this.card.close(false);
  }

  private update(): void {
    if (this.badge.update(this.state())) this.session.relayout(false);
    if (this.card.isOpen) this.card.refresh(this.views(), this.mode === 'block');
    this.context.changed();
  }

  /** The draft or the settings changed: what a picture shows may have (a consent cue in the draft). */
  refresh(): void {
    if (this.pictures.size) this.update();
  }

  destroy(): void {
    this.pictures.destroy();
    this.session.placed.delete(this.place);
    this.card.close(false);
    this.badge.remove();
  }
}
