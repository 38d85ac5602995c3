/**
 * Checking many posts on every core, for `second-opinion audit`. A year or two of posts is
 * tens of thousands, and one thread checks about 1,800 a second on the reference machine
 * (2 cores), so an archive of 50,000 took half a minute on one core while the other idled.
 *
 * The posts go out in chunks to worker threads, each running this same bundle with the same
 * engine and the same check options, and the findings come back into the posts' order: the
 * report is exactly what checking them one by one gives (tested). Nothing leaves the
 * process. Small archives are checked on this thread, where starting the workers (each loads
 * the engine) would cost more than it saves.
 */
import * as os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { checkOneByOne } from '../audit/audit';
import { check } from '../node/engine';
import type { CheckOptions, Draft, Finding } from '../engine/types';

/** Marks the workers this module starts, so that the bundle knows it runs as one. */
const ROLE = 'second-opinion-check-pool';
/** Fewer posts than this are checked on this thread (the workers start in about 0.1 s each). */
export const POOL_MIN_POSTS = 5_000;
/** Posts per message: large enough that messaging costs nothing measurable, small enough for smooth progress. */
const CHUNK = 250;
/** `SECOND_OPINION_WORKERS=N` sets the number of worker threads (1: check on this thread). */
export const WORKERS_VARIABLE = 'SECOND_OPINION_WORKERS';

let threadsOfLastCheck = 0;
/** How many threads the last checkAll used (1: this one): what the tests see of the pool. */
export function lastCheckThreads(): number {
  return threadsOfLastCheck;
}

interface ChunkRequest {
  start: number;
  drafts: Draft[];
}
interface ChunkReply {
  start: number;
  findings: Finding[][];
}

/** How many workers to use for this many posts: one per core unless the variable says otherwise; 1 means none. */
export function workerCount(posts: number, env: NodeJS.ProcessEnv = process.env): number {
  const asked = env[WORKERS_VARIABLE];
  if (asked !== undefined && asked.trim() !== '') {
    const n = /^\s*\d+\s*$/.test(asked) ? Number(asked) : NaN;
    if (!(n >= 1 && n <= 64)) throw new Error(`${WORKERS_VARIABLE} must be a whole number from 1 to 64, not "${asked}"`);
    return n;
  }
  if (posts < POOL_MIN_POSTS) return 1;
  return Math.max(1, Math.min(os.availableParallelism(), 8));
}

/**
 * The findings of every draft, in the drafts' order; `onProgress` is told how many are done.
 * Any worker's failure stops them all and rejects: no partial result is returned.
 */
export function checkAll(drafts: readonly Draft[], options: CheckOptions | undefined, onProgress?: (done: number, total: number) => void): Promise<Finding[][]> {
  // No more threads than chunks: none idle, and no pool at all for one chunk or none.
  const threads = Math.min(workerCount(drafts.length), Math.ceil(drafts.length / CHUNK));
  // Workers run this file, which is only possible from the built bundle (not from sources under a test runner).
  if (threads <= 1 || !/\.c?js$/.test(__filename)) {
    threadsOfLastCheck = 1;
    return checkOneByOne(check)(drafts, options, onProgress);
  }
  threadsOfLastCheck = threads;
  return new Promise((resolve, reject) => {
    const results: Finding[][] = new Array(drafts.length);
    const pool: Worker[] = [];
    let next = 0;
    let done = 0;
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      for (const worker of pool) void worker.terminate();
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(results);
    };
    const give = (worker: Worker) => {
      if (next >= drafts.length) return;
      const start = next;
      next = Math.min(drafts.length, next + CHUNK);
      worker.postMessage({ start, drafts: drafts.slice(start, next) } satisfies ChunkRequest);
    };
    try {
      for (let i = 0; i < threads; i++) {
        const worker = new Worker(__filename, { workerData: { role: ROLE, options } });
        pool.push(worker);
        worker.on('message', (reply: ChunkReply) => {
          if (settled) return;
          try {
            reply.findings.forEach((findings, j) => (results[reply.start + j] = findings));
            done += reply.findings.length;
            onProgress?.(done, drafts.length);
            if (done === drafts.length) settle();
            else give(worker);
          } catch (error) {
            settle(error);
          }
        });
        // A reply that cannot be read would leave its chunk unchecked: stop rather than wait for it.
        worker.on('messageerror', (error) => settle(error));
        worker.on('error', (error) => settle(error));
        worker.on('exit', (code) => {
          if (!settled) settle(new Error(`a checking thread stopped (exit code ${code}) before the posts were checked`));
        });
        give(worker);
      }
    } catch (error) {
      settle(error); // a thread that could not start: the ones that did are stopped
    }
  });
}

// Run as one of the workers above: check each chunk sent and send its findings back.
if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  const options = (workerData as { options?: CheckOptions }).options;
  // A request that cannot be read: end this thread, which the pool reports as a failure.
  parentPort!.on('messageerror', () => process.exit(1));
  parentPort!.on('message', (request: ChunkRequest) => {
    parentPort!.postMessage({ start: request.start, findings: request.drafts.map((draft) => check(draft, options)) } satisfies ChunkReply);
  });
}
