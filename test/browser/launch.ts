/**
 * Starting Debian's Chromium with the built extension, the way this project's tests
 * must (see the developers' guide): extensions enabled, a fresh profile, no background
 * networking, and every host name resolved to the local fixture server.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const ROOT = path.resolve(__dirname, '../..');
export const CHROME_EXTENSION = path.join(ROOT, 'dist/chrome');
export const FIREFOX_EXTENSION = path.join(ROOT, 'dist/firefox');
export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

export interface Launched {
  browser: Browser;
  extensionId: string;
  userDataDir: string;
  close(): Promise<void>;
}

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

export async function launchChromium(port: number, options: { extension?: boolean; headless?: boolean } = {}): Promise<Launched> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'second-opinion-chromium-'));
  const withExtension = options.extension !== false;
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    enableExtensions: withExtension,
    pipe: true,
    dumpio: !!process.env.SECOND_OPINION_DUMPIO,
    userDataDir,
    defaultViewport: { width: 1000, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Chromium's own services (autofill hints, spelling dictionaries) would otherwise call out.
      '--disable-features=AutofillServerCommunication,SpellcheckService,OptimizationHints,MediaRouter',
      '--disable-spell-checking',
      '--ignore-certificate-errors',
      '--force-color-profile=srgb',
      '--font-render-hinting=none',
      // Every host, real site names included, goes to the fixture server: nothing leaves the machine.
      `--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE localhost`,
      ...(withExtension ? [`--disable-extensions-except=${CHROME_EXTENSION}`, `--load-extension=${CHROME_EXTENSION}`] : []),
    ],
  });
  let extensionId = '';
  if (withExtension) {
    const worker = await browser.waitForTarget((target) => target.type() === 'service_worker' && target.url().startsWith('chrome-extension://'), { timeout: 20_000 });
    extensionId = new URL(worker.url()).host;
  }
  return {
    browser,
    extensionId,
    userDataDir,
    async close() {
      await browser.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Errors and warnings the page logged, and uncaught errors. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${String(error)}`));
  return errors;
}
