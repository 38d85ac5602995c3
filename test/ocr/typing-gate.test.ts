/** The picture reader waits for a pause in typing (src/ocr/typing-gate.ts), on a clock the test moves. */
import { TypingGate } from '../../src/ocr/typing-gate';

/** A gate on a test clock; every wait moves the clock on, and `duringWait` may type meanwhile. */
function gate(duringWait?: (typingGate: TypingGate, setClock: (ms: number) => void, clock: number, wait: number) => void) {
  let clock = 0;
  const slept: number[] = [];
  const setClock = (ms: number) => (clock = ms);
  const typingGate: TypingGate = new TypingGate(
    800,
    () => clock,
    async (ms) => {
      slept.push(ms);
      clock += ms;
      duringWait?.(typingGate, setClock, clock, slept.length);
    },
  );
  return { typingGate, slept, at: setClock };
}

describe('TypingGate', () => {
  it('lets the reading start at once when nobody has typed', async () => {
    const { typingGate, slept } = gate();
    await typingGate.quiet();
    expect(slept).toEqual([]);
  });

  it('waits until 800 ms after the last keystroke', async () => {
    const { typingGate, slept, at } = gate();
    at(1000);
    typingGate.typed();
    at(1300);
    await typingGate.quiet();
    expect(slept).toEqual([500]);
  });

  it('waits again for a keystroke that comes during the wait', async () => {
    const { typingGate, slept } = gate((typing, setClock, clock, wait) => {
      if (wait !== 1) return;
      setClock(clock - 300); // a key 300 ms before this wait ends
      typing.typed();
      setClock(clock);
    });
    typingGate.typed();
    await typingGate.quiet();
    expect(slept).toEqual([800, 500]);
  });

  it('holds for the time asked from now, with no keystroke', async () => {
    const { typingGate, slept, at } = gate();
    at(1000);
    typingGate.hold(300);
    await typingGate.quiet();
    expect(slept).toEqual([300]);
  });

  it('keeps the later of a hold and a keystroke: a key during a short hold waits the full pause', async () => {
    const { typingGate, slept, at } = gate((typing, setClock, clock, wait) => {
      if (wait !== 1) return;
      typing.typed(); // a key as the 300 ms hold ends
      setClock(clock);
    });
    at(1000);
    typingGate.hold(300);
    await typingGate.quiet();
    expect(slept).toEqual([300, 800]);
  });

  it('a short hold does not shorten the pause after a keystroke', async () => {
    const { typingGate, slept, at } = gate();
    at(1000);
    typingGate.typed();
    at(1100);
    typingGate.hold(300);
    await typingGate.quiet();
    expect(slept).toEqual([700]);
  });
});
