/** How many threads `second-opinion audit` checks posts on (src/cli/check-pool.ts); the pool itself runs from the built CLI in test/audit/audit.test.ts. */
import * as os from 'node:os';
import { POOL_MIN_POSTS, checkAll, workerCount } from '../../src/cli/check-pool';
import { check } from '../../src/engine';

// src/node/engine sets a V8 flag as it loads, which a running test process must not do
// (test/node/code-cache.test.ts runs it in a process of its own): the same engine without it.
jest.mock('../../src/node/engine', () => jest.requireActual('../../src/engine'));

describe('workerCount', () => {
  it('uses one thread below the pool size, else one per core (at most 8)', () => {
    expect(workerCount(POOL_MIN_POSTS - 1, {})).toBe(1);
    expect(workerCount(POOL_MIN_POSTS, {})).toBe(Math.max(1, Math.min(os.availableParallelism(), 8)));
  });

  it('takes SECOND_OPINION_WORKERS as given, whatever the number of posts, and refuses a value that is not 1 to 64', () => {
    expect(workerCount(10, { SECOND_OPINION_WORKERS: '3' })).toBe(3);
    expect(workerCount(100_000, { SECOND_OPINION_WORKERS: '1' })).toBe(1);
    expect(workerCount(10, { SECOND_OPINION_WORKERS: ' ' })).toBe(1);
    expect(workerCount(10, { SECOND_OPINION_WORKERS: ' 2 ' })).toBe(2);
    for (const bad of ['0', '65', '2.5', 'two', '-1', '0x2', '2e0', '+2']) expect(() => workerCount(10, { SECOND_OPINION_WORKERS: bad })).toThrow(`SECOND_OPINION_WORKERS must be a whole number from 1 to 64, not "${bad}"`);
  });
});

describe('checkAll', () => {
  it('run from the sources (no bundle for a worker to run), checks on this thread, in order, telling progress', async () => {
    const drafts = ['Hungover at work again 🥴', 'Lovely team lunch today', 'NHS no 943 476 5919'].map((text) => ({ text }));
    const progress: number[] = [];
    const findings = await checkAll(drafts, undefined, (done) => progress.push(done));
    expect(findings).toEqual(drafts.map((d) => check(d)));
    expect(progress.at(-1)).toBe(3);
  });
});
