/**
 * A long draft read a window at a time. One regular expression over a megabyte (an
 * address pattern over one endless word) took a quarter of a second: a task the page
 * would feel. Each window is read with some text either side: before it for the
 * patterns' look-behind and lead-ins ("975 3968 Bay Street"), after it for a match that
 * starts in the window and runs on (an address block of five lines). A match belongs to
 * the window it starts in, so none is counted twice.
 */

/** Characters of a long draft read per window. */
export const WINDOW_CHARS = 32_768;
/** Text read before a window. */
export const WINDOW_BEFORE = 256;
/** Text read after a window. */
export const WINDOW_AFTER = 1024;

export interface TextWindow {
  /** Where the text read starts and ends (the window and its margins). */
  from: number;
  to: number;
  /** The window itself: a match starting in [start, end) is the window's. */
  start: number;
  end: number;
}

/** The windows of a text of `length` characters; one window, read whole, when it is short. */
export function* textWindows(length: number): Generator<TextWindow, void, void> {
  if (length <= WINDOW_CHARS) {
    yield { from: 0, to: length, start: 0, end: length };
    return;
  }
  for (let start = 0; start < length; start += WINDOW_CHARS) {
    const end = Math.min(length, start + WINDOW_CHARS);
    yield { from: Math.max(0, start - WINDOW_BEFORE), to: Math.min(length, end + WINDOW_AFTER), start, end };
  }
}
