/** Messages between the content script, the background worker and the popup. Never draft text. */
import type { Category, Severity } from '../engine/types';

export type RuntimeMessage =
  /** From the sentinel: inject the engine and the checker into this frame. */
  | { type: 'load-checker' }
  | { type: 'mute-rule'; rule: string }
  | { type: 'draft-state'; count: number; highest: Severity | null }
  | { type: 'get-draft-state' };

/** What the popup shows for a tab: counts by category, never the text itself. */
export interface DraftState {
  hasComposeBox: boolean;
  site: string | null;
  paused: boolean;
  byCategory: Partial<Record<Category, number>>;
  total: number;
}
