/**
 * The engine is injected by the background worker together with this checker (the
 * sentinel asks for both when a compose box first gets focus), into this frame's
 * content-script world, where it defines `SecondOpinionEngine`. No page script can see
 * it, and nothing is fetched from the network.
 */
import type * as Engine from '../engine/index';

export type EngineApi = Pick<typeof Engine, 'check' | 'checkInSteps' | 'highRules'>;

declare global {
  // eslint-disable-next-line no-var
  var SecondOpinionEngine: EngineApi | undefined;
}

export function loadEngine(): Promise<EngineApi> {
  const engine = globalThis.SecondOpinionEngine;
  return engine ? Promise.resolve(engine) : Promise.reject(new Error('Second Opinion: the checking engine was not injected'));
}
