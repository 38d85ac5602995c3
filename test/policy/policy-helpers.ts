/**
 * Real managed-policy files for the browser tests. Chromium reads
 * /etc/chromium/policies/managed/*.json and Firefox /etc/firefox/policies/policies.json;
 * writing them needs root (CI runs as root). Every file written is removed afterwards.
 *
 * So that a policy cannot leak into the other browser tests running at the same time,
 * the policy tests load their own copy of the extension under an id of its own: in
 * Chromium a copy without the manifest key (its id comes from its folder), in Firefox a
 * copy with another gecko id. The policy names only that id.
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

/** A fresh copy of a build (`dist/chrome` or `dist/firefox`) under build/NAME, its manifest changed by `edit`. */
function buildCopy(build: 'chrome' | 'firefox', name: string, edit: (manifest: Record<string, any>) => void): string {
  const dir = path.join(ROOT, 'build', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'dist', build), dir, { recursive: true });
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  edit(manifest);
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return dir;
}

/** A copy of the Chrome build without the manifest key, so its id is its own. */
export function keylessExtensionCopy(name: string): { dir: string; id: string } {
  const dir = buildCopy('chrome', name, (manifest) => delete manifest.key);
  return { dir, id: unpackedExtensionId(dir) };
}

/** A copy of the Firefox build under another gecko id, so a policy naming it reaches no other test. */
export function firefoxExtensionCopy(name: string, geckoId: string): { dir: string; id: string } {
  const dir = buildCopy('firefox', name, (manifest) => (manifest.browser_specific_settings.gecko.id = geckoId));
  return { dir, id: geckoId };
}

/** Writes Chromium's policy file for one extension (the test removes it afterwards). */
export function writeChromiumPolicy(file: string, extensionId: string, settings: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: settings } } }, null, 2));
}

/**
 * Installs Firefox's policy file giving one extension these managed settings. Firefox has
 * one policies.json for everything, so an existing file is kept aside; the function
 * returned puts it back (or removes ours).
 */
export function installFirefoxPolicy(extensionId: string, settings: unknown): () => void {
  const file = FIREFOX_POLICY_FILE;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const previous = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  fs.writeFileSync(file, JSON.stringify({ policies: { '3rdparty': { Extensions: { [extensionId]: settings } } } }, null, 2));
  return () => {
    if (previous) fs.writeFileSync(file, previous);
    else fs.rmSync(file, { force: true });
  };
}
