/**
 * The engine with the project's own rules. `build/rules.json` is written by
 * `npm run build` from the validated files in `rules/`.
 */
import bundleJson from '../../build/rules.json';
import type { RuleBundle } from '../rules/schema';
import { createEngine, type Engine } from './engine';
import type { CheckOptions, Draft, Entity, Finding } from './types';

export * from './types';
export { createEngine, type Engine, type RuleInfo } from './engine';
export { isValidNhsNumber } from './recognisers';

let engine: Engine | undefined;

/** The default engine, built on first use so that importing costs nothing. */
export function getEngine(): Engine {
  return (engine ??= createEngine(bundleJson as unknown as RuleBundle));
}

export function check(draft: Draft, options?: CheckOptions): Finding[] {
  return getEngine().check(draft, options);
}

export function entities(text: string): Entity[] {
  return getEngine().entities(text);
}

export const ruleBundle = bundleJson as unknown as RuleBundle;
