/**
 * Long word lists searched by halving instead of hashed into a Set: SortedWords over an
 * array (the learned model's evidence names, whose index is wanted), PackedWords over one
 * string (the rule bundle's lexicon).
 *
 * Why: hashing a list of thousands of words took milliseconds of every fresh engine's
 * start-up, in the CLI and on each page where a compose box gets focus. A check looks up a
 * few hundred words; some fifteen string comparisons each cost far less than hashing the
 * whole list first. The build writes the lists sorted, so nothing is sorted at start-up.
 * Answers are remembered (up to MEMO_LIMIT words): re-checks of a draft being typed look
 * up the same words again, and a remembered answer is one hash lookup.
 */
const MEMO_LIMIT = 8192;

/**
 * `answers`' answer for `word`, found and remembered if it has none: up to MEMO_LIMIT words,
 * then all forgotten at once (a map of every word of a pasted book would never shrink).
 */
export function remembered<T>(answers: Map<string, T>, word: string, find: (word: string) => T): T {
  const known = answers.get(word);
  if (known !== undefined) return known;
  const found = find(word);
  if (answers.size >= MEMO_LIMIT) answers.clear();
  answers.set(word, found);
  return found;
}

export class SortedWords {
  private readonly words: readonly string[];
  /** Each word looked up: its index in `words`, or -1. */
  private readonly answers = new Map<string, number>();
  /** search, made once: a lookup, remembered or not, allocates nothing. */
  private readonly find = (word: string): number => this.search(word);

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

  /**
   * The word's index in the sorted list, or undefined: an index into the caller's list only
   * when that came sorted (or was said to be); an unsorted one was sorted into a copy.
   */
  get(word: string): number | undefined {
    const i = this.indexOf(word);
    return i >= 0 ? i : undefined;
  }

  private indexOf(word: string): number {
    return remembered(this.answers, word, this.find);
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

/**
 * A sorted word list packed into one string, the words joined by line breaks, as the rule
 * bundle carries its lexicon (RuleBundle.lexicon). It is searched by halving the text: the
 * middle character's word is found by looking for the line breaks either side.
 *
 * Why not an array of words: JSON.parse makes each of 25,000 lexicon words a string of its
 * own, and at every fresh engine's start those strings were the most of what the garbage
 * collector copied; one string is one object. A check looks up a few hundred words, each in
 * some eighteen halvings of the text.
 */
export class PackedWords {
  private readonly text: string;
  private readonly answers: Map<string, boolean> | undefined;
  /** search, made once: a lookup, remembered or not, allocates nothing. */
  private readonly find = (word: string): boolean => this.search(word);

  /** `text`: sorted words (see packWords). `remember`: keep answers (up to MEMO_LIMIT words), for a caller that does not. */
  constructor(text: string, remember = true) {
    this.text = text;
    this.answers = remember ? new Map() : undefined;
  }

  has(word: string): boolean {
    return this.answers ? remembered(this.answers, word, this.find) : this.search(word);
  }

  private search(word: string): boolean {
    const text = this.text;
    // lo and hi are where words start (hi may be one past the end): the word, if present, starts in [lo, hi).
    let lo = 0;
    let hi = text.length === 0 ? 0 : text.length + 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // The word that holds the character at mid (its closing line break included): it starts in [lo, mid].
      const start = mid === 0 ? 0 : text.lastIndexOf('\n', mid - 1) + 1;
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const order = compareWith(text, start, end, word);
      if (order === 0) return true;
      if (order < 0) lo = end + 1;
      else hi = start;
    }
    return false;
  }
}

/** How text[start, end) sorts against `word`, by UTF-16 code units as `<` does: negative, 0 or positive. */
export function compareWith(text: string, start: number, end: number, word: string): number {
  const length = end - start;
  const shorter = length < word.length ? length : word.length;
  for (let k = 0; k < shorter; k++) {
    const d = text.charCodeAt(start + k) - word.charCodeAt(k);
    if (d !== 0) return d;
  }
  return length - word.length;
}

/** Words packed for PackedWords: sorted, once each, joined by line breaks. */
export function packWords(words: readonly string[]): string {
  for (const w of words) if (w.length === 0 || w.includes('\n')) throw new Error(`a packed word list holds no empty word and no line break (${JSON.stringify(w)})`);
  return [...new Set(words)].sort().join('\n');
}

/** The words of a packed list. */
export function unpackWords(text: string): string[] {
  return text.length === 0 ? [] : text.split('\n');
}

/**
 * A sorted word list packed into one string, joined by line breaks (as PackedWords), whose
 * words' places are wanted: the learned model's words by meaning (MeaningTable), some 20,000.
 * Where each word starts is read once, at the first lookup; a word is then found by halving
 * the places, compared where it lies in the text (no string is made per word).
 */
export class WordPlaces {
  private readonly text: string;
  private starts: Int32Array | undefined;
  private readonly answers = new Map<string, number>();
  private readonly find = (word: string): number => this.search(word);

  /**
   * `size`: how many words the text holds (the caller knows it from the weights beside the
   * words), so that nothing is read before the first lookup; if the text holds another number,
   * that lookup throws. Whether the words are sorted is checked where the table is written
   * (checkSortedWords, in the build), not at every start: reading 20,000 words took some
   * 5 ms of each fresh engine.
   */
  constructor(
    text: string,
    readonly size: number,
  ) {
    this.text = text;
  }

  /** The word's place in the list, or -1. */
  placeOf(word: string): number {
    return remembered(this.answers, word, this.find);
  }

  private search(word: string): number {
    const text = this.text;
    const starts = (this.starts ??= startsOf(text, this.size));
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const start = starts[mid]!;
      const end = mid + 1 < this.size ? starts[mid + 1]! - 1 : text.length;
      const order = compareAt(text, start, end, word);
      if (order === 0) return mid;
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/**
 * Refuses a list for WordPlaces (words joined by line breaks) whose words are not sorted, each
 * once and none empty: the build checks what it writes, as a word out of order would never
 * be found.
 */
export function checkSortedWords(text: string): void {
  const words = text === '' ? [] : text.split('\n');
  words.forEach((word, i) => {
    if (word === '') throw new Error(`hold an empty word (word ${i + 1})`);
    if (i > 0 && !(words[i - 1]! < word)) throw new Error(`are not sorted, each once: "${word}" (word ${i + 1}) comes after "${words[i - 1]!}"`);
  });
}

/** Where each of `count` words of the text starts; a text of another number of words is refused. */
function startsOf(text: string, count: number): Int32Array {
  const starts = new Int32Array(count);
  let n = 0;
  if (text.length > 0 && count > 0) starts[n++] = 0;
  let at = text.indexOf('\n');
  for (; at >= 0 && n < count; at = text.indexOf('\n', at + 1)) starts[n++] = at + 1;
  // `at` is a line break after the last word read: the text holds more words than `count`.
  const fewer = n < count;
  const more = count === 0 ? text.length > 0 : at >= 0;
  if (fewer || more) throw new Error(`the rule bundle's word meanings hold ${fewer ? `${n} words, not the ${count}` : `more than the ${count} words`} their weights are for: rebuild the bundle with npm run build`);
  return starts;
}

/** The text from start to end compared with `word` by UTF-16 code units, as strings sort: below 0, 0 or above 0. */
function compareAt(text: string, start: number, end: number, word: string): number {
  const length = end - start;
  const n = Math.min(length, word.length);
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(start + i) - word.charCodeAt(i);
    if (d !== 0) return d;
  }
  return length - word.length;
}
