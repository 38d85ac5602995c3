/**
 * The engine is loaded only when a compose box first gets focus, not on every page
 * view: the background worker injects `engine/second-opinion-engine.js` into this
 * frame's content-script world, where it defines `SecondOpinionEngine`. No page script
 * can see it, and nothing is fetched from the network.
 */
import browser from 'webextension-polyfill';
import type * as Engine from '../engine/index';
import type { RuntimeMessage } from '../shared/messages';

export type EngineApi = Pick<typeof Engine, 'check'>;

declare global {
  // eslint-disable-next-line no-var
  var SecondOpinionEngine: EngineApi | undefined;
}

let loading: Promise<EngineApi> | undefined;

export function loadEngine(): Promise<EngineApi> {
  const ready = globalThis.SecondOpinionEngine;
  if (ready) return Promise.resolve(ready);
  loading ??= (async () => {
    const message: RuntimeMessage = { type: 'load-engine' };
    await browser.runtime.sendMessage(message);
    const engine = globalThis.SecondOpinionEngine;
    if (!engine) throw new Error('Second Opinion: the checking engine did not load');
    return engine;
  })();
  // A failed load (extension reloading, say) may be retried on the next focus.
  loading.catch(() => (loading = undefined));
  return loading;
}
