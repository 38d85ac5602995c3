/**
 * The last check before posting: a modal dialog listing the unresolved high-severity
 * risks, one line per risk (category) with its count, each opening to its findings and
 * a "Show in post" that returns to the editor with those words selected. "Edit post" (the default, and Escape) returns to the editor; "Post anyway"
 * lets the post go exactly once. Where the trust has set a category to `block`, "Post
 * anyway" stays disabled until the clinician ticks that they have reviewed the post.
 */
import type { Finding } from '../../engine/types';
import { categoryLabelKey, t } from '../../shared/i18n';
import type { Overlay } from './overlay';
import { onTrusted, singleClicksOnly, userTicked } from './trusted';

/** An attached picture the last check lists: what it shows, and the consent tick for a clinical image. */
export interface LastCheckPicture {
  name: string;
  severity: Finding['severity'];
  /** One line a person reads first (what the picture shows, or why it was not checked). */
  summary: string;
  /** The findings and notes, one line each. */
  lines: string[];
  consent?: {
    label: string;
    ticked: boolean;
    /** The post waits for this tick. */
    required: boolean;
    /** The clinician's own tick or untick. */
    onTick(ticked: boolean): void;
  };
}

export interface LastCheckRequest {
  findings: Finding[];
  text: string;
  /** Attached pictures with something to confirm. */
  pictures?: LastCheckPicture[];
  /** A blocking category is among the findings: require the review tick. */
  requireReview: boolean;
  onEdit(): void;
  onPostAnyway(): void;
  /** "Show in post": back to the editor with these words selected. */
  onShow(finding: Finding): void;
}

const SEVERITY_ORDER: Record<Finding['severity'], number> = { high: 0, medium: 1, low: 2 };

/** The findings by category, worst first (then the most findings, then the first in the draft); each group in draft order. */
export function groupByCategory(findings: readonly Finding[]): { category: Finding['category']; severity: Finding['severity']; findings: Finding[] }[] {
  const groups = new Map<Finding['category'], Finding[]>();
  for (const finding of [...findings].sort((a, b) => a.start - b.start)) {
    const list = groups.get(finding.category);
    if (list) list.push(finding);
    else groups.set(finding.category, [finding]);
  }
  return [...groups]
    .map(([category, list]) => ({ category, findings: list, severity: list.reduce((worst, f) => (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[worst] ? f.severity : worst), 'low' as Finding['severity']) }))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.findings.length - a.findings.length || a.findings[0]!.start - b.findings[0]!.start);
}

export class LastCheckDialog {
  private dialog: HTMLDialogElement | undefined;
  /** The progress bar while a long draft is still being checked. */
  private checking: HTMLProgressElement | undefined;

  /**
   * `overlay` is asked at each opening: a page that removed our overlay element gets a new
   * one, so the dialog never opens into a detached root (where showModal throws).
   */
  constructor(private readonly overlay: () => Overlay) {}

  get isOpen(): boolean {
    return this.dialog?.open ?? false;
  }

  /** Opens the dialog; whether it is really open (the caller holds the post only then). */
  open(request: LastCheckRequest): boolean {
    const pictures = request.pictures ?? [];
    const total = request.findings.length + pictures.length;
    const { dialog, edit, actions } = this.frame(
      'last-check ui',
      t('lastcheck_title'),
      t(total === 1 ? 'lastcheck_intro_one' : 'lastcheck_intro_many', [String(total)]),
      () => finish('edit'),
    );
    // One line per risk, worst first, with how many findings it has; each opens to its
    // findings. Folded, a draft with two dozen risks still fits one screen.
    const list = document.createElement('div');
    list.className = 'groups';
    for (const group of groupByCategory(request.findings)) {
      const details = document.createElement('details');
      details.className = `group ${group.severity}`;
      const summary = document.createElement('summary');
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = t(categoryLabelKey(group.category));
      summary.append(label, `: ${group.findings.length}`);
      const items = document.createElement('ul');
      const explained = new Set<string>();
      for (const finding of group.findings) {
        const item = document.createElement('li');
        const quote = document.createElement('q');
        const quoted = request.text.slice(finding.start, finding.end);
        quote.textContent = quoted.length > 120 ? `${quoted.slice(0, 120)}…` : quoted;
        const show = document.createElement('button');
        show.type = 'button';
        show.className = 'show';
        show.textContent = t('lastcheck_show');
        show.addEventListener('click', onTrusted(() => finish('show', finding)));
        item.append(quote, ' ', show);
        // A rule's explanation once per risk: the same words under every finding add nothing.
        if (!explained.has(finding.rule)) {
          explained.add(finding.rule);
          const message = document.createElement('div');
          message.textContent = finding.message;
          item.append(message);
        }
        for (const other of finding.also ?? []) {
          const also = document.createElement('div');
          also.className = 'also';
          also.textContent = `${t('card_also', [t(categoryLabelKey(other.category))])} ${other.message}`;
          item.append(also);
        }
        items.append(item);
      }
      details.append(summary, items);
      list.append(details);
    }
    dialog.append(list);
    const consents: (() => boolean)[] = [];
    let updatePost = () => undefined as void;
    for (const picture of pictures) {
      const details = document.createElement('details');
      details.className = `group picture ${picture.severity}`;
      details.open = true;
      const summary = document.createElement('summary');
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = t('lastcheck_picture', [picture.name]);
      summary.append(label);
      const body = document.createElement('div');
      const first = document.createElement('p');
      first.textContent = picture.summary;
      body.append(first);
      if (picture.lines.length) {
        const items = document.createElement('ul');
        for (const line of picture.lines) {
          const item = document.createElement('li');
          item.textContent = line;
          items.append(item);
        }
        body.append(items);
      }
      const consent = picture.consent;
      if (consent) {
        const wrapper = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.className = 'consented';
        box.checked = consent.ticked;
        const text = document.createElement('span');
        text.textContent = consent.label;
        wrapper.append(box, text);
        body.append(wrapper);
        // Ticked earlier on the pictures' card, it counts; ticked here, only by the user's own click.
        let current = consent.ticked;
        const ticked = userTicked(box, () => {
          current = ticked();
          consent.onTick(current);
          updatePost();
        });
        if (consent.required) consents.push(() => current && box.checked);
      }
      details.append(summary, body);
      list.append(details);
    }

    let review: HTMLInputElement | undefined;
    if (request.requireReview) {
      const label = document.createElement('label');
      review = document.createElement('input');
      review.type = 'checkbox';
      review.className = 'reviewed';
      const text = document.createElement('span');
      text.textContent = t('lastcheck_reviewed');
      label.append(review, text);
      const note = document.createElement('p');
      note.textContent = t('lastcheck_blocked_by_trust');
      dialog.append(note, label);
    }

    const post = document.createElement('button');
    post.type = 'button';
    post.className = 'post-anyway';
    post.textContent = t('lastcheck_post_anyway');
    let reviewed = () => true;
    const consented = () => consents.every((given) => given());
    updatePost = () => {
      post.disabled = !reviewed() || !consented();
    };
    if (review) {
      // Ticked by the user's own click or Space: a script's click toggles the box and fires a trusted change.
      reviewed = userTicked(review, updatePost);
    }
    updatePost();
    actions.append(post);
    dialog.append(actions);

    let decided = false;
    const finish = (choice: 'edit' | 'post' | 'show', finding?: Finding): void => {
      if (decided) return;
      decided = true;
      this.close();
      if (choice === 'post') request.onPostAnyway();
      else if (choice === 'show' && finding) request.onShow(finding);
      else request.onEdit();
    };
    post.addEventListener(
      'click',
      // Never a double-click's second click: the dialog hears single clicks only (frame).
      onTrusted(() => {
        // A box ticked by a script is not a review: the post waits for the user's own tick.
        if (!post.disabled && reviewed() && consented()) finish('post');
      }),
    );
    if (!this.show(dialog)) return false;
    // "Edit post" stays the default (Enter), and the dialog opens at its top, title first.
    edit.focus({ preventScroll: true });
    dialog.scrollTop = 0;
    return dialog.open;
  }

  /**
   * A new dialog (the last one closed) with its title, introduction and an "Edit post"
   * button; `onEdit` answers that button and Escape (the dialog's cancel). The caller adds
   * its content, then `actions` (where Edit post already is), and shows it.
   */
  private frame(className: string, titleText: string, introText: string, onEdit: () => void): { dialog: HTMLDialogElement; edit: HTMLButtonElement; actions: HTMLDivElement } {
    this.close();
    const dialog = document.createElement('dialog');
    dialog.className = className;
    singleClicksOnly(dialog);
    dialog.setAttribute('aria-labelledby', 'second-opinion-last-check-title');
    dialog.setAttribute('aria-describedby', 'second-opinion-last-check-intro');
    const title = document.createElement('h2');
    title.id = 'second-opinion-last-check-title';
    title.textContent = titleText;
    const intro = document.createElement('p');
    intro.id = 'second-opinion-last-check-intro';
    intro.textContent = introText;
    dialog.append(title, intro);
    const actions = document.createElement('div');
    actions.className = 'actions';
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.className = 'edit primary';
    edit.textContent = t('lastcheck_edit');
    actions.append(edit);
    edit.addEventListener('click', onTrusted(onEdit));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      onEdit();
    });
    // Keys typed in the dialog must not reach the site's own shortcuts.
    dialog.addEventListener('keydown', (event) => event.stopPropagation());
    return { dialog, edit, actions };
  }

  /** Puts `dialog` in the overlay, modal; whether it really opened (the caller holds the post only then). */
  private show(dialog: HTMLDialogElement): boolean {
    const overlay = this.overlay();
    overlay.root.append(dialog);
    this.dialog = dialog;
    try {
      releasePageSelection(overlay.host);
      dialog.showModal();
    } catch {
      this.close();
      return false;
    }
    return true;
  }

  /** Whether the dialog shows a check still running (openChecking), not its answer. */
  get isChecking(): boolean {
    return this.checking !== undefined && this.dialog?.open === true;
  }

  /**
   * Opens the dialog while a long draft is still being checked: a progress bar and "Edit
   * post" (the default, and Escape), which calls `onEdit`. `open` later replaces it with
   * the answer, or `close` takes it away when there is nothing to confirm. Whether it is
   * really open, as for `open`.
   */
  openChecking(onEdit: () => void, waitingFor: 'draft' | 'pictures' = 'draft'): boolean {
    const cancel = () => {
      if (this.dialog !== dialog) return;
      this.close();
      onEdit();
    };
    const pictures = waitingFor === 'pictures';
    const { dialog, actions } = this.frame(
      'last-check checking ui',
      t(pictures ? 'lastcheck_pictures_title' : 'lastcheck_checking_title'),
      t(pictures ? 'lastcheck_pictures_intro' : 'lastcheck_checking_intro'),
      cancel,
    );
    const progress = document.createElement('progress');
    progress.max = 1;
    // A picture's reading has no steps to count: the bar runs without a value.
    if (pictures) progress.removeAttribute('value');
    else progress.value = 0;
    progress.setAttribute('aria-label', t('lastcheck_checking_progress'));
    dialog.append(progress, actions);
    if (!this.show(dialog)) return false;
    this.checking = progress;
    return dialog.open;
  }

  /** Moves the progress bar of a check still running (0 to 1). */
  progress(fraction: number): void {
    if (this.checking) this.checking.value = fraction;
  }

  /** The check still running has moved on from the pictures to the draft. */
  checkingDraft(): void {
    const title = this.dialog?.querySelector('h2');
    const intro = this.dialog?.querySelector('p');
    if (!this.checking || !title || !intro) return;
    title.textContent = t('lastcheck_checking_title');
    intro.textContent = t('lastcheck_checking_intro');
    this.checking.value = 0;
  }

  close(): void {
    this.checking = undefined;
    if (this.dialog?.open) this.dialog.close();
    this.dialog?.remove();
    this.dialog = undefined;
  }
}

/**
 * Lets go of the page's focus and selection before the dialog goes modal. With the caret in
 * a megabyte-long draft, showModal took 45-140 ms in Chromium (the selection is looked at
 * again in what becomes inert); without, 2-4 ms. The focus would move into the dialog
 * anyway, and the caller saved the editor's selection: "Edit post" puts it back.
 */
function releasePageSelection(host: Element): void {
  const active = document.activeElement;
  if (active instanceof HTMLElement && active !== host) active.blur();
  document.getSelection()?.removeAllRanges();
}
