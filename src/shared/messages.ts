/** Messages between the content script, the background worker and the popup. Never draft text. */
import type { Category, Severity } from '../engine/types';

export type RuntimeMessage =
  /** From the sentinel: inject the engine and the checker into this frame. */
  | { type: 'load-checker' }
  /**
   * "Don't flag this again", with what to stop: these words (`words`, whatever the rule), or
   * this kind of risk (the rule). `undo` takes a mute back. The background checks the policy.
   */
  | { type: 'mute'; rule: string; words?: string; undo?: boolean }
  | { type: 'draft-state'; count: number; highest: Severity | null }
  | { type: 'get-draft-state' }
  /**
   * From the popup ("Check posts on this site"): start the sentinel in that tab now, with
   * the access the browser gave for the toolbar click (`activeTab`), while the browser
   * asks the user whether to allow the site from now on.
   */
  | { type: 'check-this-site'; tabId: number }
  /** From the popup, once the browser has allowed a site: remember it as an added forum (answers whether it is now on the list). */
  | { type: 'remember-site'; site: string };

/** What the popup shows for a tab: counts by category, never the text itself. */
export interface DraftState {
  hasComposeBox: boolean;
  site: string | null;
  paused: boolean;
  byCategory: Partial<Record<Category, number>>;
  total: number;
}
