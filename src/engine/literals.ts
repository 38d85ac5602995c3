/**
 * The words a pattern cannot match without ("literals", found by the build in each regular
 * expression), and which of them a draft holds. A pattern none of whose literals the draft
 * holds cannot match it, so it is not run: V8 compiles each regular expression on first use,
 * and a short draft holds the words of only a few patterns (see Analysis.mayMatch).
 *
 * Literals are lower-cased, as the build writes them; drafts are looked at folded the same way
 * (foldForLiterals).
 */
import { AhoCorasick } from '@monyone/aho-corasick';

/**
 * Drafts of at least this many characters are searched for every literal in one pass (an
 * Aho-Corasick automaton); shorter ones for each literal a pattern asks about, when it asks.
 * At 2,000 characters the one pass took a third of the time of the 500-odd searches; on a
 * tweet the searches cost less than making the automaton, which a fresh engine would pay at
 * its first check.
 */
export const ONE_PASS_MIN_CHARS = 1000;

/** A draft as literals are looked for in it: lower-cased, and "ſ" (which a case-insensitive pattern matches as "s", and lower-casing keeps) as "s". */
export function foldForLiterals(text: string): string {
  return text.toLowerCase().replace(/ſ/g, 's');
}

/** Every distinct literal of the rule data, once each, so a draft is searched for each at most once. */
export class Literals {
  private readonly list: string[] = [];
  private readonly ids = new Map<string, number>();
  private automaton?: AhoCorasick;
  /** Set once a draft has been searched: a literal added later would be missing from that draft's record and its pattern skipped. */
  private sealed = false;

  /** The ids of a pattern's literals (null: the pattern has none, and is always run). Only while the engine is built. */
  idsOf(literals: readonly string[] | null | undefined): number[] | null {
    if (this.sealed) throw new Error('literals are added before the first draft is searched');
    if (!literals || literals.length === 0) return null;
    return literals.map((l) => {
      let id = this.ids.get(l);
      if (id === undefined) this.ids.set(l, (id = this.list.push(l) - 1));
      return id;
    });
  }

  get size(): number {
    return this.list.length;
  }

  /** The literal with this id. */
  literal(id: number): string {
    return this.list[id]!;
  }

  /** Whether a draft of this (folded) length needs the automaton, and it is not made yet. */
  needsAutomatonFor(folded: string): boolean {
    return folded.length >= ONE_PASS_MIN_CHARS && !this.automaton;
  }

  /**
   * Makes the automaton, if a draft of this (folded) length will need it and it is not made
   * yet; true if it made it. Cold, this takes 10-20 ms, so a check does it in a step of its own.
   */
  prepareFor(folded: string): boolean {
    if (!this.needsAutomatonFor(folded)) return false;
    this.sealed = true;
    this.automaton = new AhoCorasick(this.list);
    return true;
  }

  /** Which literals one folded draft holds, looked up as they are asked about. */
  in(folded: string): LiteralsInDraft {
    this.sealed = true;
    const seen = new Uint8Array(this.list.length);
    if (folded.length >= ONE_PASS_MIN_CHARS) {
      this.prepareFor(folded);
      seen.fill(ABSENT);
      for (const found of this.automaton!.matchInText(folded)) seen[this.ids.get(found.keyword)!] = PRESENT;
    }
    return new LiteralsInDraft(this, folded, seen);
  }
}

const ABSENT = 1;
const PRESENT = 2;

/** One draft's literals: each looked for once (or all found at once, for a long draft). */
export class LiteralsInDraft {
  constructor(
    private readonly literals: Literals,
    private readonly folded: string,
    /** Per literal: 0 not yet looked for, ABSENT or PRESENT. */
    private readonly seen: Uint8Array,
  ) {}

  /** Whether the draft holds any of these literals. */
  any(ids: readonly number[]): boolean {
    const seen = this.seen;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      if (seen[id] === 0) seen[id] = this.folded.includes(this.literals.literal(id)) ? PRESENT : ABSENT;
      if (seen[id] === PRESENT) return true;
    }
    return false;
  }
}
