/**
 * The check a slice at a time (src/content/slices.ts): its answer, its end when aborted, and
 * an error of ours told to the caller, who may be holding a post back for the answer.
 */
import { runInSlices } from '../../src/content/slices';
import type { Steps } from '../../src/engine/steps';

// Node 20 has no `navigator`; the browser's has no isInputPending outside Chromium either.
(globalThis as { navigator?: object }).navigator ??= {};

/** Steps that yield `count` times, then give `value`, or throw `error` at step `throwAt`. */
function* counted(count: number, value: string, throwAt?: number, error = new Error('engine failed')): Steps<string> {
  for (let step = 0; step < count; step++) {
    if (step === throwAt) throw error;
    yield;
  }
  return value;
}

interface Outcome {
  done: string[];
  failed: unknown[];
  progress: number[];
}

/** Runs `steps` to the end (an answer, an error, or nothing once aborted) and says what was called. */
async function run(steps: Steps<string>, options: { signal?: AbortSignal; done?: (value: string) => void; abortAfterSteps?: AbortController; wait?: number } = {}): Promise<Outcome> {
  const outcome: Outcome = { done: [], failed: [], progress: [] };
  const signal = options.signal ?? new AbortController().signal;
  await new Promise<void>((resolve) => {
    runInSlices(
      steps,
      signal,
      (value) => {
        outcome.done.push(value);
        resolve();
        options.done?.(value);
      },
      (taken) => {
        outcome.progress.push(taken);
        if (options.abortAfterSteps) {
          options.abortAfterSteps.abort();
          // Nothing more is called once aborted: give the next slices time to show they stop.
          setTimeout(resolve, 50);
        }
      },
      (error) => {
        outcome.failed.push(error);
        resolve();
      },
    );
    // A run that is never answered is the bug these tests look for: end the wait anyway.
    setTimeout(resolve, options.wait ?? 2000).unref();
  });
  // Whatever a last task might still call, after the answer.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return outcome;
}

/** Steps that each take `ms` of the main thread, so that slices end by time. */
function* slow(count: number, ms: number): Steps<string> {
  for (let step = 0; step < count; step++) {
    const until = performance.now() + ms;
    while (performance.now() < until);
    yield;
  }
  return 'slow answer';
}

describe('runInSlices', () => {
  it('gives the answer once, and no error', async () => {
    // Progress is not looked at: whether the steps took one slice or more is the machine's.
    const { done, failed } = await run(counted(5, 'answer'));
    expect({ done, failed }).toEqual({ done: ['answer'], failed: [] });
  });

  it('tells an error part way through to `failed`, once, and never calls `done`', async () => {
    const error = new Error('a step threw');
    const outcome = await run(counted(5, 'answer', 3, error));
    expect(outcome.done).toEqual([]);
    expect(outcome.failed).toEqual([error]);
  });

  it('tells an error in the first step too', async () => {
    const outcome = await run(counted(5, 'answer', 0));
    expect(outcome.failed).toHaveLength(1);
    expect(outcome.done).toEqual([]);
  });

  it('tells an error thrown by `done` itself to `failed`', async () => {
    const error = new Error('showing the answer threw');
    const outcome = await run(counted(2, 'answer'), {
      done: () => {
        throw error;
      },
    });
    expect(outcome.done).toEqual(['answer']);
    expect(outcome.failed).toEqual([error]);
  });

  it('reports progress between slices, then stops calling anything once aborted', async () => {
    const controller = new AbortController();
    const outcome = await run(slow(20, 2), { signal: controller.signal, abortAfterSteps: controller });
    expect(outcome.progress).toHaveLength(1);
    expect(outcome.done).toEqual([]);
    expect(outcome.failed).toEqual([]);
  });

  // Nothing is called in these two, so each waits a little for a call that must not come.
  it('calls nothing for an error after the run was aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await run(counted(5, 'answer', 0), { signal: controller.signal, wait: 300 });
    expect(outcome).toEqual({ done: [], failed: [], progress: [] });
  });

  it('tells nothing of an error thrown by a step after an abort in that very slice ("Edit post" as it failed)', async () => {
    const controller = new AbortController();
    let threw = false;
    function* abortThenThrow(): Steps<string> {
      yield;
      controller.abort();
      threw = true;
      throw new Error('failed after the clinician went back to the editor');
    }
    const { done, failed } = await run(abortThenThrow(), { signal: controller.signal, wait: 300 });
    expect(threw).toBe(true);
    expect({ done, failed }).toEqual({ done: [], failed: [] });
  });

  it('without `failed`, an error ends the run quietly', async () => {
    const calls: string[] = [];
    runInSlices(counted(3, 'answer', 1), new AbortController().signal, (value) => calls.push(value));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toEqual([]);
  });
});
