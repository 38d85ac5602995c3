/**
 * Real managed-policy files for the browser tests. Chromium reads
 * /etc/chromium/policies/managed/*.json and Firefox /etc/firefox/policies/policies.json;
 * writing them needs root (CI runs as root). Every file written is removed afterwards.
 *
 * So that a policy cannot leak into the other browser tests running at the same time,
 * the Chromium policy tests load their own copy of the extension without the manifest
 * key: its id comes from its folder, and the policy names only that id.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../browser/launch';

export const CHROMIUM_POLICY_DIR = '/etc/chromium/policies/managed';
export const FIREFOX_POLICY_FILE = '/etc/firefox/policies/policies.json';

/** Why policy tests cannot run here, or undefined when they can. */
export function cannotWritePolicy(dir: string): string | undefined {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return `not root (writing ${dir} needs root; CI runs as root)`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return undefined;
  } catch (error) {
    return `cannot write ${dir}: ${String(error)}`;
  }
}

/** Chromium's extension id: the first 128 bits of a SHA-256, written with the letters a to p. */
export function chromiumExtensionId(input: Buffer | string): string {
  return [...createHash('sha256').update(input).digest('hex').slice(0, 32)].map((hex) => String.fromCharCode(97 + parseInt(hex, 16))).join('');
}

/** The id of an unpacked extension without a key: from its absolute path. */
export function unpackedExtensionId(dir: string): string {
  return chromiumExtensionId(path.resolve(dir));
}

/** A copy of the Chrome build without the manifest key, so its id is its own. */
export function keylessExtensionCopy(name: string): { dir: string; id: string } {
  const dir = path.join(ROOT, 'build', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'dist/chrome'), dir, { recursive: true });
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  delete manifest.key;
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return { dir, id: unpackedExtensionId(dir) };
}

/** Writes Chromium's policy file for one extension; returns the file so the test can remove it. */
export function writeChromiumPolicy(file: string, extensionId: string, settings: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: settings } } }, null, 2));
}
