/**
 * Errors stay ours: an error in the checker is swallowed, and shown only in our own
 * console output when debugging (`SECOND_OPINION_DEBUG`), never thrown into the site.
 */
export function debugLog(error: unknown): void {
  if ((globalThis as { SECOND_OPINION_DEBUG?: boolean }).SECOND_OPINION_DEBUG) console.debug('[Second Opinion]', error);
}

/** Wraps a callback (listener, observer, timer) so that nothing it throws escapes. */
export function contain<A extends unknown[]>(action: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      action(...args);
    } catch (error) {
      debugLog(error);
    }
  };
}
