/**
 * The pictures' badge, beside the draft's badge at the compose box's corner: a picture is
 * being read (…), what was found in the attached pictures (a count, in the colour of the
 * worst), a picture that could not be read (?), or nothing found (✓). A real button: it
 * opens the pictures' card.
 */
import type { Severity } from '../../engine/types';
import { t } from '../../shared/i18n';
import { badgeButton } from './badge';
import type { Overlay } from './overlay';

export interface PictureBadgeState {
  reading: number;
  /** How far the reading has got (0 to 1), while pictures are read. */
  progress?: number;
  risks: number;
  highest: Severity | null;
  unreadable: number;
}

export class PictureBadge {
  readonly button: HTMLButtonElement;
  private shown = '';

  constructor(overlay: Overlay, onActivate: () => void) {
    this.button = badgeButton(overlay, 'badge pictures', onActivate);
  }

  /** Whether anything changed (its width may have). */
  update(state: PictureBadgeState | undefined): boolean {
    const percent = state?.reading && state.progress ? Math.floor(state.progress * 10) * 10 : 0;
    const key = state ? `${state.reading}/${percent}/${state.risks}/${state.highest}/${state.unreadable}` : 'none';
    if (key === this.shown) return false;
    this.shown = key;
    if (!state) {
      this.button.hidden = true;
      return true;
    }
    let text: string;
    let label: string;
    if (state.reading) {
      // Progress in tenths, once the recognition has begun (reading the file and starting the OCR come first).
      text = percent ? `${percent}%` : '…';
      label = t('pictures_badge_reading');
      this.button.className = 'badge pictures reading';
    } else if (state.risks) {
      text = String(state.risks);
      label = t(state.risks === 1 ? 'pictures_badge_one' : 'pictures_badge_many', [String(state.risks)]);
      this.button.className = `badge pictures ${state.highest ?? 'medium'}`;
    } else if (state.unreadable) {
      text = '?';
      label = t('pictures_badge_unreadable');
      this.button.className = 'badge pictures medium';
    } else {
      text = '✓';
      label = t('pictures_badge_clear');
      this.button.className = 'badge pictures clear';
    }
    // A picture sign before the count, drawn in CSS-free text so it reads in every font.
    this.button.textContent = `▣ ${text}`;
    this.button.setAttribute('aria-label', label);
    this.button.title = label;
    this.button.setAttribute('aria-busy', String(state.reading > 0));
    this.button.hidden = false;
    return true;
  }

  /** Left of the draft's badge at the compose box's bottom-right corner. */
  place(editorBox: DOMRect, badgeWidth: number): void {
    if (this.button.hidden) return;
    const visible = editorBox.width > 0 && editorBox.bottom > 0 && editorBox.top < window.innerHeight;
    this.button.style.display = visible ? '' : 'none';
    const width = this.button.offsetWidth || 40;
    const right = Math.min(editorBox.right - 4, window.innerWidth - 4) - (badgeWidth || 28) - 6;
    this.button.style.left = `${Math.max(4, right - width)}px`;
    this.button.style.top = `${Math.min(editorBox.bottom - 28, window.innerHeight - 28)}px`;
  }

  remove(): void {
    this.button.remove();
  }
}
