/**
 * Typing comes first: the picture reader waits for a pause in the clinician's typing before
 * it reads (src/pages/ocr.ts). Pure but for its clock and timer, which tests replace.
 */
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
