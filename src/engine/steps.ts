/**
 * Work in small synchronous steps. A long check is written as a generator that yields
 * between steps; `runToEnd` drives it straight through (the CLI, the tests, the last
 * check before posting), while the extension may pause between steps so that a
 * keystroke never waits behind a whole check. Either way the same code runs, in the
 * same order, so the answer is the same.
 *
 * Generators (and classes) are declared at module level, or as methods of a class declared
 * there, with what they read passed in; never inside a function, where each call makes them
 * anew. Measured on Node 20's V8, calling such a function (or constructing with it) keeps the
 * context it closes over alive through every minor collection until the next full one, most
 * likely through the map V8 makes for its first object: a generator inside the check kept
 * each check's analysis, and scavenges copied megabytes (test/engine/steps.test.ts).
 */
export type Steps<T> = Generator<void, T, void>;

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
