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

export class TypingGate {
  private last = -Infinity;

  constructor(
    /** How long without a keystroke counts as a pause. */
    private readonly quietMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** A keystroke, now. */
  typed(): void {
    this.last = this.now();
  }

  /** Resolves once nobody has typed for `quietMs` (at once if nobody has). */
  async quiet(): Promise<void> {
    for (let wait = this.last + this.quietMs - this.now(); wait > 0; wait = this.last + this.quietMs - this.now()) await this.sleep(wait);
  }
}
