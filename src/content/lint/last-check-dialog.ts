/**
 * The last check before posting: a modal dialog listing the unresolved high-severity
 * risks. "Edit post" (the default, and Escape) returns to the editor; "Post anyway"
 * lets the post go exactly once. Where the trust has set a category to `block`, "Post
 * anyway" stays disabled until the clinician ticks that they have reviewed the post.
 */
import type { Finding } from '../../engine/types';
import { categoryLabelKey, t } from '../../shared/i18n';
import type { Overlay } from './overlay';
import { onTrusted } from './trusted';

export interface LastCheckRequest {
  findings: Finding[];
  text: string;
  /** A blocking category is among the findings: require the review tick. */
  requireReview: boolean;
  onEdit(): void;
  onPostAnyway(): void;
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
    this.close();
    const dialog = document.createElement('dialog');
    dialog.className = 'last-check ui';
    dialog.setAttribute('aria-labelledby', 'second-opinion-last-check-title');
    dialog.setAttribute('aria-describedby', 'second-opinion-last-check-intro');
    const title = document.createElement('h2');
    title.id = 'second-opinion-last-check-title';
    title.textContent = t('lastcheck_title');
    const intro = document.createElement('p');
    intro.id = 'second-opinion-last-check-intro';
    intro.textContent = t(request.findings.length === 1 ? 'lastcheck_intro_one' : 'lastcheck_intro_many', [String(request.findings.length)]);
    const list = document.createElement('ul');
    for (const finding of request.findings) {
      const item = document.createElement('li');
      const label = document.createElement('strong');
      label.textContent = `${t(categoryLabelKey(finding.category))}: `;
      const quote = document.createElement('q');
      const quoted = request.text.slice(finding.start, finding.end);
      quote.textContent = quoted.length > 120 ? `${quoted.slice(0, 120)}…` : quoted;
      const message = document.createElement('div');
      message.textContent = finding.message;
      item.append(label, quote, message);
      list.append(item);
    }
    dialog.append(title, intro, list);

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

    const actions = document.createElement('div');
    actions.className = 'actions';
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.className = 'edit primary';
    edit.textContent = t('lastcheck_edit');
    const post = document.createElement('button');
    post.type = 'button';
    post.className = 'post-anyway';
    post.textContent = t('lastcheck_post_anyway');
    if (review) {
      post.disabled = true;
      review.addEventListener('change', onTrusted(() => (post.disabled = !review!.checked)));
    }
    actions.append(edit, post);
    dialog.append(actions);

    let decided = false;
    const finish = (choice: 'edit' | 'post') => {
      if (decided) return;
      decided = true;
      this.close();
      if (choice === 'post') request.onPostAnyway();
      else request.onEdit();
    };
    edit.addEventListener('click', onTrusted(() => finish('edit')));
    post.addEventListener(
      'click',
      onTrusted(() => {
        // A box ticked by a script is not a review: the post waits for the user's own tick.
        if (!post.disabled && (!review || review.checked)) finish('post');
      }),
    );
    // Escape (the dialog's cancel) means "Edit post".
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish('edit');
    });
    // Keys typed in the dialog must not reach the site's own shortcuts.
    dialog.addEventListener('keydown', (event) => event.stopPropagation());

    this.overlay().root.append(dialog);
    this.dialog = dialog;
    try {
      dialog.showModal();
    } catch {
      dialog.remove();
      this.dialog = undefined;
      return false;
    }
    return dialog.open;
    edit.focus();
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
  openChecking(onEdit: () => void): boolean {
    this.close();
    const dialog = document.createElement('dialog');
    dialog.className = 'last-check checking ui';
    dialog.setAttribute('aria-labelledby', 'second-opinion-last-check-title');
    dialog.setAttribute('aria-describedby', 'second-opinion-last-check-intro');
    const title = document.createElement('h2');
    title.id = 'second-opinion-last-check-title';
    title.textContent = t('lastcheck_checking_title');
    const intro = document.createElement('p');
    intro.id = 'second-opinion-last-check-intro';
    intro.textContent = t('lastcheck_checking_intro');
    const progress = document.createElement('progress');
    progress.max = 1;
    progress.value = 0;
    progress.setAttribute('aria-label', t('lastcheck_checking_progress'));
    const actions = document.createElement('div');
    actions.className = 'actions';
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.className = 'edit primary';
    edit.textContent = t('lastcheck_edit');
    actions.append(edit);
    dialog.append(title, intro, progress, actions);
    const cancel = () => {
      if (this.dialog !== dialog) return;
      this.close();
      onEdit();
    };
    edit.addEventListener('click', onTrusted(cancel));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      cancel();
    });
    dialog.addEventListener('keydown', (event) => event.stopPropagation());
    this.overlay().root.append(dialog);
    this.dialog = dialog;
    this.checking = progress;
    try {
      dialog.showModal();
    } catch {
      this.close();
      return false;
    }
    return dialog.open;
  }

  /** Moves the progress bar of a check still running (0 to 1). */
  progress(fraction: number): void {
    if (this.checking) this.checking.value = fraction;
  }

  close(): void {
    this.checking = undefined;
    if (this.dialog?.open) this.dialog.close();
    this.dialog?.remove();
    this.dialog = undefined;
  }
}
