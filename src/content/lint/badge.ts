/**
 * The small badge at the corner of a compose box: the number of risks in the draft, or
 * a tick when there are none. It is a real button (keyboard users open the first card
 * with it) and sits in our overlay, outside the site's layout.
 */
import type { Finding, Severity } from '../../engine/types';
import { t } from '../../shared/i18n';
import type { Overlay } from './overlay';
import { onTrusted } from './trusted';

const ORDER: Severity[] = ['high', 'medium', 'low'];

/** The worst severity among findings (or anything else that has one: a picture's notes). */
export function highestSeverity(items: readonly { severity: Severity }[]): Severity | null {
  for (const severity of ORDER) if (items.some((item) => item.severity === severity)) return severity;
  return null;
}

/** A badge's button in the overlay, hidden until it has something to show; only the user's own press activates it. */
export function badgeButton(overlay: Overlay, className: string, onActivate: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = className;
  button.hidden = true;
  button.addEventListener(
    'click',
    onTrusted((event) => {
      event.preventDefault();
      onActivate();
    }),
  );
  overlay.root.append(button);
  return button;
}

export class Badge {
  readonly button: HTMLButtonElement;
  /** What the button shows now, as "severity/count/checking". */
  private shown = '';

  constructor(overlay: Overlay, onActivate: () => void) {
    this.button = badgeButton(overlay, 'badge', onActivate);
  }

  /** Shows the count and severity; whether anything changed (the badge's width may have). */
  update(findings: readonly Finding[], checking: boolean): boolean {
    const severity = highestSeverity(findings);
    // Unchanged after most pauses in typing: leave the DOM alone rather than rewrite it.
    const state = `${severity}/${findings.length}/${checking}`;
    if (state === this.shown) return false;
    this.shown = state;
    this.button.className = `badge ${severity ?? 'clear'}`;
    if (checking) {
      this.button.textContent = '…';
      this.button.setAttribute('aria-label', t('badge_checking'));
    } else if (findings.length === 0) {
      this.button.textContent = '✓';
      this.button.setAttribute('aria-label', t('badge_clear'));
    } else {
      this.button.textContent = String(findings.length);
      this.button.setAttribute('aria-label', t(findings.length === 1 ? 'badge_one' : 'badge_many', [String(findings.length)]));
    }
    // The shortcut, for those who would rather not reach for the mouse.
    this.button.title = findings.length && !checking ? `${this.button.getAttribute('aria-label') ?? ''} ${t('badge_shortcut')}` : (this.button.getAttribute('aria-label') ?? '');
    this.button.hidden = false;
    return true;
  }

  /** Keep the badge at the compose box's bottom-right corner. */
  place(editorBox: DOMRect): void {
    const visible = editorBox.width > 0 && editorBox.bottom > 0 && editorBox.top < window.innerHeight;
    this.button.style.display = visible ? '' : 'none';
    const width = this.button.offsetWidth || 28;
    this.button.style.left = `${Math.min(editorBox.right - width - 4, window.innerWidth - width - 4)}px`;
    this.button.style.top = `${Math.min(editorBox.bottom - 28, window.innerHeight - 28)}px`;
  }

  remove(): void {
    this.button.remove();
  }
}
