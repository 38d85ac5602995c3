/** The picture reader waits for a pause in typing (src/ocr/typing-gate.ts), on a clock the test moves. */
import { TypingGate } from '../../src/ocr/typing-gate';

function gate() {
  let clock = 0;
  const slept: number[] = [];
  const typingGate = new TypingGate(
    800,
    () => clock,
    async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  );
  return { typingGate, slept, at: (ms: number) => (clock = ms) };
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
    let clock = 0;
    const slept: number[] = [];
    const typingGate = new TypingGate(
      800,
      () => clock,
      async (ms) => {
        slept.push(ms);
        clock += ms;
        if (slept.length === 1) {
          clock -= 300; // a key 300 ms before this wait ends
          typingGate.typed();
          clock += 300;
        }
      },
    );
    typingGate.typed();
    await typingGate.quiet();
    expect(slept).toEqual([800, 500]);
  });
});
