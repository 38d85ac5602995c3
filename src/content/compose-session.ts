/**
 * One compose box being checked: reads its text after each pause in typing, runs the
 * engine, draws the underlines and the badge, and answers the last check. Everything it
 * sets up is torn down through its AbortSignal when the box leaves the page.
 *
 * The check after a pause runs a slice at a time (./slices.ts) so that a key pressed
 * meanwhile is not kept waiting; an edit abandons it, and the next pause starts afresh.
 * The last check before posting runs whole, at once: it must see the very latest text.
 */
import { foldSameWords, shownFindings } from '../engine/fold';
import type { Draft, Finding } from '../engine/types';
import { categoryMode } from '../settings/defaults';
import { checkOptions } from '../settings/check-options';
import type { Settings } from '../settings/schema';
import { t } from '../shared/i18n';
import type { SiteModule } from './sites';
import { Badge } from './lint/badge';
import { Highlighter } from './lint/highlighter';
import type { Overlay } from './lint/overlay';
import { isTextField, readText, type TextModel } from './lint/text-model';
import { contain } from './contain';
import type { EngineApi } from './engine-loader';
import { expectedSteps, runInSlices } from './slices';
import { blockingOf, type Blocking } from './blocking';

export type { Blocking };

/** Re-check this long after the last keystroke. */
export const DEBOUNCE_MS = 150;

/**
 * The last check runs whole, at once, up to this many characters not yet checked (a few
 * milliseconds); a longer draft is checked in slices with a progress bar, so that pressing
 * Post on a pasted megabyte never freezes the page.
 */
export const WHOLE_LAST_CHECK_CHARS = 10_000;

export interface SessionContext {
  engine: EngineApi;
  overlay: Overlay;
  settings(): Settings;
  /** The badge was activated: open the card for this session's first finding. */
  openCard(session: ComposeSession, index: number, takeFocus: boolean): void;
  /** Findings changed (for the toolbar badge and the popup). */
  changed(): void;
}

export class ComposeSession {
  private readonly controller = new AbortController();
  private readonly highlighter: Highlighter;
  private readonly badge: Badge;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The check in progress after a pause, if any; aborted by an edit. */
  private slicing: AbortController | undefined;
  private frame: number | undefined;
  private remeasure = false;
  private model: TextModel | undefined;
  private checkedText: string | undefined;
  private checkedSettings: Settings | undefined;
  private all: Finding[] = [];
  /** Findings dismissed "for this post": rule and flagged words, so they stay dismissed while the clinician types elsewhere. */
  private readonly dismissed = new Set<string>();
  findings: Finding[] = [];
  /** Told where the compose box is each time the badge is placed (the pictures' badge sits beside it). */
  readonly placed = new Set<(editorBox: DOMRect, badgeWidth: number) => void>();

  constructor(
    readonly editor: HTMLElement,
    readonly site: SiteModule,
    private readonly context: SessionContext,
  ) {
    this.highlighter = new Highlighter(editor, context.overlay);
    this.badge = new Badge(context.overlay, () => this.context.openCard(this, 0, true));
    const signal = this.controller.signal;
    const schedule = contain(() => this.schedule());
    editor.addEventListener('input', schedule, { signal });
    // Sites also change the text themselves (clearing after a post, inserting a mention).
    const mutations = new MutationObserver(schedule);
    mutations.observe(editor, { childList: true, characterData: true, subtree: true });
    const relayout = contain(() => this.relayout());
    const resize = new ResizeObserver(relayout);
    resize.observe(editor);
    window.addEventListener('scroll', relayout, { capture: true, passive: true, signal });
    window.addEventListener('resize', relayout, { passive: true, signal });
    signal.addEventListener('abort', () => {
      mutations.disconnect();
      resize.disconnect();
    });
    this.badge.update([], true);
    this.relayout();
    // A box that already holds a long draft (a restored reply, a page's own text) is
    // checked in slices, like any edit: focusing it must not freeze the page.
    if (readText(editor).text.length > WHOLE_LAST_CHECK_CHARS) this.runInSlices();
    else this.run();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get text(): string {
    return this.model?.text ?? '';
  }

  audience() {
    return this.site.audience(this.editor, location);
  }

  schedule(): void {
    this.stopPending();
    this.timer = setTimeout(
      contain(() => {
        this.timer = undefined;
        this.runInSlices();
      }),
      DEBOUNCE_MS,
    );
  }

  /** Check now, whole (the last check must see the very latest text). Returns the visible findings. */
  run(): Finding[] {
    this.stopPending();
    if (this.signal.aborted) return [];
    const model = readText(this.editor);
    const settings = this.context.settings();
    if (!this.isChecked(model, settings)) this.accept(model, settings, this.context.engine.check(this.draft(model), checkOptions(settings)));
    return this.show(model);
  }

  /** The check after a pause in typing: a slice at a time, shown when it completes. */
  private runInSlices(): void {
    if (this.signal.aborted) return;
    const model = readText(this.editor);
    const settings = this.context.settings();
    if (this.isChecked(model, settings)) {
      this.show(model);
      return;
    }
    const slicing = (this.slicing = new AbortController());
    runInSlices(this.context.engine.checkInSteps(this.draft(model), checkOptions(settings)), slicing.signal, (findings) => {
      this.slicing = undefined;
      if (this.signal.aborted) return;
      this.accept(model, settings, findings);
      this.show(model);
    });
  }

  /** Drops a scheduled or half-done check. */
  private stopPending(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.slicing?.abort();
    this.slicing = undefined;
  }

  private draft(model: TextModel): Draft {
    return { text: model.text, site: this.site.id, audience: this.audience() };
  }

  private isChecked(model: TextModel, settings: Settings): boolean {
    return model.text === this.checkedText && settings === this.checkedSettings;
  }

  private accept(model: TextModel, settings: Settings, findings: Finding[]): void {
    if (!model.text.trim()) this.dismissed.clear(); // an empty box is a new post
    this.all = findings;
    this.checkedText = model.text;
    this.checkedSettings = settings;
  }

  /** Shows the latest findings for `model`: underlines, badge, announcement. */
  private show(model: TextModel): Finding[] {
    this.model = model;
    // Each risk once: findings on the same words as one of another category are shown with it
    // (`also`). Folded again after the dismissals, so dismissing the finding shown never hides
    // another risk on the same words (a category the trust blocks among them).
    this.findings = shownFindings(foldSameWords(this.all.filter((finding) => !this.dismissed.has(this.key(finding)))));
    this.highlighter.update(model, this.findings); // draws and measures afresh
    // A badge with new text may be a new width, so it is placed again in the next frame.
    // Unchanged (most pauses in typing), it stays put: the editor's own moves reach
    // relayout() through the observers, and asking for a frame that draws nothing new can
    // cost the next keystroke its frame, as Chromium draws at most one per display refresh.
    if (this.badge.update(this.findings, false)) this.relayout(false);
    this.context.overlay.announce(
      this.findings.length === 0 ? t('announce_clear') : t(this.findings.length === 1 ? 'announce_one' : 'announce_many', [String(this.findings.length)]),
    );
    this.context.changed();
    return this.findings;
  }

  private key(finding: Finding): string {
    return `${finding.rule}\u0000${this.text.slice(finding.start, finding.end).toLowerCase()}`;
  }

  dismiss(finding: Finding): void {
    this.dismissed.add(this.key(finding));
    this.run();
  }

  /** Whether the last check can answer at once: the text as it is now is checked already, or short. */
  canCheckAtOnce(): boolean {
    const model = readText(this.editor);
    return model.text.length <= WHOLE_LAST_CHECK_CHARS || this.isChecked(model, this.context.settings());
  }

  /** Findings that must be confirmed before posting: high severity, or a category the trust blocks. */
  blocking(): Blocking {
    return this.blockingOf(this.run());
  }

  /**
   * The same, for a long draft: checked a slice at a time, `progress` given the fraction
   * done, `done` the answer, or `failed` an error of ours that ended the check (at its
   * start or part way) or this session's end meanwhile (the site re-drew its compose box):
   * either way there is no answer to wait for. Nothing is called once `signal` aborts.
   */
  blockingInSlices(signal: AbortSignal, progress: (fraction: number) => void, done: (blocking: Blocking) => void, failed: (error: unknown) => void): void {
    this.stopPending();
    const sessionEnded = () => new Error('Second Opinion: the compose box went while its draft was checked');
    if (this.signal.aborted) {
      failed(sessionEnded());
      return;
    }
    // The check runs until `signal` aborts or this session ends (the site re-drew its compose
    // box): told at once, not after the rest of a long draft's check. `listening` takes the
    // listeners away once there is an answer or an error.
    const run = new AbortController();
    const listening = new AbortController();
    signal.addEventListener('abort', () => run.abort(), { once: true, signal: listening.signal });
    this.signal.addEventListener(
      'abort',
      () => {
        listening.abort();
        run.abort();
        if (!signal.aborted) failed(sessionEnded());
      },
      { once: true, signal: listening.signal },
    );
    let steps;
    let model: TextModel;
    let settings: Settings;
    try {
      model = readText(this.editor);
      settings = this.context.settings();
      steps = this.context.engine.checkInSteps(this.draft(model), checkOptions(settings));
    } catch (error) {
      listening.abort();
      failed(error);
      return;
    }
    const expected = expectedSteps(model.text.length);
    runInSlices(
      steps,
      run.signal,
      (findings) => {
        listening.abort();
        this.accept(model, settings, findings);
        done(this.blockingOf(this.show(model)));
      },
      (taken) => progress(Math.min(0.99, taken / expected)),
      (error) => {
        listening.abort();
        failed(error);
      },
    );
  }

  private blockingOf(findings: Finding[]): Blocking {
    const settings = this.context.settings();
    return blockingOf(findings, (category) => categoryMode(settings, category) === 'block');
  }

  findingAt(x: number, y: number): number | undefined {
    return this.highlighter.findingAt(x, y);
  }

  /** Back in the editor with `finding`'s words selected (as a user would select them), and its card shown beside them. */
  reveal(finding: Finding): void {
    const editor = this.editor;
    editor.focus();
    if (isTextField(editor)) {
      editor.setSelectionRange(finding.start, finding.end);
    } else {
      const range = readText(editor).range(finding.start, finding.end);
      if (range) {
        const selection = document.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
        (range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement)?.scrollIntoView({ block: 'nearest' });
      }
    }
    const index = this.findings.indexOf(finding);
    this.highlighter.invalidate(); // the selection may have scrolled the words into view
    if (index >= 0) this.context.openCard(this, index, false);
  }

  /**
   * Puts `finding`'s mechanical safer wording in the editor as the user would type it: the
   * words are selected and replaced through the browser's own editing command, which the
   * editor receives as ordinary input (`beforeinput`/`input`) and which its undo takes back.
   * Nothing is done if the words have moved since the check. Whether it was applied.
   */
  applyFix(finding: Finding): boolean {
    if (finding.replacement === undefined) return false;
    const model = readText(this.editor);
    const words = this.text.slice(finding.start, finding.end);
    if (!words || model.text.slice(finding.start, finding.end) !== words) return false;
    const editor = this.editor;
    editor.focus();
    if (isTextField(editor)) {
      editor.setSelectionRange(finding.start, finding.end);
    } else {
      const range = model.range(finding.start, finding.end);
      const selection = document.getSelection();
      if (!range || !selection) return false;
      selection.removeAllRanges();
      selection.addRange(range);
    }
    // execCommand is the one way to edit through the editor's own input path (and undo stack).
    return finding.replacement ? document.execCommand('insertText', false, finding.replacement) : document.execCommand('delete');
  }

  /** The index of the finding under the caret, if any. */
  findingAtCaret(): number | undefined {
    const caret = readText(this.editor).caret();
    if (caret === undefined) return undefined;
    const index = this.findings.findIndex((finding) => caret >= finding.start && caret <= finding.end);
    return index >= 0 ? index : undefined;
  }

  /** Where to put a card for finding `index`: its first rectangle, else the compose box. */
  anchorFor(index: number): DOMRect {
    return this.highlighter.rects()[index]?.[0] ?? this.editor.getBoundingClientRect();
  }

  /**
   * Layout moved (scroll, resize): re-measure the underlines and move the badge on the
   * next frame, once however many events arrive. After a check only the badge moves:
   * the highlighter has just measured.
   */
  relayout(remeasure = true): void {
    this.remeasure ||= remeasure;
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(
      contain(() => {
        this.frame = undefined;
        if (this.signal.aborted) return;
        if (this.remeasure) this.highlighter.invalidate();
        this.remeasure = false;
        const box = this.editor.getBoundingClientRect();
        this.badge.place(box);
        for (const place of this.placed) place(box, this.badge.button.offsetWidth);
      }),
    );
  }

  destroy(): void {
    this.stopPending();
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.controller.abort();
    this.highlighter.destroy();
    this.badge.remove();
  }
}

