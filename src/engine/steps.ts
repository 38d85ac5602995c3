/**
 * Work in small synchronous steps. A long check is written as a generator that yields
 * between steps; `runToEnd` drives it straight through (the CLI, the tests, the last
 * check before posting), while the extension may pause between steps so that a
 * keystroke never waits behind a whole check. Either way the same code runs, in the
 * same order, so the answer is the same.
 *
 * Generators are declared at module level (or as methods), with what they read passed in,
 * never inside a function that runs per check: V8 keeps the context of a generator made
 * from a closure alive through every minor collection until the next full one, so each
 * check's garbage survived and scavenges copied megabytes (test/engine/steps.test.ts).
 */
export type Steps<T> = Generator<void, T, void>;

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
