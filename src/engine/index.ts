/**
 * The engine with the project's own rules. `build/rules.json` is written by
 * `npm run build` from the validated files in `rules/`.
 */
import bundleJson from '../../build/rules.json';
import type { RuleBundle } from '../rules/schema';
import { createEngine, type Engine } from './engine';
import { unpackBundleNumbers } from './packed-numbers';
import type { Steps } from './steps';
import type { CheckOptions, Draft, Entity, Finding } from './types';

export * from './types';
export { createEngine, MEANING_WORDS_MAX, type Engine, type EngineOptions, type RuleInfo } from './engine';
export { isValidNhsNumber } from './recognisers';
export { runToEnd, type Steps } from './steps';
export { foldSameWords, shownFindings } from './fold';
export { evidenceNames, forEachMeaningWeight, forEachWeight, meaningNames } from './model';

let engine: Engine | undefined;
let bundle: RuleBundle | undefined;

/**
 * The rule data, as each build gives it. Node's bundles read it as JSON text from a file
 * beside them, and the extension's pages inline it as JSON text (esbuild's text loader): V8
 * parses a JSON string several times faster than the same data as an object literal. The
 * extension's content-script engine gets a function that returns the text another injected
 * script set (engine/rules-data.js, see scripts/build.mjs), so that compiling 1.1 MB of
 * string is not part of the engine script's own task on the page. Under ts-jest the import
 * is already an object.
 */
function loadBundle(): RuleBundle {
  if (bundle) return bundle;
  const data: unknown = bundleJson;
  const json = typeof data === 'function' ? (data as () => unknown)() : data;
  if (json === undefined || json === null) throw new Error('Second Opinion: the rule data was not loaded (engine/rules-data.js runs before the engine)');
  return (bundle = unpackBundleNumbers((typeof json === 'string' ? JSON.parse(json) : json) as RuleBundle));
}

/** The default engine, built on first use so that importing costs nothing. */
export function getEngine(): Engine {
  return (engine ??= createEngine(loadBundle()));
}

export function check(draft: Draft, options?: CheckOptions): Finding[] {
  return getEngine().check(draft, options);
}

/** `check` in small synchronous steps (see ./steps.ts); the generator returns the same findings. */
export function checkInSteps(draft: Draft, options?: CheckOptions): Steps<Finding[]> {
  return getEngine().checkInSteps(draft, options);
}

export function entities(text: string): Entity[] {
  return getEngine().entities(text);
}

let declaredHigh: ReadonlySet<string> | undefined;
/**
 * The rules whose findings are high risk as their rule files declare them (the jigsaw too):
 * a finding can be shown lower (a direct message's audience, or a category reported beside
 * another), and switching such a rule off everywhere still asks for the user's tick.
 */
export function highRules(): ReadonlySet<string> {
  const bundle = loadBundle();
  return (declaredHigh ??= new Set([...bundle.rules.filter((r) => r.severity === 'high').map((r) => r.id), ...(bundle.jigsaw.severity === 'high' ? ['jigsaw'] : [])]));
}

/** The project's validated rule data. */
export function getRuleBundle(): RuleBundle {
  return loadBundle();
}
