// Zips the built extensions for the stores: dist/packages/second-opinion-<browser>-<version>.zip,
// with manifest.json at the root of each archive as the Chrome Web Store and AMO expect.
import { zipSync } from 'fflate';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function collect(dir, prefix = '') {
  const files = {};
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const key = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) Object.assign(files, collect(full, key));
    // A fixed date keeps archives byte-identical between builds of the same source.
    else files[key] = [readFileSync(full), { mtime: new Date('2026-01-01T00:00:00Z') }];
  }
  return files;
}

const out = path.join(root, 'dist/packages');
mkdirSync(out, { recursive: true });
for (const browser of ['chrome', 'firefox']) {
  const dir = path.join(root, 'dist', browser);
  const { version } = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const file = path.join(out, `second-opinion-${browser}-${version}.zip`);
  const files = collect(dir);
  // The public key pins the extension id for unpacked and self-hosted installs; the
  // Chrome Web Store refuses a manifest with one (it assigns its own).
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  delete manifest.key;
  files['manifest.json'] = [Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), { mtime: new Date('2026-01-01T00:00:00Z') }];
  writeFileSync(file, zipSync(files, { level: 9 }));
  console.log(`package: ${path.relative(root, file)}`);
}
