/**
 * An HTTPS server for the fixture pages, answering for every site's real host name
 * (the browser is told to resolve all hosts to it). It logs every request, so a test
 * can prove the extension itself fetched nothing.
 */
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import selfsigned from 'selfsigned';
import { FIXTURE_CSS, FIXTURE_PAGES, type FixturePage } from '../fixtures/sites/pages';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLES = path.join(ROOT, 'build/fixtures');

export interface LoggedRequest {
  host: string;
  path: string;
}

export interface FixtureServer {
  port: number;
  requests: LoggedRequest[];
  url(page: FixturePage): string;
  close(): Promise<void>;
}

/** Bundles the fixture scripts with the real editor libraries (once per test run is plenty). */
export async function buildFixtures(): Promise<void> {
  const scripts = [...new Set(FIXTURE_PAGES.map((page) => page.script).filter(Boolean))];
  const dir = path.join(ROOT, 'test/fixtures/sites');
  await build({
    entryPoints: scripts.map((script) => {
      const file = fs.existsSync(path.join(dir, `${script}.tsx`)) ? `${script}.tsx` : `${script}.ts`;
      return { in: path.join(dir, file), out: script };
    }),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    outdir: BUNDLES,
    logLevel: 'warning',
  });
}

function html(page: FixturePage): string {
  return `<!doctype html><html lang="en-GB" ${page.htmlAttributes ?? ''}><head><meta charset="utf-8"><title>${page.id} fixture</title>
<link rel="stylesheet" href="/__fixtures/style.css">${page.head ?? ''}</head><body data-fixture="${page.id}" ${page.bodyAttributes ?? ''}>${page.body}
${page.script ? `<script src="/__fixtures/${page.script}.js"></script>` : ''}</body></html>`;
}

export async function startFixtureServer(pages: FixturePage[] = FIXTURE_PAGES): Promise<FixtureServer> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'second-opinion-fixtures' }], { keyType: 'ec' });
  const requests: LoggedRequest[] = [];
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(request.url ?? '/', `https://${host}`);
    requests.push({ host, path: url.pathname });
    if (url.pathname === '/__fixtures/style.css') {
      response.writeHead(200, { 'content-type': 'text/css' }).end(FIXTURE_CSS);
      return;
    }
    const bundle = /^\/__fixtures\/([a-z-]+)\.js$/.exec(url.pathname);
    if (bundle) {
      const file = path.join(BUNDLES, `${bundle[1]}.js`);
      if (fs.existsSync(file)) {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(fs.readFileSync(file));
        return;
      }
    }
    const page = pages.find((candidate) => candidate.host === host && candidate.path === url.pathname);
    if (page) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(page));
      return;
    }
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not a fixture');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    url: (page) => `https://${page.host}:${port}${page.path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
