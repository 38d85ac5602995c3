/**
 * The rule bundle's long lists of whole numbers (the learned model's weights and pairs, the
 * term trie's edges), packed for shipping: each as the bytes of 16- or 32-bit integers in
 * little-endian order, in base64, which the engine reads back into a typed array.
 *
 * Why: JSON.parse read some 117,000 numbers digit by digit into arrays that the garbage
 * collector then copied; that was about a third of parsing the rule data at every fresh
 * engine's start (the CLI, and each page where a compose box gets focus). A base64 string is
 * one object, decoded by the platform where it can be (Buffer in Node, Uint8Array.fromBase64
 * in Chrome 140 and later and in Firefox; older Chrome decodes with atob and a loop), and
 * about two thirds the size of the digits.
 *
 * Only the shipped copies of the bundle are packed (dist/engine/rules.json, dist/cli/rules.json,
 * engine/rules-data.js; ./shipped-bundle.ts makes them). build/rules.json keeps plain arrays,
 * for people and for tests.
 * Damage that changes the number of bytes (text cut short or added to, characters that are
 * not base64) is refused; a base64 character changed into another is not detected, just as a
 * changed digit was not.
 */
import { spreadWeights, type CategoryModel, type MeaningTable, type ModelPairs } from './model';
import type { SerialisedTrie } from './terms';

/** A list of whole numbers as the engine reads it: plain from JSON, or typed once unpacked. */
export type Integers = readonly number[] | Int8Array | Int16Array | Int32Array;

/** A packed list: `int8`, `int16le` or `int32le` holds its numbers' bytes in base64, and `length` how many there are. */
export type PackedIntegers = { int8: string; length: number } | { int16le: string; length: number } | { int32le: string; length: number };

const INT16_MIN = -32768;
const INT16_MAX = 32767;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Packs whole numbers: in 16 bits each if they all fit, else in 32. `bytes`: in 8 bits each
 * if they all fit (the words' meanings' weights: some 220,000 small numbers).
 */
export function packIntegers(values: Integers, bytes = false): PackedIntegers {
  let narrow = true;
  let byte = bytes;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) throw new Error(`only whole numbers within 32 bits are packed, not ${String(v)} (at ${i})`);
    if (v < INT16_MIN || v > INT16_MAX) narrow = false;
    if (v < -128 || v > 127) byte = false;
  }
  const width = byte ? 1 : narrow ? 2 : 4;
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (width === 1) view.setInt8(i, values[i]!);
    else if (width === 2) view.setInt16(2 * i, values[i]!, true);
    else view.setInt32(4 * i, values[i]!, true);
  }
  const base64 = base64Of(out);
  return width === 1 ? { int8: base64, length: values.length } : width === 2 ? { int16le: base64, length: values.length } : { int32le: base64, length: values.length };
}

/** Whether a value is a packed list (rather than a plain array). */
export function isPacked(value: unknown): value is PackedIntegers {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && ('int8' in value || 'int16le' in value || 'int32le' in value);
}

/**
 * A packed list's numbers (a plain array is given back as it is). `where` names the list in
 * the error a damaged one gets.
 */
export function unpackIntegers(value: Integers | PackedIntegers, where: string): Integers {
  // Lists, and anything that is no object (a part an older bundle lacks: the engine checks the formats it reads), pass as they are.
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return value;
  if (!isPacked(value)) {
    // Typed arrays written out with JSON.stringify become objects of numbered keys.
    throw new Error(`the rule bundle's numbers at ${where} are not a list (a loaded bundle written out as JSON?): use build/rules.json or a shipped rules.json as the build wrote it`);
  }
  const wide = 'int32le' in value;
  const byte = 'int8' in value;
  const base64 = wide ? value.int32le : byte ? value.int8 : value.int16le;
  const width = wide ? 4 : byte ? 1 : 2;
  const bytes = typeof base64 === 'string' ? bytesOf(base64) : undefined;
  if (bytes === undefined || !Number.isInteger(value.length) || bytes.length !== value.length * width) {
    throw new Error(`the rule bundle's numbers at ${where} are damaged (${bytes?.length ?? 'no'} bytes for ${String(value.length)} numbers of ${width} bytes): rebuild the bundle with npm run build`);
  }
  // A view of the decoded bytes, not a copy: they are the numbers already.
  if (byte) return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = wide ? new Int32Array(value.length) : new Int16Array(value.length);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let i = 0; i < out.length; i++) out[i] = wide ? view.getInt32(4 * i, true) : view.getInt16(2 * i, true);
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface Base64Platform {
  fromBase64?: (text: string) => Uint8Array;
}
/** The platform's own base64 functions (the engine's code declares no DOM or Node types). */
interface Base64Globals {
  Buffer?: NodeBuffer;
  atob?: (text: string) => string;
  btoa?: (binary: string) => string;
}
interface NodeBuffer {
  from(text: string, encoding: 'base64'): Uint8Array;
  from(bytes: Uint8Array): { toString(encoding: 'base64'): string };
}

/**
 * The bytes of base64 text, decoded natively where the platform can: Uint8Array.fromBase64
 * (Chromium, Firefox), Buffer (Node), else atob. Text that is not base64 gets undefined.
 * Buffer skips characters that are not base64 instead of refusing them, which the caller's
 * count of bytes catches (the text is not tested against a pattern first: that took over a
 * millisecond of each start-up).
 */
function bytesOf(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const fromBase64 = (Uint8Array as unknown as Base64Platform).fromBase64;
  const platform = globalThis as Base64Globals;
  try {
    if (typeof fromBase64 === 'function') return fromBase64(text);
    if (platform.Buffer) return platform.Buffer.from(text, 'base64');
    if (!platform.atob) throw new Error('this platform decodes no base64 (no Uint8Array.fromBase64, Buffer or atob)');
    const binary = platform.atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch (e) {
    // fromBase64 and atob refuse text that is not base64: that is a damaged list, not a platform fault.
    if (e instanceof Error && e.message.startsWith('this platform')) throw e;
    return undefined;
  }
}

/** Base64 of bytes (at build time, so speed does not matter). */
function base64Of(bytes: Uint8Array): string {
  const platform = globalThis as Base64Globals;
  if (platform.Buffer) return platform.Buffer.from(bytes).toString('base64');
  if (!platform.btoa) throw new Error('this platform encodes no base64 (no Buffer or btoa)');
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return platform.btoa(binary);
}

/** The parts of a rule bundle that hold packed lists: as RuleBundle types them, loosely. */
interface WithNumbers {
  model?: { evidence: readonly string[]; categories: Partial<Record<string, CategoryModel>>; pairs?: ModelPairs; denseWeights?: true; meaning?: MeaningTable };
  termTries?: { terms: SerialisedTrie };
}

const TRIE_LISTS = ['parents', 'tokens', 'ends'] as const;
const PAIR_LISTS = ['at', 'keys'] as const;

/**
 * Applies `change` to each long list of numbers of a bundle, in a copy: the objects on the
 * way to a list are copied, the rest shared. The bundle given is not changed.
 */
function mapNumberLists<T extends WithNumbers>(bundle: T, change: (list: Integers | PackedIntegers, where: string, bytes?: boolean) => Integers | PackedIntegers): T {
  const out = { ...bundle };
  if (bundle.model) {
    const categories: Record<string, CategoryModel> = {};
    for (const [name, m] of Object.entries(bundle.model.categories)) if (m) categories[name] = { ...m, weights: change(m.weights, `model.categories.${name}.weights`) as CategoryModel['weights'] };
    const model = { ...bundle.model, categories };
    if (bundle.model.pairs) {
      const pairs = { ...bundle.model.pairs };
      for (const key of PAIR_LISTS) pairs[key] = change(pairs[key], `model.pairs.${key}`) as ModelPairs[typeof key];
      model.pairs = pairs;
    }
    if (bundle.model.meaning) model.meaning = { ...bundle.model.meaning, weights: change(bundle.model.meaning.weights, 'model.meaning.weights', true) as MeaningTable['weights'] };
    out.model = model;
  }
  if (bundle.termTries) {
    const terms = { ...bundle.termTries.terms };
    for (const key of TRIE_LISTS) terms[key] = change(terms[key], `termTries.terms.${key}`) as SerialisedTrie[typeof key];
    out.termTries = { ...bundle.termTries, terms };
  }
  return out;
}

/**
 * A bundle with its long lists of numbers packed, for shipping (see the top of this file).
 * Each category's weights go dense as well (LearnedModel.denseWeights): a weight for every
 * evidence index, which the engine uses as it comes, instead of (index, weight) pairs that it
 * would spread into a table at every start. Mostly zeros, they pack to about a fifth more
 * than the pairs would.
 */
export function packBundleNumbers<T extends WithNumbers>(bundle: T): T {
  let dense = bundle;
  if (bundle.model) {
    if (bundle.model.denseWeights) throw new Error("model.categories' weights are dense already");
    const size = bundle.model.evidence.length;
    const categories: Record<string, CategoryModel> = {};
    for (const [name, m] of Object.entries(bundle.model.categories)) {
      if (!m) continue;
      if (isPacked(m.weights)) throw new Error(`model.categories.${name}.weights is packed already`);
      const dense = spreadWeights(m.weights, size, (what) => new Error(`model.categories.${name}.weights ${what}`));
      categories[name] = { ...m, weights: Array.from(dense) };
    }
    dense = { ...bundle, model: { ...bundle.model, categories, denseWeights: true } };
  }
  return mapNumberLists(dense, (list, where, bytes) => {
    if (isPacked(list)) throw new Error(`${where} is packed already`);
    return packIntegers(list, bytes);
  });
}

/** A bundle as read from a shipped copy, its packed lists unpacked (plain lists are kept as they are). */
export function unpackBundleNumbers<T extends WithNumbers>(bundle: T): T {
  return mapNumberLists(bundle, (list, where) => unpackIntegers(list, where));
}
