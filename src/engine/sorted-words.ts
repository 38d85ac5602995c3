/**
 * A long word list, kept sorted and searched by halving instead of hashed into a Set.
 *
 * Why: the common-words list has some 19,000 entries, and building a Set of them took
 * 4-5 ms of a fresh engine's start-up, in the CLI and on each page where a compose box
 * gets focus. A check looks up a few hundred words; fifteen string comparisons each cost
 * far less than hashing the whole list first. The build writes the list sorted, so
 * nothing is sorted at start-up; a list that is not (a test's bundle) is sorted here.
 * Answers are remembered (up to MEMO_LIMIT words): re-checks of a draft being typed look
 * up the same words again, and a remembered answer is one hash lookup, not fifteen
 * comparisons spread over a 19,000-entry array.
 */
const MEMO_LIMIT = 8192;

export class SortedWords {
  private readonly words: readonly string[];
  /** Each word looked up: its index in `words`, or -1. */
  private readonly answers = new Map<string, number>();

  /**
   * `sorted`: the caller knows the list is sorted (the build sorts it), so it is not checked,
   * and `get` gives indexes into that very list.
   */
  constructor(words: readonly string[], sorted = false) {
    this.words = sorted || isSorted(words) ? words : [...words].sort();
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.indexOf(word) >= 0;
  }

  /** The word's index in the sorted list, or undefined. */
  get(word: string): number | undefined {
    const i = this.indexOf(word);
    return i >= 0 ? i : undefined;
  }

  private indexOf(word: string): number {
    const known = this.answers.get(word);
    if (known !== undefined) return known;
    const found = this.search(word);
    if (this.answers.size >= MEMO_LIMIT) this.answers.clear();
    this.answers.set(word, found);
    return found;
  }

  private search(word: string): number {
    const words = this.words;
    let lo = 0;
    let hi = words.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = words[mid]!;
      if (w === word) return mid;
      if (w < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** Sorted as Array.prototype.sort() sorts strings: by UTF-16 code units. */
export function isSorted(words: readonly string[]): boolean {
  for (let i = 1; i < words.length; i++) if (words[i - 1]! > words[i]!) return false;
  return true;
}
