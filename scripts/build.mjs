// Build: validate the rule data, then bundle the engine (for the extension) and the CLI.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { buildExtension } from './build-extension.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = { logLevel: 'warning' };

// 1. Rules: compile the validator with esbuild and run it; a broken rule file stops the build here.
mkdirSync(path.join(root, 'build'), { recursive: true });
await build({ entryPoints: [path.join(root, 'src/rules/build-bundle.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: path.join(root, 'build/tools/build-bundle.cjs'), packages: 'external', ...quiet });
try {
  execFileSync(process.execPath, [path.join(root, 'build/tools/build-bundle.cjs'), root], { stdio: 'inherit' });
} catch {
  process.exit(1);
}

// 2. The engine for the extension's content scripts: one self-contained file, no eval, no network.
await build({
  entryPoints: [path.join(root, 'src/engine/index.ts')],
  bundle: true,
  format: 'iife',
  globalName: 'SecondOpinionEngine',
  platform: 'browser',
  target: ['chrome120', 'firefox140'], // as the extension's manifest; the recognisers use the regex v flag (Chrome 112, Firefox 116)
  minify: true,
  legalComments: 'linked',
  loader: { '.json': 'text' },
  outfile: path.join(root, 'dist/engine/second-opinion-engine.js'),
  ...quiet,
});

// The same engine as a CommonJS module for Node scripts (eval, bench).
await build({
  entryPoints: [path.join(root, 'src/engine/index.ts')],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  loader: { '.json': 'text' },
  outfile: path.join(root, 'dist/engine/node.cjs'),
  ...quiet,
});

// 3. The command-line checker.
const cli = path.join(root, 'dist/cli/second-opinion.js');
await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  loader: { '.json': 'text' },
  banner: { js: '#!/usr/bin/env node' },
  outfile: cli,
  ...quiet,
});
chmodSync(cli, 0o755);

// 4. The extensions: dist/chrome and dist/firefox.
await buildExtension(root);
console.log('build: dist/engine, dist/cli/second-opinion.js, dist/chrome, dist/firefox');
