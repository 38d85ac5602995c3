/**
 * The audit page's worker: opens the archive, reads every post and checks each with the
 * engine, off the page's thread, so the page stays responsive and Cancel simply ends the
 * worker. The engine is this extension's own file; nothing is fetched.
 */
import { audit } from '../audit/audit';
import { openFile } from '../audit/open-browser';
import { reportData } from '../audit/report-data';
import { ArchiveError } from '../audit/types';
import type { EngineApi } from '../content/engine-loader';
import type { CheckOptions } from '../engine/types';

export interface AuditRequest {
  files: File[];
  options: CheckOptions;
  directMessages: boolean;
}

export type AuditReply =
  | { type: 'progress'; checked: number; total: number }
  | { type: 'done'; data: ReturnType<typeof reportData> }
  | { type: 'error'; message: string };

declare const importScripts: (...urls: string[]) => void;
const post = (reply: AuditReply) => (globalThis as unknown as { postMessage(message: AuditReply): void }).postMessage(reply);

globalThis.addEventListener('message', (event: Event) => {
  void (async () => {
    const request = (event as MessageEvent<AuditRequest>).data;
    const archives = [];
    try {
      importScripts('../engine/rules-data.js', '../engine/second-opinion-engine.js');
      const engine = (globalThis as unknown as { SecondOpinionEngine: EngineApi }).SecondOpinionEngine;
      for (const file of request.files) archives.push(await openFile(file));
      const result = await audit(archives, {
        check: engine.check,
        checkOptions: request.options,
        directMessages: request.directMessages,
        onProgress: (checked, total) => post({ type: 'progress', checked, total }),
      });
      post({ type: 'done', data: reportData(result) });
    } catch (error) {
      post({ type: 'error', message: error instanceof ArchiveError ? error.message : `The audit stopped: ${(error as Error).message}` });
    } finally {
      for (const archive of archives) await archive.close().catch(() => undefined);
    }
  })();
});
