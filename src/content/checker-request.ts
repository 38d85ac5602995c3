/**
 * The sentinel's request for the checker, asked again while the background worker cannot
 * answer. Right after the browser starts, or the extension is installed or updated, the
 * worker may not be listening yet: the request fails at once, and the clinician, already
 * typing in the compose box that asked, gives no second focus to ask on. So a failed
 * request is asked again after a pause that doubles, for about half a minute; after that
 * the next focus on a compose box asks afresh, and so does typing in one (`unanswered`):
 * a worker can start later still, and the clinician who keeps typing gives no focus. A
 * worker that answers but could not inject
 * (the frame went, or the site's access was taken back) is not asked again until the next
 * focus: asking again would only repeat the failure. (Kept small: it runs on every page view.)
 */

/** The first pause before asking again; each later one doubles it. */
export const FIRST_PAUSE_MS = 250;
/** How many times a refused request is asked again: pauses of 250 ms to 16 s, about 32 s in all. */
export const ASKS_AGAIN = 7;

export interface CheckerRequest {
  /** Asks for the checker, unless a request is under way or answered, or the checker runs already. */
  ask(): void;
  /** Whether a request is under way (sent, or waiting to be sent again) or the checker was injected: either way, nothing to ask. */
  asking(): boolean;
  /**
   * Whether the last request gave up because no worker ever answered it, so that typing in a
   * compose box may ask afresh. Not after a worker answered that it could not inject (asking
   * again would repeat that), nor after sending threw (the extension itself is gone).
   */
  unanswered(): boolean;
}

/**
 * `send` asks the background worker to inject the checker, and resolves to true once it has;
 * `started` says whether the checker runs in this frame already; `injected` is called then.
 */
export function checkerRequest(send: () => Promise<unknown>, started: () => boolean, injected: () => void): CheckerRequest {
  let asking = false;
  let unanswered = false;
  const attempt = (tries: number): void => {
    const refused = (threw: boolean): void => {
      if (tries >= ASKS_AGAIN || started()) {
        asking = false;
        unanswered = !threw && !started();
      } else setTimeout(() => (started() ? (asking = false) : attempt(tries + 1)), FIRST_PAUSE_MS << tries);
    };
    try {
      send().then((done) => (done === true ? injected() : (asking = false)), () => refused(false));
    } catch {
      // The extension's context is gone (it was removed or reloaded): sending throws at once.
      refused(true);
    }
  };
  return {
    ask() {
      if (asking || started()) return;
      asking = true;
      unanswered = false;
      attempt(0);
    },
    asking: () => asking,
    unanswered: () => unanswered,
  };
}
