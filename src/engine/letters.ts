// Letter tests shared by the engine, made once here. esbuild writes a regular expression
// literal that uses \p{...} as `new RegExp(...)` (it does so for every target we build
// for), so such a literal inside a function makes a new RegExp object each time it runs;
// in a loop over a draft's words that is an allocation per word. Keep them at module
// level (test/engine/letters.test.ts checks the sources). None has the g or y flag, so
// sharing them keeps no state between callers. Their classes are the coarse ones
// (./coarse-classes.ts): an exact \p{Lu} costs V8 half a millisecond to compile, and a
// fresh engine's first check runs each of these.
import { coarsePattern } from './coarse-classes';

/** A letter or a digit, in any script. */
export const LETTER_OR_DIGIT = coarsePattern(String.raw`[\p{L}\p{N}]`, 'u');
/** Starts with a capital letter. */
export const STARTS_UPPER = coarsePattern(String.raw`^\p{Lu}`, 'u');
/** Is one capital letter. */
export const ONE_UPPER = coarsePattern(String.raw`^\p{Lu}$`, 'u');
/** Is lower-case letters only. */
export const ALL_LOWER = coarsePattern(String.raw`^\p{Ll}+$`, 'u');
