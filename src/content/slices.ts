/**
 * Running the engine's check a slice at a time (see src/engine/steps.ts). A whole check
 * of a 5,000-character draft takes around 10 ms; a keystroke that arrived in that time
 * would wait for it, and the clinician would feel the lag. Between slices of at most
 * SLICE_MS the browser gets its turn: pending keys and frames go first.
 */
import type { Steps } from '../engine/steps';
import { debugLog } from './contain';

/**
 * Main-thread time one slice may take before the browser gets a turn. The engine's
 * steps are a quarter to half a millisecond on a 5,000-character draft (tokenising and
 * term matching yield every few hundred tokens), so a slice ends close to this.
 */
export const SLICE_MS = 1;

/**
 * About how many steps the engine takes on a draft of `chars` characters (measured: 56 at
 * 1,000, 218 at 50,000, 3,286 at 1,000,000), for a progress bar that moves evenly.
 */
export function expectedSteps(chars: number): number {
  return 50 + chars * 0.0033;
}

interface PostTaskScheduler {
  postTask(callback: () => void, options?: { priority?: 'user-blocking' | 'user-visible' | 'background' }): Promise<unknown>;
}

/** Whether input is waiting: Chromium can say; elsewhere only the time budget applies. */
function inputPending(): boolean {
  const scheduling = (navigator as { scheduling?: { isInputPending?: () => boolean } }).scheduling;
  return scheduling?.isInputPending?.() ?? false;
}

/**
 * Runs `callback` in a new task, after what the browser has queued (input first). The
 * Scheduler API where the browser has it, else a message to ourselves: a chain of
 * `setTimeout(0)` would be clamped to 4 ms a link.
 */
function nextTask(callback: () => void): void {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    try {
      scheduler.postTask(callback, { priority: 'user-visible' }).catch(debugLog);
      return;
    } catch (error) {
      debugLog(error);
    }
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback();
  };
  channel.port2.postMessage(null);
}

/**
 * Steps through `steps`, yielding to the browser whenever a slice has used its time or
 * input is waiting, and calls `done` with the result. Once `signal` aborts (the draft
 * changed, the box went) the rest is dropped and `done` is never called. An error ends
 * the run, contained like every other error of ours, and is told to `failed`: a caller
 * that is holding something back for the answer (the last check's dialog) must let it go.
 */
export function runInSlices<T>(
  steps: Steps<T>,
  signal: AbortSignal,
  done: (value: T) => void,
  progress?: (stepsTaken: number) => void,
  failed?: (error: unknown) => void,
): void {
  let taken = 0;
  const fail = (error: unknown): void => {
    debugLog(error);
    if (signal.aborted || !failed) return;
    try {
      failed(error);
    } catch (inner) {
      debugLog(inner);
    }
  };
  const finish = (value: T): void => {
    if (signal.aborted) return;
    try {
      done(value);
    } catch (error) {
      fail(error);
    }
  };
  const slice = (): void => {
    if (signal.aborted) return;
    try {
      const deadline = performance.now() + SLICE_MS;
      for (;;) {
        const next = steps.next();
        taken++;
        if (next.done) {
          // Showing the result (ranges, highlights, badge) is work of its own: a slice that
          // has used its time, or has a key waiting, lets the browser go first.
          if (performance.now() >= deadline || inputPending()) nextTask(() => finish(next.value));
          else finish(next.value);
          return;
        }
        if (performance.now() >= deadline || inputPending()) break;
      }
    } catch (error) {
      fail(error);
      return;
    }
    try {
      progress?.(taken);
    } catch (error) {
      debugLog(error);
    }
    nextTask(slice);
  };
  // The first slice too gets a task of its own: called from a click on Post, it would
  // otherwise add to the handler's own work (reading a megabyte from the box) in one task.
  nextTask(slice);
}
