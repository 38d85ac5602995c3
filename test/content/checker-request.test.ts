/** The sentinel's request for the checker, asked again while the worker cannot answer (src/content/checker-request.ts). */
import { ASKS_AGAIN, FIRST_PAUSE_MS, checkerRequest } from '../../src/content/checker-request';

/** A worker that refuses the first `refusals` requests (as one not yet listening does) and answers the rest. */
function worker(refusals: number) {
  const sent: number[] = [];
  const send = () => {
    sent.push(Date.now());
    return sent.length <= refusals ? Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')) : Promise.resolve(true);
  };
  return { sent, send };
}

describe('checkerRequest', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('asks once when the worker answers', async () => {
    const { sent, send } = worker(0);
    const answered = jest.fn();
    const request = checkerRequest(send, () => false, answered);
    request.ask();
    request.ask(); // a second focus while the first request is out: not asked twice
    await jest.runAllTimersAsync();
    expect(sent).toEqual([0]);
    expect(answered).toHaveBeenCalledTimes(1);
    expect(request.asking()).toBe(true);
  });

  it('asks again, after doubling pauses, until a worker that was not yet listening answers', async () => {
    const { sent, send } = worker(3);
    const answered = jest.fn();
    const request = checkerRequest(send, () => false, answered);
    request.ask();
    await jest.runAllTimersAsync();
    expect(sent).toEqual([0, 250, 750, 1750]);
    expect(answered).toHaveBeenCalledTimes(1);
  });

  it('does not ask again a worker that answered but could not inject, until the next ask', async () => {
    const sent: number[] = [];
    const injected = jest.fn();
    const request = checkerRequest(() => (sent.push(Date.now()), Promise.resolve(false)), () => false, injected);
    request.ask();
    await jest.runAllTimersAsync();
    expect(sent).toEqual([0]);
    expect(injected).not.toHaveBeenCalled();
    expect(request.asking()).toBe(false);
    request.ask();
    expect(sent).toHaveLength(2);
  });

  it('gives up after about half a minute; the next ask starts afresh', async () => {
    const { sent, send } = worker(Infinity);
    const answered = jest.fn();
    const request = checkerRequest(send, () => false, answered);
    request.ask();
    await jest.runAllTimersAsync();
    expect(sent).toHaveLength(ASKS_AGAIN + 1);
    expect(sent.at(-1)).toBe(FIRST_PAUSE_MS * (2 ** ASKS_AGAIN - 1)); // 31,750 ms: about half a minute
    expect(request.asking()).toBe(false);
    expect(answered).not.toHaveBeenCalled();
    request.ask();
    expect(sent).toHaveLength(ASKS_AGAIN + 2);
  });

  it('says when no worker answered, so that typing may ask afresh; not while asking, after an answer, or once sending threw', async () => {
    const { sent, send } = worker(ASKS_AGAIN + 1); // a worker that starts after the request has given up
    const request = checkerRequest(send, () => false, jest.fn());
    expect(request.unanswered()).toBe(false);
    request.ask();
    await jest.advanceTimersByTimeAsync(1000);
    expect(request.unanswered()).toBe(false); // still asking
    await jest.runAllTimersAsync();
    expect(request.unanswered()).toBe(true);
    request.ask(); // what the sentinel does when the clinician types then
    expect(request.unanswered()).toBe(false);
    await jest.runAllTimersAsync();
    expect(sent).toHaveLength(ASKS_AGAIN + 2); // the worker answered the afresh request
    expect(request.unanswered()).toBe(false);
    // A worker that answered it could not inject: nothing to ask again on typing.
    const refusing = checkerRequest(() => Promise.resolve(false), () => false, jest.fn());
    refusing.ask();
    await jest.runAllTimersAsync();
    expect(refusing.unanswered()).toBe(false);
    // Sending throws: the extension itself is gone.
    const gone = checkerRequest(() => {
      throw new Error('Extension context invalidated.');
    }, () => false, jest.fn());
    gone.ask();
    await jest.runAllTimersAsync();
    expect(gone.unanswered()).toBe(false);
  });

  it('stops asking once the checker runs in the frame', async () => {
    const { sent, send } = worker(Infinity);
    let started = false;
    const request = checkerRequest(send, () => started, jest.fn());
    request.ask();
    await jest.advanceTimersByTimeAsync(300);
    expect(sent).toHaveLength(2);
    started = true;
    await jest.runAllTimersAsync();
    expect(sent).toHaveLength(2);
    expect(request.asking()).toBe(false);
    request.ask();
    expect(sent).toHaveLength(2);
  });

  it('treats a send that throws (the extension was removed) as a refusal, without throwing', async () => {
    let calls = 0;
    const request = checkerRequest(() => {
      calls++;
      throw new Error('Extension context invalidated.');
    }, () => false, jest.fn());
    expect(() => request.ask()).not.toThrow();
    await jest.runAllTimersAsync();
    expect(calls).toBe(ASKS_AGAIN + 1);
    expect(request.asking()).toBe(false);
  });
});
