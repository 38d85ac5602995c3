/**
 * A short note at the foot of the screen, in our closed overlay, with at most one action:
 * "Second Opinion will not flag “lol” again. Undo". It goes by itself after a few seconds.
 * Its action answers only the user's own click (see ./trusted.ts).
 */
import type { Overlay } from './overlay';
import { onTrusted } from './trusted';

/** Long enough to read the note and reach Undo; short enough not to linger. */
export const TOAST_MS = 8000;

export class Toast {
  private node: HTMLElement | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly overlay: () => Overlay) {}

  show(text: string, action?: { label: string; run: () => void }): void {
    this.hide();
    const node = document.createElement('div');
    node.className = 'toast ui';
    node.setAttribute('role', 'status');
    const message = document.createElement('span');
    message.textContent = text;
    node.append(message);
    if (action) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'undo';
      button.textContent = action.label;
      button.addEventListener(
        'click',
        onTrusted(() => {
          this.hide();
          action.run();
        }),
      );
      node.append(button);
    }
    this.overlay().root.append(node);
    this.node = node;
    this.timer = setTimeout(() => this.hide(), TOAST_MS);
  }

  hide(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.node?.remove();
    this.node = undefined;
  }
}
