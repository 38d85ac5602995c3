/**
 * The checker's side of the picture reader: a hidden frame of the extension's relay page
 * (src/pages/relay.ts) inside our closed overlay, reached through a MessagePort that the
 * frame accepts only with the one-time token in its address. A picture's bytes are
 * transferred, not copied or encoded, and go no further than the extension.
 */
import browser from 'webextension-polyfill';
import { ATTACH_PAUSE_MS, TYPING_PAUSE_MS, TypingGate } from '../../ocr/typing-gate';
import type { ImageMetadata, ImageReading } from '../../ocr/types';
import type { Overlay } from '../lint/overlay';

export type ReaderAnswer = { ok: true; reading: ImageReading; metadata: ImageMetadata } | { ok: false; error: string; cancelled?: boolean };

/** The relay frame must answer within this time of loading. */
const CONNECT_TIMEOUT_MS = 15_000;

interface Connection {
  frame: HTMLIFrameElement;
  port: MessagePort;
}

export class PictureReaderClient {
  private connection: Promise<Connection> | undefined;
  private readonly waiting = new Map<string, (answer: ReaderAnswer) => void>();
  private readonly progress = new Map<string, (fraction: number) => void>();
  private next = 0;
  private lastTyping = -Infinity;
  /**
   * A picture is handed over only at a pause in typing, and not in the second after it is
   * attached (see ATTACH_PAUSE_MS): loading its bytes, sending them on and starting the
   * reader each take some of a core, and the keys typed straight after attaching were slowed
   * by it (npm run bench).
   */
  private readonly pause = new TypingGate(TYPING_PAUSE_MS);

  constructor(private readonly overlay: () => Overlay) {}

  /** Reads `file` once the clinician pauses; `signal` cancels; `onProgress` hears how far it got. Never rejects. */
  async read(file: Blob, signal: AbortSignal, onProgress?: (fraction: number) => void): Promise<ReaderAnswer> {
    const id = `${Date.now().toString(36)}-${this.next++}`;
    const cancelled: ReaderAnswer = { ok: false, error: 'cancelled', cancelled: true };
    this.pause.hold(ATTACH_PAUSE_MS);
    await Promise.race([this.pause.quiet(), new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
    if (signal.aborted) return cancelled;
    let connection: Connection;
    let bytes: ArrayBuffer;
    try {
      connection = await this.connect();
      bytes = await file.arrayBuffer();
    } catch (e) {
      return { ok: false, error: `could not read this image: ${(e as Error).message}` };
    }
    if (signal.aborted) return cancelled;
    return new Promise<ReaderAnswer>((resolve) => {
      const onAbort = () => {
        connection.port.postMessage({ type: 'cancel', id });
        this.waiting.delete(id);
        this.progress.delete(id);
        resolve({ ok: false, error: 'cancelled', cancelled: true });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (onProgress) this.progress.set(id, onProgress);
      this.waiting.set(id, (answer) => {
        signal.removeEventListener('abort', onAbort);
        this.progress.delete(id);
        resolve(answer);
      });
      connection.port.postMessage({ type: 'read', id, bytes }, [bytes]); // transferred, not copied
    });
  }

  /**
   * The clinician typed in a compose box: the reader waits for a pause before it reads, and
   * stops a reading under way (see src/pages/ocr.ts). Told at most once a second (a pause is
   * two seconds without news), and only while a picture is out; the checker's own pause,
   * before it hands a picture over, hears every key.
   */
  typing(): void {
    this.pause.typed();
    if (!this.waiting.size || !this.connection) return;
    const now = performance.now();
    if (now - this.lastTyping < 1000) return;
    this.lastTyping = now;
    void this.connection.then(({ port }) => port.postMessage({ type: 'typing' }), () => undefined);
  }

  private failWaiting(reason: string): void {
    for (const [id, answer] of [...this.waiting]) {
      this.waiting.delete(id);
      answer({ ok: false, error: `could not read this image: ${reason}` });
    }
  }

  private connect(): Promise<Connection> {
    if (this.connection) {
      // The page may have taken our overlay, frame and all, out of the document.
      const current = this.connection;
      return current.then(
        (connection) => {
          if (connection.frame.isConnected) return connection;
          this.failWaiting('the page removed the picture reader');
          if (this.connection === current) this.connection = undefined;
          return this.connect();
        },
        () => {
          if (this.connection === current) this.connection = undefined;
          return this.connect();
        },
      );
    }
    const token = crypto.randomUUID();
    const frame = document.createElement('iframe');
    frame.src = `${browser.runtime.getURL('pages/relay.html')}#${token}`;
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;border:0;visibility:hidden;';
    const connection = new Promise<Connection>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the picture reader did not start')), CONNECT_TIMEOUT_MS);
      frame.addEventListener(
        'load',
        () => {
          const channel = new MessageChannel();
          channel.port1.addEventListener('message', (event: MessageEvent) => {
            const message = event.data as { type?: string; id?: string; progress?: unknown } | null;
            if (message?.type === 'ready') {
              clearTimeout(timer);
              resolve({ frame, port: channel.port1 });
              return;
            }
            if (typeof message?.id !== 'string') return;
            if (typeof message.progress === 'number') {
              this.progress.get(message.id)?.(message.progress);
              return;
            }
            const answer = this.waiting.get(message.id);
            this.waiting.delete(message.id);
            answer?.(message as unknown as ReaderAnswer);
          });
          channel.port1.start();
          // Any origin: a frame of a dynamic address has the extension's own origin, not the
          // address's, and this frame, in our closed overlay, can hold only the relay page.
          frame.contentWindow?.postMessage({ token }, '*', [channel.port2]);
        },
        { once: true },
      );
    });
    this.overlay().root.append(frame);
    this.connection = connection;
    return connection;
  }
}
