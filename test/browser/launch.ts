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

/**
 * Hosts that Chromium's own services call (sign-in, updates, hints; GCM's device check-in and
 * Google's async endpoint, which Debian's Chromium 150 calls despite
 * `--disable-background-networking`). Every host resolves to the fixture server, so their
 * requests arrive there; they are the browser's, never the extension's, whose pages and
 * worker the tests watch over the DevTools protocol as well. `''`: a request with no host.
 */
export const CHROMIUM_OWN_HOSTS: readonly string[] = ['accounts.google.com', 'update.googleapis.com', 'redirector.gvt1.com', 'clients2.google.com', 'optimizationguide-pa.googleapis.com', 'android.clients.google.com', 'www.google.com', ''];

export interface Launched {
  browser: Browser;
  extensionId: string;
  /** Firefox only: the extension's own address, moz-extension://<this install's host>/ (known from its welcome tab, so unset with `welcome: 'none'`). */
  extensionBase?: string;
  userDataDir: string;
  close(): Promise<void>;
}

async function closeAndClean(browser: Browser, userDataDir: string): Promise<void> {
  await browser.close().catch(() => undefined);
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

/**
 * What a launch does about the welcome tab the extension opens once installed, unless a
 * trust's policy turns the first run off. It opens on the extension's schedule (after the
 * first read of the managed policy, about 3 s in Chromium, later under load), over
 * whichever page is in front then; the page behind it is hidden, gets no focus events (so
 * its sentinel never asks for the checker) and paints no frames. So by default the launch
 * waits for it and closes it, before any test opens a page, and a build that should open one
 * and does not fails the launch, by name.
 *   'close': wait for it and close it (the default);
 *   'leave': do not wait for it: the test looks at it, or must act before it opens;
 *   'none':  this build opens none (the policy turns the first run off, or its worker starts
 *            too late to hear of the install).
 */
export type WelcomeTab = 'close' | 'leave' | 'none';

/** How long a launch waits for the welcome tab. */
const WELCOME_TIMEOUT_MS = 30_000;

/**
 * `actions`: let the test press the extension's toolbar button (`page.triggerExtensionAction`),
 * which Chromium allows only with `--enable-unsafe-extension-debugging` over a pipe. The
 * press is what gives the popup `activeTab` access to the page, as a user's click does.
 * `welcome`: see WelcomeTab.
 */
export async function launchChromium(port: number, options: { extension?: boolean; headless?: boolean; extensionDir?: string; actions?: boolean; welcome?: WelcomeTab } = {}): Promise<Launched> {
  const extensionDir = options.extensionDir ?? CHROME_EXTENSION;
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
      ...(withExtension ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
      ...(withExtension && options.actions ? ['--enable-unsafe-extension-debugging'] : []),
    ],
  });
  const launched: Launched = {
    browser,
    extensionId: '',
    userDataDir,
    close: () => closeAndClean(browser, userDataDir),
  };
  if (!withExtension) return launched;
  try {
    const worker = await browser.waitForTarget((target) => target.type() === 'service_worker' && target.url().startsWith('chrome-extension://'), { timeout: 20_000 });
    launched.extensionId = new URL(worker.url()).host;
    if ((options.welcome ?? 'close') === 'close') await closeChromiumWelcomeTab(launched);
  } catch (error) {
    await launched.close();
    throw error;
  }
  return launched;
}

/**
 * Closes Chromium's welcome tab (see WelcomeTab), once it has shown its words. Closed while
 * it loads, the tab can take the browser's answer to the process's first message lookup with
 * it: Chromium then keeps an empty message table for the extension's process, and the
 * extension pages opened in the next half-minute showed bare keys (a CI failure of the audit
 * page's tests; see src/shared/i18n.ts).
 */
async function closeChromiumWelcomeTab(launched: Launched): Promise<void> {
  const url = `chrome-extension://${launched.extensionId}/pages/welcome.html`;
  const started = Date.now();
  const target = await launched.browser.waitForTarget((candidate) => candidate.url() === url, { timeout: WELCOME_TIMEOUT_MS }).catch(() => {
    throw new Error(noWelcomeTab());
  });
  const page = await target.asPage();
  await page.waitForSelector('body[data-ready="true"]', { timeout: Math.max(1, WELCOME_TIMEOUT_MS - (Date.now() - started)) }).catch(() => {
    throw new Error(noWelcomeTab());
  });
  await page.close();
}

function noWelcomeTab(): string {
  return `the extension's welcome tab did not open and show its words within ${WELCOME_TIMEOUT_MS / 1000} s of its install (a launch's welcome: 'none' says a build opens none)`;
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

/**
 * A new tab on `url`, brought to the front (a headless tab without focus gets no focus
 * events, and a hidden one paints no frames), with the page's errors collected.
 */
export async function openInFront(browser: Browser, url: string, timeout = 15_000): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeout);
  await page.bringToFront();
  const errors = collectPageErrors(page);
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

export function firefoxAvailable(): boolean {
  return fs.existsSync(FIREFOX);
}

export { FIREFOX_EXTENSION_ID } from '../../src/shared/extension-id';

/**
 * Firefox ESR over WebDriver BiDi, with the Firefox build installed as a temporary
 * add-on. Firefox has no host-resolver flag, so a preference sends every host name to
 * the fixture server instead; the fixture server's self-signed certificate is accepted.
 *
 * `welcome`: see WelcomeTab. (With two busy cores, Firefox's welcome tab opened over the
 * first page a test typed in, in 4 of 8 runs, before launches closed it.)
 */
export async function launchFirefox(options: { extensionDir?: string; welcome?: Exclude<WelcomeTab, 'leave'> } = {}): Promise<Launched> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'second-opinion-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir,
    acceptInsecureCerts: true,
    dumpio: !!process.env.SECOND_OPINION_DUMPIO,
    defaultViewport: { width: 1000, height: 800 },
    extraPrefsFirefox: {
      // Every host, real site names included, goes to the fixture server: nothing leaves the machine.
      'network.dns.forceResolve': '127.0.0.1',
      'network.proxy.type': 0,
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
  const extensionId = await browser.installExtension(options.extensionDir ?? FIREFOX_EXTENSION);
  const extensionBase = options.welcome === 'none' ? undefined : await closeFirefoxWelcomeTab(browser).catch(async (error: unknown) => {
    await closeAndClean(browser, userDataDir);
    throw error;
  });
  return {
    browser,
    extensionId,
    extensionBase,
    userDataDir,
    close: () => closeAndClean(browser, userDataDir),
  };
}

/**
 * Waits for the extension's welcome tab in Firefox and closes it once it shows its words;
 * the extension's own address, from the tab's.
 * Over WebDriver BiDi a tab on one of the extension's own pages keeps the address
 * about:blank in puppeteer's view (Firefox reports no navigation to a moz-extension
 * address), so each tab is asked where it is.
 */
async function closeFirefoxWelcomeTab(browser: Browser): Promise<string> {
  const started = Date.now();
  for (;;) {
    for (const page of await browser.pages()) {
      // No answer yet: asked again on the next round.
      const base = await answerWithin(page, () => (/^moz-extension:\/\/[^/]+\/pages\/welcome\.html$/.test(location.href) && document.body?.dataset.ready === 'true' ? new URL('/', location.href).href : ''));
      if (base) {
        await page.close();
        return base;
      }
    }
    if (Date.now() - started > WELCOME_TIMEOUT_MS) throw new Error(noWelcomeTab());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A question asked in a tab, answered within `ms` or taken as '' (no answer): a tab between
 * two documents may throw, or, over WebDriver BiDi, not answer at all.
 */
export async function answerWithin(page: Page, question: () => string | Promise<string>, ms = 2_000): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([page.evaluate(question).catch(() => ''), new Promise<string>((resolve) => (timer = setTimeout(() => resolve(''), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The toolbar badge the extension shows for the tab at `url` (read in its service worker). */
export async function toolbarBadge(launched: Launched, url: string): Promise<{ text: string; colour: number[] }> {
  const target = await launched.browser.waitForTarget((candidate) => candidate.type() === 'service_worker' && candidate.url().includes(launched.extensionId));
  const worker = await target.worker();
  if (!worker) throw new Error('the extension has no service worker');
  return worker.evaluate(async (url) => {
    const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
    const [tab] = await api.tabs.query({ url });
    if (tab?.id === undefined) throw new Error(`no tab at ${url}`);
    const text = await api.action.getBadgeText({ tabId: tab.id });
    const colour = (await api.action.getBadgeBackgroundColor({ tabId: tab.id })) as unknown as number[];
    return { text, colour };
  }, url);
}
