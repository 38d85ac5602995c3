/**
 * Typing comes first: the picture reader waits for a pause in the clinician's typing before
 * it reads (src/pages/ocr.ts), and the checker before it hands a picture over
 * (src/content/attachments/reader-client.ts). Pure but for its clock and timer, which tests
 * replace.
 */
/**
 * How long without a keystroke counts as a pause: two seconds, the pause that studies of
 * writing by keystroke logging count as one (a writer stopping to think). At 800 ms the gaps
 * between bursts of typing opened the gate, and work that cannot be stopped midway (a
 * photo's decoding) slowed the keys that came next (npm run bench).
 */
export const TYPING_PAUSE_MS = 2000;

/**
 * How long the checker holds a picture after it is attached before handing it over, when no
 * key follows. Attaching is not a keystroke: a writer who goes on typing straight after it
 * sets the two-second gate with the first key (within this second, before any costly step has
 * started), and one who has stopped is not kept waiting two seconds more for the photo's
 * finding. With the attaching held as long as a keystroke, a phone photo's finding took
 * 2.7-3.2 s, against a target of 3 s (npm run bench).
 */
export const ATTACH_PAUSE_MS = 1000;

export class TypingGate {
  /** When the gate opens if nobody types meanwhile. */
  private opensAt = -Infinity;

  constructor(
    /** How long without a keystroke counts as a pause. */
    private readonly quietMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** A keystroke, now. */
  typed(): void {
    this.hold(this.quietMs);
  }

  /** Keeps the gate shut for `ms` from now, or longer if a keystroke already does. */
  hold(ms: number): void {
    this.opensAt = Math.max(this.opensAt, this.now() + ms);
  }

  /** Resolves once nobody has typed for `quietMs` and every hold has passed (at once if neither is pending). */
  async quiet(): Promise<void> {
    for (let wait = this.opensAt - this.now(); wait > 0; wait = this.opensAt - this.now()) await this.sleep(wait);
  }
}
