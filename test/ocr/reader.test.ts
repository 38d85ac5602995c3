/** One picture reader for Node and the extension (src/ocr/reader.ts): a reading stopped for typing, with a worker the test controls. */
import type { Worker } from 'tesseract.js';
import { createImageReader, Interrupted } from '../../src/ocr/reader';

// A 1×1 PNG: the reader checks the type and reads the metadata before the OCR.
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

function fakeWorkers() {
  const started: { terminated: boolean; finish(): void }[] = [];
  const start = async () => {
    let finish = () => undefined as void;
    const entry = { terminated: false, finish: () => finish() };
    started.push(entry);
    return {
      recognize: () => new Promise((resolve) => (finish = () => resolve({ data: { blocks: [] } }))),
      terminate: async () => {
        entry.terminated = true;
      },
    } as unknown as Worker;
  };
  return { started, start };
}

const prepare = async () => ({ image: Buffer.from([]), width: 1, height: 1, scale: 1 });
const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('createImageReader: interrupt', () => {
  it('stops the recognition under way: the read rejects with Interrupted, and its worker is ended', async () => {
    const { started, start } = fakeWorkers();
    const reader = createImageReader(start, prepare);
    const reading = reader.read(PNG);
    await flush();
    reader.interrupt();
    await expect(reading).rejects.toBeInstanceOf(Interrupted);
    await flush();
    expect(started[0]!.terminated).toBe(true);
  });

  it('reads again with a new worker, to the end', async () => {
    const { started, start } = fakeWorkers();
    const reader = createImageReader(start, prepare);
    const first = reader.read(PNG);
    await flush();
    reader.interrupt();
    await expect(first).rejects.toBeInstanceOf(Interrupted);
    const second = reader.read(PNG);
    await flush();
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await expect(second).resolves.toMatchObject({ reading: { text: '' } });
  });

  it('does nothing when nothing is being read', async () => {
    const { started, start } = fakeWorkers();
    const reader = createImageReader(start, prepare);
    reader.interrupt();
    const reading = reader.read(PNG);
    await flush();
    started[0]!.finish();
    await expect(reading).resolves.toBeDefined();
    expect(started[0]!.terminated).toBe(false);
  });
});

describe('createImageReader: pauses', () => {
  it('waits for a pause before preparing, before starting a worker and again before recognising', async () => {
    const steps: string[] = [];
    const { started, start } = fakeWorkers();
    const reader = createImageReader(
      async () => {
        steps.push('worker');
        return start();
      },
      async () => {
        steps.push('prepare');
        return prepare();
      },
    );
    const reading = reader.read(PNG, async () => {
      steps.push('pause');
    });
    await flush();
    expect(steps).toEqual(['pause', 'prepare', 'pause', 'worker', 'pause']);
    started[0]!.finish();
    await expect(reading).resolves.toBeDefined();
  });
});
