/**
 * The last check before posting. Listens at window level in the capture phase, so it
 * sees the post button's click and the submit shortcut before the site does. If the
 * draft has unresolved high-severity (or trust-blocked) risks, the event is stopped and
 * the dialog opens; "Post anyway" then lets exactly one post through.
 */
import { AUTOCOMPLETE_OPEN, safeMatches, type SiteModule } from './sites';
import type { Blocking, ComposeSession } from './compose-session';
import type { LastCheckDialog, LastCheckPicture } from './lint/last-check-dialog';
import type { SessionPictures } from './attachments/session-pictures';
import type { PictureBlocking } from './attachments/picture-blocking';
import { capitalised, reportSeverity } from './lint/picture-card';
import { t } from '../shared/i18n';
import { debugLog } from './contain';

export interface PostGuardContext {
  sessions(): Iterable<ComposeSession>;
  lastFocused(): ComposeSession | undefined;
  /** The pictures attached to a compose box's post, if any. */
  pictures(session: ComposeSession): SessionPictures | undefined;
  /** The post from `session` was let through (nothing to confirm, or "Post anyway"). */
  posted(session: ComposeSession): void;
  dialog: LastCheckDialog;
}

const NO_PICTURES: PictureBlocking = { listed: [], requireReview: false };

function firstMatching(path: EventTarget[], selectors: readonly string[]): Element | undefined {
  for (const target of path) {
    if (!(target instanceof Element)) continue;
    if (selectors.some((selector) => safeMatches(target, selector))) return target;
  }
  return undefined;
}

/** The session whose compose box is nearest `element` in the tree (smallest shared ancestor). */
export function nearestSession(element: Element, sessions: ComposeSession[]): ComposeSession | undefined {
  for (let node: Element | null = element; node; node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null)) {
    const found = sessions.find((session) => node!.contains(session.editor));
    if (found) return found;
  }
  return undefined;
}

/**
 * The compose box: the smallest element holding both the editor and its post button (or the
 * editor's form; without either, the editor's parent). A picture attached through a file
 * input inside it is attached to that post.
 */
export function composeContainer(session: Pick<ComposeSession, 'editor' | 'site'>): Element {
  const editor = session.editor;
  const button = postButtonFor(session);
  if (button) {
    for (let node: Element | null = editor; node; node = node.parentElement) if (node.contains(button)) return node;
  }
  return editor.closest('form') ?? editor.parentElement ?? editor;
}

/** The post button that belongs to `session`, found afresh (sites re-render their buttons). */
export function postButtonFor(session: Pick<ComposeSession, 'editor' | 'site'>): HTMLElement | undefined {
  const candidates: HTMLElement[] = [];
  for (const selector of session.site.postButtons) {
    try {
      candidates.push(...Array.from(document.querySelectorAll<HTMLElement>(selector)));
    } catch {
      // an unsupported selector: try the next
    }
  }
  if (session.site.postButtonScope === 'form') {
    const form = session.editor.closest('form');
    return candidates.find((button) => form?.contains(button));
  }
  // The button nearest the editor: walk up from the editor until a container holds one.
  for (let node: Element | null = session.editor; node; node = node.parentElement) {
    const found = candidates.find((button) => node!.contains(button));
    if (found) return found;
  }
  return undefined;
}

/**
 * Is a suggestion list of this editor open (Enter then picks a suggestion, not send)? Only a
 * list the editor controls, or one inside its compose container, counts: an unrelated list
 * elsewhere on the page must not let Enter skip the last check.
 */
function autocompleteOpen(session: ComposeSession): boolean {
  const editor = session.editor;
  if (editor.getAttribute('aria-expanded') === 'true' || editor.hasAttribute('aria-activedescendant')) return true;
  const visible = (el: Element | null) => el instanceof HTMLElement && el.offsetParent !== null;
  const owned = `${editor.getAttribute('aria-controls') ?? ''} ${editor.getAttribute('aria-owns') ?? ''}`.split(/\s+/).filter(Boolean);
  if (owned.some((id) => visible(document.getElementById(id)))) return true;
  const container = composeContainer(session);
  return AUTOCOMPLETE_OPEN.some((selector) => {
    try {
      return [...container.querySelectorAll(selector)].some(visible);
    } catch {
      return false;
    }
  });
}

export function submitKeyFor(site: SiteModule, editor: Element): 'enter' | 'mod+enter' {
  if (site.submitKey === 'enter' || (site.enterSends && safeMatches(editor, site.enterSends))) return 'enter';
  return 'mod+enter';
}

export class PostGuard {
  constructor(private readonly context: PostGuardContext) {}

  start(signal: AbortSignal): void {
    window.addEventListener('click', (event) => this.onClick(event), { capture: true, signal });
    window.addEventListener('keydown', (event) => this.onKeyDown(event), { capture: true, signal });
  }

  private onClick(event: MouseEvent): void {
    // Only the clinician's own click is checked. A script's click (the site posting for
    // itself, our own "Post anyway", or a page probing us) passes untouched, whatever the
    // draft holds: were the dialog to open for it, a page could write candidate words in
    // the box, click Post from script and learn from the held click which words a trust
    // configured, and so which hospital a pseudonymous clinician works in.
    if (!event.isTrusted) return;
    const sessions = [...this.context.sessions()];
    if (!sessions.length) return;
    const path = event.composedPath();
    for (const session of sessions) {
      const button = firstMatching(path, session.site.postButtons);
      if (!button) continue;
      const owner =
        session.site.postButtonScope === 'form'
          ? sessions.find((candidate) => button.closest('form')?.contains(candidate.editor))
          : nearestSession(button, sessions) ?? this.context.lastFocused();
      if (!owner) return;
      this.intercept(event, owner, () => {
        const target = button.isConnected ? (button as HTMLElement) : postButtonFor(owner);
        target?.click();
      });
      return;
    }
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (!event.isTrusted || event.key !== 'Enter' || event.isComposing || event.keyCode === 229) return;
    const path = event.composedPath();
    const session = [...this.context.sessions()].find((candidate) => path.includes(candidate.editor));
    if (!session) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = submitKeyFor(session.site, session.editor);
    const isSubmit = mod || (key === 'enter' && !event.shiftKey && !event.altKey);
    if (!isSubmit || (!mod && autocompleteOpen(session))) return;
    const { ctrlKey, metaKey } = event;
    this.intercept(event, session, () => {
      const button = postButtonFor(session);
      if (button) {
        button.click();
        return;
      }
      session.editor.focus();
      session.editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', ctrlKey, metaKey, bubbles: true, cancelable: true, composed: true }));
    });
  }

  /**
   * `post` posts as the clinician would have: the same button or key, with the editor's own
   * state untouched (moving its selection first confuses Draft.js). Made from script, that
   * click or key is not checked again (untrusted events pass), so "Post anyway" posts once.
   */
  private intercept(event: Event, session: ComposeSession, post: () => void): void {
    if (this.context.dialog.isOpen) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    const selection = saveSelection(session.editor);
    const onEdit = () => {
      session.editor.focus();
      restoreSelection(session.editor, selection);
    };
    let atOnce;
    let pictures: SessionPictures | undefined;
    try {
      pictures = this.context.pictures(session);
      atOnce = session.canCheckAtOnce() && !pictures?.pictures.pending.length;
    } catch {
      return; // never stand between the clinician and the site because of our own error
    }
    // The click or key is held back only once a dialog is really open: a post must never
    // vanish with neither the post nor the dialog to show for it.
    if (atOnce) {
      let blocking;
      let pictureBlocking;
      try {
        blocking = session.blocking();
        pictureBlocking = pictures?.blocking() ?? NO_PICTURES;
      } catch {
        return;
      }
      if (!blocking.findings.length && !pictureBlocking.listed.length) {
        this.context.posted(session);
        return;
      }
      if (!this.openLastCheck(session, blocking, pictureBlocking, pictures, onEdit, post)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    // A picture still being read, or a long draft not yet checked (a paste just before
    // Post): the dialog says so, with progress, and the page never freezes; "Edit post"
    // goes back, and waiting lets it post by itself if nothing needs confirming.
    const checking = new AbortController();
    const waitingForPictures = !!pictures?.pictures.pending.length;
    let opened = false;
    try {
      opened = this.context.dialog.openChecking(() => {
        checking.abort();
        onEdit();
      }, waitingForPictures ? 'pictures' : 'draft');
    } catch {
      opened = false;
    }
    if (!opened) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    // Once per click: the post goes (nothing to confirm, or our own error), or the answer is
    // shown. An error of ours lets the post go, as "Post anyway" does (and as the check at once
    // above does on our own error): it must never be left held behind a progress bar.
    // A compose box the site re-drew meanwhile is not posted from: its button may now post
    // a new box that was never checked. The dialog goes, and the clinician's next Post is
    // checked afresh.
    let answered = false;
    const letPostGo = () => {
      if (checking.signal.aborted || answered) return; // "Edit post" meanwhile, or answered
      answered = true;
      checking.abort(); // whatever of the check is still to run is not needed
      try {
        this.context.dialog.close();
      } catch (error) {
        debugLog(error);
      }
      if (session.signal.aborted) return;
      try {
        this.context.posted(session);
      } catch (error) {
        debugLog(error);
      }
      try {
        post();
      } catch (error) {
        debugLog(error);
      }
    };
    const checkDraft = () => {
      if (checking.signal.aborted || !this.context.dialog.isChecking) return;
      if (waitingForPictures) this.context.dialog.checkingDraft();
      session.blockingInSlices(
        checking.signal,
        (fraction) => this.context.dialog.progress(fraction),
        (blocking) => {
          if (answered || !this.context.dialog.isChecking) return; // closed meanwhile
          let pictureBlocking = NO_PICTURES;
          try {
            pictureBlocking = pictures?.blocking() ?? NO_PICTURES;
          } catch {
            // our own error: the draft's answer stands
          }
          if (!blocking.findings.length && !pictureBlocking.listed.length) letPostGo();
          else if (this.openLastCheck(session, blocking, pictureBlocking, pictures, onEdit, post)) answered = true;
          else letPostGo();
        },
        letPostGo,
      );
    };
    const checkDraftContained = () => {
      try {
        checkDraft();
      } catch {
        letPostGo();
      }
    };
    if (pictures && waitingForPictures) void pictures.pictures.settled(checking.signal).then(checkDraftContained, letPostGo).catch(debugLog);
    else checkDraftContained();
  }

  /** Opens the last check on `blocking` and the pictures'; whether it is really open. */
  private openLastCheck(session: ComposeSession, blocking: Blocking, pictureBlocking: PictureBlocking, pictures: SessionPictures | undefined, onEdit: () => void, onPostAnyway: () => void): boolean {
    try {
      return this.context.dialog.open({
        findings: blocking.findings,
        text: session.text,
        pictures: pictureBlocking.listed.map((listed) => lastCheckPicture(listed, pictures!)),
        requireReview: blocking.requireReview || pictureBlocking.requireReview,
        onEdit,
        onPostAnyway: () => {
          this.context.posted(session);
          onPostAnyway();
        },
        onShow: (finding) => session.reveal(finding),
      });
    } catch {
      return false;
    }
  }
}

/** One listed picture as the last check shows it. */
function lastCheckPicture(listed: PictureBlocking['listed'][number], pictures: SessionPictures): LastCheckPicture {
  const { picture, report } = listed;
  const summary =
    picture.status === 'checked' ? (report?.summary ?? '') : picture.status === 'cancelled' ? t('pictures_cancelled') : capitalised(picture.error ?? t('pictures_unreadable'));
  const lines = [...(report?.findings ?? []).map((finding) => finding.message), ...(report?.notes ?? []).filter((note) => note.kind !== 'consent').map((note) => note.message)];
  const consentNote = report?.notes.find((note) => note.kind === 'consent');
  if (consentNote) lines.push(consentNote.message);
  return {
    name: picture.name,
    severity: reportSeverity(report) ?? 'medium',
    summary,
    lines: [...new Set(lines)],
    consent: listed.consentAsked
      ? {
          label: pictures.consentLabel,
          ticked: picture.consented,
          required: listed.consentRequired,
          onTick: (ticked) => {
            picture.consented = ticked;
            pictures.refresh();
          },
        }
      : undefined,
  };
}

type SavedSelection = Range | { start: number; end: number } | undefined;

function saveSelection(editor: HTMLElement): SavedSelection {
  if (editor instanceof HTMLTextAreaElement || editor instanceof HTMLInputElement) {
    return { start: editor.selectionStart ?? 0, end: editor.selectionEnd ?? 0 };
  }
  const selection = document.getSelection();
  if (!selection?.rangeCount) return undefined;
  const range = selection.getRangeAt(0);
  return editor.contains(range.startContainer) ? range.cloneRange() : undefined;
}

/** Put the caret back where it was, so "Edit post" returns the clinician to the same place. */
function restoreSelection(editor: HTMLElement, saved: SavedSelection): void {
  if (!saved) return;
  if (saved instanceof Range) {
    if (!editor.contains(saved.startContainer)) return;
    const selection = document.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(saved);
  } else if (editor instanceof HTMLTextAreaElement || editor instanceof HTMLInputElement) {
    editor.setSelectionRange(saved.start, saved.end);
  }
}
