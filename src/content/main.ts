/**
 * The checker: injected with the engine by the background worker the first time the
 * sentinel (`sentinel.ts`) sees a compose box of this site get focus, so pages where
 * nobody writes never load it. It starts a ComposeSession for that box and for every
 * box focused later, and a MutationObserver tears down sessions whose box has gone.
 *
 * Every entry point runs inside `contain()`: an error of ours is swallowed (and logged
 * only in our own console group when debugging), never thrown into the site.
 */
// First, before any module calls t(): the packaged words if the browser's table is empty.
import '../shared/page-messages';
import browser from 'webextension-polyfill';
import type { Category, Finding, Severity } from '../engine/types';
import { DEFAULT_EFFECTIVE, type EffectiveSettings } from '../settings/defaults';
import { watchEffective } from '../settings/effective';
import type { Settings } from '../settings/schema';
import type { DraftState, RuntimeMessage } from '../shared/messages';
import { ComposeSession } from './compose-session';
import { contain, debugLog } from './contain';
import { loadEngine, type EngineApi } from './engine-loader';
import { highestSeverity } from './lint/badge';
import { Card } from './lint/card';
import { onTrusted } from './lint/trusted';
import { LastCheckDialog } from './lint/last-check-dialog';
import { getOverlay, type Overlay } from './lint/overlay';
import { Toast } from './lint/toast';
import { categoryLabelKey, t } from '../shared/i18n';
import { PostGuard } from './post-guard';
import { safeClosest, safeMatches, siteForEditor, sitesForHost, type SiteModule } from './sites';
import { watchAttachments, type CaughtFiles } from './attachments/catch';
import { PictureReaderClient } from './attachments/reader-client';
import { isTypingKey } from './typing-key';
import { SessionPictures } from './attachments/session-pictures';
import { composeContainer, nearestSession } from './post-guard';

/** Hover this long over an underline before its card opens (so passing the pointer over text is quiet). */
const HOVER_OPEN_MS = 200;

/**
 * Whether a picture that arrived at `target` belongs to the post of `editor`: it did if
 * `target` is inside the compose box (the smallest element holding the editor and its post
 * button), as a composer's photo button is; a profile-photo input elsewhere is not.
 */
function inComposer(target: Element, editor: HTMLElement, site: SiteModule): boolean {
  return composeContainer({ editor, site }).contains(target);
}

class ContentScript {
  private readonly controller = new AbortController();
  private readonly sessions = new Map<HTMLElement, ComposeSession>();
  /** The pictures attached to each compose box's post (made when the first arrives). */
  private readonly pictures = new Map<ComposeSession, SessionPictures>();
  /**
   * Made at once, not at the first picture: it hears every key from the start, so the page's
   * first picture also waits for a pause after keys typed before it was attached. It opens
   * nothing until a picture is read.
   */
  private readonly reader = new PictureReaderClient(() => getOverlay());
  private engine: EngineApi | undefined;
  private readonly pending = new Set<HTMLElement>();
  private readonly candidates: readonly SiteModule[] = sitesForHost(location.hostname);
  private effective: EffectiveSettings = DEFAULT_EFFECTIVE;
  private settingsReady = false;
  private overlay: Overlay | undefined;
  private card: Card | undefined;
  private toast: Toast | undefined;
  private dialog: LastCheckDialog | undefined;
  private focused: ComposeSession | undefined;
  /** The session whose finding the card shows. */
  private cardSession: ComposeSession | undefined;
  private hoverTimer: ReturnType<typeof setTimeout> | undefined;
  private hoverFrame: number | undefined;
  private hoverAt = { x: 0, y: 0 };
  private lastReported = '';

  start(): void {
    const signal = this.controller.signal;
    watchEffective(contain((effective) => this.applySettings(effective)), signal);
    document.addEventListener('focusin', contain((event: FocusEvent) => this.onFocusIn(event)), { capture: true, signal });
    // The pointer, keys and presses heard are the clinician's own, never a page's made-up
    // events: a made-up move over a word would open the card there whenever the page liked,
    // and where it opened would tell the page which words we flag (the underlines are drawn
    // where its scripts cannot read them); a made-up Alt+Enter would open it with focus taken
    // from the editor; made-up typing would hold a picture's reading back (as made-up attaching
    // can, which we read on purpose: src/content/attachments/catch.ts); a made-up
    // press would close what the clinician is reading. (Tools that click by made-up events,
    // such as keyboard-driven browsing extensions, lose hover and press-to-close here.)
    document.addEventListener('mousemove', contain(onTrusted((event: MouseEvent) => this.onMouseMove(event))), { passive: true, signal });
    window.addEventListener('keydown', contain(onTrusted((event: KeyboardEvent) => this.onKeyDown(event))), { capture: true, signal });
    // A press anywhere outside the card closes it: the clinician has moved on.
    window.addEventListener('pointerdown', contain(onTrusted((event: PointerEvent) => this.onPointerDown(event))), { capture: true, passive: true, signal });
    // A press in a frame of the page (an embedded post, a video, a site's own editor frame)
    // reaches that frame's document, not ours; what we hear is this window losing focus to it.
    window.addEventListener('blur', contain(onTrusted(() => this.onFocusToFrame())), { signal });
    const removals = new MutationObserver(contain(() => this.onMutations()));
    removals.observe(document.documentElement, { childList: true, subtree: true });
    signal.addEventListener('abort', () => removals.disconnect());
    browser.runtime.onMessage.addListener(this.onMessage);
    signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(this.onMessage));
    watchAttachments(this.candidates, signal, contain((caught: CaughtFiles) => this.onAttached(caught)));
    // Pictures attached before this checker was loaded: the sentinel kept them for us.
    const early = globalThis.SecondOpinionEarlyPictures ?? [];
    globalThis.SecondOpinionEarlyPictures = undefined;
    for (const caught of early) this.onAttached(caught);
  }

  /**
   * A picture was attached: to the compose box it was pasted or dropped on, or, from a file
   * picker or a drop zone, to the compose box nearest it. A compose box not yet being
   * checked is started for it.
   */
  private onAttached(caught: CaughtFiles): void {
    if (!this.settingsReady) {
      // Settings arrive within moments of the checker starting; the picture waits for them.
      setTimeout(contain(() => this.onAttached(caught)), 50);
      return;
    }
    if (this.settings.imageCheck === 'off') return;
    const sessions = [...this.sessions.values()];
    // Pasted or dropped on a compose box: that box's post.
    let session = sessions.find((candidate) => caught.path.includes(candidate.editor));
    if (session) {
      this.picturesOf(session).add(caught.files, caught.how);
      return;
    }
    // From a file picker or a drop zone: the compose box in the same composer. A profile
    // photo or a document uploaded elsewhere on the page belongs to no post.
    if (caught.how === 'paste' || (caught.how === 'drop' && !this.candidates.some((site) => this.isAttachmentPlace(site, caught)))) return;
    session = nearestSession(caught.target, sessions);
    if (session && inComposer(caught.target, session.editor, session.site)) {
      this.picturesOf(session).add(caught.files, caught.how);
      return;
    }
    // No compose box of that composer is being checked yet: it is started for the picture.
    const editor = this.nearestEditor(caught.target);
    const site = editor && siteForEditor(this.candidates, editor);
    if (!editor || !site || !inComposer(caught.target, editor, site)) return;
    void this.begin(editor)?.then(contain(() => {
      const started = this.sessions.get(editor);
      if (started) this.picturesOf(started).add(caught.files, caught.how);
    }));
  }

  private isAttachmentPlace(site: SiteModule, caught: CaughtFiles): boolean {
    const zones = site.attachments?.dropZones ?? [];
    return caught.path.some((target) => target instanceof Element && zones.some((zone) => safeMatches(target, zone)));
  }

  /** The compose box nearest `element` in its composer: the first found walking up from it, short of the page's body. */
  private nearestEditor(element: Element): HTMLElement | undefined {
    for (let node: Element | null = element; node && node !== document.body && node !== document.documentElement; node = node.parentElement) {
      for (const site of this.candidates) {
        for (const selector of site.editors) {
          let found: Element | null = null;
          try {
            found = node.querySelector(selector);
          } catch {
            // an unsupported selector: try the next
          }
          if (found instanceof HTMLElement) return found;
        }
      }
    }
    return undefined;
  }

  private picturesOf(session: ComposeSession): SessionPictures {
    let pictures = this.pictures.get(session);
    if (!pictures) {
      pictures = new SessionPictures(session, { engine: this.engine!, reader: this.reader, overlay: getOverlay(), settings: () => this.settings, changed: () => this.report() });
      this.pictures.set(session, pictures);
    }
    return pictures;
  }

  private get settings(): Settings {
    return this.effective.settings;
  }

  private isPaused(site?: SiteModule): boolean {
    if (this.settings.pausedHosts.includes(location.hostname)) return true;
    return !!site && this.settings.disabledSites.includes(site.id);
  }

  private applySettings(effective: EffectiveSettings): void {
    this.effective = effective;
    this.settingsReady = true;
    for (const session of [...this.sessions.values()]) {
      if (this.isPaused(session.site)) this.endSession(session);
      else session.run();
    }
    for (const pictures of this.pictures.values()) pictures.refresh();
    this.report();
    const active = this.activeEditor();
    if (active) this.begin(active);
  }

  /** The compose box with focus, looking through open shadow roots (Reddit wraps its editor in one). */
  private activeEditor(): HTMLElement | undefined {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active instanceof HTMLElement ? active : undefined;
  }

  private onFocusIn(event: FocusEvent): void {
    const target = event.composedPath()[0];
    if (target instanceof HTMLElement) this.begin(target);
  }

  /** Starts checking `target` if it is a compose box; the promise settles once it is (or is not) started. */
  private begin(target: HTMLElement): Promise<void> | undefined {
    if (this.overlay?.host.contains(target) || target === this.overlay?.host) return;
    const existing = this.sessions.get(target);
    if (existing) {
      this.focused = existing;
      return Promise.resolve();
    }
    if (this.pending.has(target) || !this.settingsReady) return;
    const site = siteForEditor(this.candidates, target);
    if (!site || this.isPaused(site)) return;
    // Rich editors: only the editing host itself (not a nested editable inside it).
    if (target.isContentEditable && target.parentElement?.isContentEditable) return;
    if (safeClosest(target, '[aria-readonly="true"], [readonly]')) return;
    this.pending.add(target);
    return loadEngine()
      .then(
        contain((engine) => {
          this.engine = engine;
          if (!target.isConnected || this.sessions.has(target) || this.isPaused(site)) return;
          const overlay = (this.overlay = getOverlay());
          this.card ??= new Card(overlay, {
            dismiss: (finding) => this.cardSession?.dismiss(finding),
            mute: (finding, words) => void this.mute(finding, words),
            fix: (finding) => this.cardSession?.applyFix(finding),
            returnFocus: () => this.cardSession?.editor.focus(),
            highRules: () => engine.highRules(),
          });
          if (!this.dialog) {
            this.dialog = new LastCheckDialog(() => getOverlay());
            const guard = new PostGuard({
              sessions: () => this.sessions.values(),
              lastFocused: () => this.focused,
              pictures: (session) => this.pictures.get(session),
              posted: (session) => this.pictures.get(session)?.posted(),
              dialog: this.dialog,
            });
            guard.start(this.controller.signal);
          }
          const session = new ComposeSession(target, site, {
            engine,
            overlay,
            settings: () => this.settings,
            openCard: (owner, index, takeFocus) => this.openCard(owner, index, takeFocus),
            changed: () => {
              // Called from the constructor too (its first check), before `session` is set.
              const started = this.sessions.get(target);
              if (started) this.pictures.get(started)?.refresh();
              this.report();
            },
          });
          this.sessions.set(target, session);
          this.focused = session;
        }),
      )
      .catch(debugLog)
      .finally(() => this.pending.delete(target));
  }

  private endSession(session: ComposeSession): void {
    if (this.cardSession === session) this.card?.close(false);
    this.pictures.get(session)?.destroy();
    this.pictures.delete(session);
    session.destroy();
    this.sessions.delete(session.editor);
    if (this.focused === session) this.focused = undefined;
  }

  /** Compose boxes that left the page (a modal closed, a reply posted) are torn down. */
  private onMutations(): void {
    if (!this.sessions.size) return;
    let removed = false;
    for (const session of [...this.sessions.values()]) {
      if (!session.editor.isConnected) {
        this.endSession(session);
        removed = true;
      }
    }
    if (removed) this.report();
    if (!this.sessions.size && this.overlay) {
      this.card?.close(false);
    }
  }

  private openCard(session: ComposeSession, index: number, takeFocus: boolean): void {
    if (!this.card || !session.findings.length) return;
    this.cardSession = session;
    this.card.open({ findings: session.findings, index, text: session.text, anchor: session.anchorFor(index), takeFocus });
  }

  private onMouseMove(event: MouseEvent): void {
    if (!this.sessions.size || !this.card) return;
    // Moves are handled once per frame, at the latest position: a move that arrives while a
    // frame is pending replaces the one before it instead of being dropped.
    this.hoverAt = { x: event.clientX, y: event.clientY };
    if (this.hoverFrame !== undefined) return;
    this.hoverFrame = requestAnimationFrame(
      contain(() => {
        this.hoverFrame = undefined;
        const { x, y } = this.hoverAt;
        if (this.card!.contains(x, y)) return;
        for (const session of this.sessions.values()) {
          const box = session.editor.getBoundingClientRect();
          if (x < box.left - 4 || x > box.right + 4 || y < box.top - 4 || y > box.bottom + 8) continue;
          const index = session.findingAt(x, y);
          if (index === undefined) break;
          if (this.card!.isOpen && this.card!.shown === session.findings[index]) return;
          clearTimeout(this.hoverTimer);
          this.hoverTimer = setTimeout(contain(() => this.openCard(session, index, false)), HOVER_OPEN_MS);
          return;
        }
        clearTimeout(this.hoverTimer);
        if (this.card!.isOpen) this.card!.scheduleHide();
      }),
    );
  }

  private onPointerDown(event: PointerEvent): void {
    if (!this.overlay || event.composedPath().includes(this.overlay.host)) return;
    this.closeCards();
  }

  /** The clinician has moved on: the findings card and any pictures card close, focus left where it is. */
  private closeCards(): void {
    if (this.card?.isOpen) this.card.close(false);
    for (const pictures of this.pictures.values()) pictures.closeCard();
  }

  /**
   * Focus went from this page into one of its frames under the pointer: the clinician pressed
   * there, and has moved on, as with a press anywhere else outside the card. A page's script
   * can move focus into a frame too, so only a frame the pointer is over counts (no script
   * moves the pointer), and only just after a gesture of the clinician's (the browser's
   * transient user activation, which a press in a frame gives its parents too). Tabbing into
   * a frame closes nothing, as tabbing elsewhere does not; switching to another tab or window
   * also blurs, but leaves no frame focused. (<object> and <embed> are not counted.) What is
   * left to a page: within seconds of a key or click, slide a frame under the resting pointer
   * and focus it. That closes the card, as the clinician's own press would; it learns the page
   * nothing and leaves the draft and the last check at Post as they were.
   */
  private onFocusToFrame(): void {
    const focused = document.activeElement;
    if (!(focused instanceof HTMLIFrameElement || focused instanceof HTMLFrameElement) || !focused.matches(':hover')) return;
    if (!navigator.userActivation?.isActive) return;
    this.closeCards();
  }

  private onKeyDown(event: KeyboardEvent): void {
    // Typing comes first: a picture being read waits for a pause (src/pages/ocr.ts).
    if (isTypingKey(event) && !event.composedPath().includes(this.overlay?.host as EventTarget)) this.reader.typing();
    if (event.key === 'Escape' && this.card?.isOpen) {
      this.card.close(true);
      return;
    }
    // Typing in the compose box while a hover card is open: the card has been read.
    if (this.card?.isOpen && !event.composedPath().includes(this.overlay!.host)) this.card.close(false);
    // Alt+Enter in a compose box opens the card for the risk at the caret (or the first).
    if (event.key !== 'Enter' || !event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const path = event.composedPath();
    const session = [...this.sessions.values()].find((candidate) => path.includes(candidate.editor));
    if (!session) return;
    session.run();
    if (!session.findings.length) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    this.openCard(session, session.findingAtCaret() ?? 0, true);
  }

  /**
   * "Don't flag this again": the background worker validates and stores the mute (the new
   * settings then arrive here), and a note says what was stopped, with Undo for a few seconds.
   */
  private async mute(finding: Finding, words: string | undefined): Promise<void> {
    const message: RuntimeMessage = { type: 'mute', rule: finding.rule, ...(words !== undefined ? { words } : {}) };
    const stored = (await browser.runtime.sendMessage(message)) === true;
    this.toast ??= new Toast(() => getOverlay());
    if (!stored) {
      this.toast.show(t('mute_refused'));
      return;
    }
    const shown = words !== undefined && words.length > 60 ? `${words.slice(0, 60)}…` : words;
    this.toast.show(words !== undefined ? t('mute_done_words', [shown ?? '']) : t('mute_done_rule', [t(categoryLabelKey(finding.category))]), {
      label: t('mute_undo'),
      run: () => void browser.runtime.sendMessage({ ...message, undo: true } satisfies RuntimeMessage),
    });
  }

  /** Counts for the toolbar badge and the popup. Categories and numbers only, never text. */
  private state(): DraftState {
    const byCategory: Partial<Record<Category, number>> = {};
    let total = 0;
    for (const session of this.sessions.values()) {
      for (const finding of session.findings) {
        // A risk folded into this finding (`also`) is still a risk of its own kind.
        for (const category of [finding.category, ...(finding.also ?? []).map((other) => other.category)]) byCategory[category] = (byCategory[category] ?? 0) + 1;
        total++;
      }
    }
    const site = this.focused?.site ?? [...this.sessions.values()][0]?.site;
    const pictures = { reading: 0, checked: 0, withRisks: 0 };
    for (const sessionPictures of this.pictures.values()) {
      for (const view of sessionPictures.views()) {
        if (view.picture.status === 'reading') pictures.reading++;
        if (view.picture.status === 'checked') pictures.checked++;
        if (view.report && (view.report.findings.length || view.report.notes.length)) pictures.withRisks++;
      }
    }
    return { hasComposeBox: this.sessions.size > 0, site: site?.id ?? null, paused: this.isPaused(), byCategory, total, pictures };
  }

  private report(): void {
    const all = [...this.sessions.values()].flatMap((session) => session.findings);
    // The pictures' risks count too, at the severity of each picture's worst.
    let count = all.length;
    const severities: { severity: Severity }[] = [...all];
    for (const pictures of this.pictures.values()) {
      const state = pictures.state();
      if (!state?.risks || !state.highest) continue;
      count += state.risks;
      severities.push({ severity: state.highest });
    }
    const message: RuntimeMessage = { type: 'draft-state', count, highest: highestSeverity(severities) };
    const key = `${message.count}/${message.highest}`;
    if (key === this.lastReported) return;
    this.lastReported = key;
    browser.runtime.sendMessage(message).catch(() => undefined);
  }

  private readonly onMessage = (message: unknown): Promise<DraftState> | undefined => {
    if ((message as RuntimeMessage | undefined)?.type === 'get-draft-state') return Promise.resolve(this.state());
    return undefined;
  };
}

// Injected by the background worker when the sentinel saw a compose box get focus; once per frame.
if (!globalThis.SecondOpinionContentStarted) {
  globalThis.SecondOpinionContentStarted = true;
  contain(() => new ContentScript().start())();
}
