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
  | { type: 'remember-site'; site: string }
  /**
   * From the relay frame (src/pages/relay.ts): make sure the picture reader (src/pages/ocr.ts)
   * is open, in an offscreen document (Chromium) or a frame of the background page (Firefox).
   * Answers whether it was opened just now (pictures sent to one that closed must be sent again).
   */
  | { type: 'open-picture-reader' };

/** What the popup shows for a tab: counts by category, never the text itself. */
export interface DraftState {
  hasComposeBox: boolean;
  site: string | null;
  paused: boolean;
  byCategory: Partial<Record<Category, number>>;
  total: number;
  /** Attached pictures: being read, read, and read with a risk found (never their contents). */
  pictures: { reading: number; checked: number; withRisks: number };
}

/** The BroadcastChannel on which the extension's own pages ask the picture reader (src/pages/ocr.ts) to read a picture. */
export const OCR_CHANNEL = 'second-opinion-ocr';
