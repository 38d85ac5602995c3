/**
 * Reading what the extension drew. The overlay is a *closed* shadow root, so the page's
 * own scripts cannot see into it, and neither can `page.evaluate`. The tests read it as
 * DevTools does, through the browser's automation protocol, which reaches closed shadow
 * roots: CDP's DOM domain in Chromium, WebDriver BiDi's `includeShadowTree: 'all'` in
 * Firefox. The extension has no test hook for this.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CDPSession, Page } from 'puppeteer-core';
import type { FixturePage } from '../fixtures/sites/pages';

declare global {
  interface Window {
    /** Set by test/fixtures/sites/harness.ts in every fixture page. */
    fixture: { posts: string[]; editorText(): string; errors: string[] };
  }
}

const cdpSessions = new WeakMap<Page, Promise<CDPSession>>();

/** Runs `fn(root, ...args)` in the page's main world with the overlay's closed shadow root (null when there is no overlay); returns its JSON value. */
export async function inOverlay<A extends unknown[], R>(page: Page, fn: (root: ShadowRoot | null, ...args: A) => R | Promise<R>, ...args: A): Promise<R> {
  const source = `function (root, json) { return Promise.resolve((${fn.toString()})(root, ...JSON.parse(json))).then((value) => JSON.stringify(value === undefined ? null : value)); }`;
  const json = JSON.stringify(args);
  let result: string;
  if ((page.browser() as unknown as { protocol: string }).protocol === 'webDriverBiDi') result = await inOverlayBidi(page, source, json);
  else result = await inOverlayCdp(page, source, json);
  return (result === undefined ? undefined : JSON.parse(result) ?? undefined) as R;
}

async function inOverlayCdp(page: Page, source: string, json: string): Promise<string> {
  if (!cdpSessions.has(page)) cdpSessions.set(page, page.createCDPSession());
  const session = await cdpSessions.get(page)!;
  const { root } = await session.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'second-opinion-overlay' });
  let shadowId: string | undefined;
  if (nodeId) {
    const { node } = await session.send('DOM.describeNode', { nodeId, depth: 1, pierce: true });
    const shadow = node.shadowRoots?.[0];
    if (shadow) shadowId = (await session.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId })).object.objectId;
  }
  const { result: context } = await session.send('Runtime.evaluate', { expression: 'globalThis' });
  const call = await session.send('Runtime.callFunctionOn', {
    objectId: context.objectId,
    functionDeclaration: source,
    arguments: [shadowId ? { objectId: shadowId } : { value: null }, { value: json }],
    returnByValue: true,
    awaitPromise: true,
  });
  if (call.exceptionDetails) throw new Error(`in the overlay: ${call.exceptionDetails.exception?.description ?? call.exceptionDetails.text}`);
  for (const objectId of [shadowId, context.objectId]) if (objectId) await session.send('Runtime.releaseObject', { objectId });
  return call.result.value as string;
}

interface BidiSession {
  send(method: string, params: object): Promise<{ result: { type: string; result?: { type: string; value?: unknown }; exceptionDetails?: { text: string } } }>;
}

async function inOverlayBidi(page: Page, source: string, json: string): Promise<string> {
  // Puppeteer has no public door to raw BiDi commands; its frame's browsing context holds the session.
  const context = (page.mainFrame() as unknown as { browsingContext: { id: string; userContext: { browser: { session: BidiSession } } } }).browsingContext;
  const session = context.userContext.browser.session;
  const target = { context: context.id };
  const host = await session.send('script.evaluate', {
    expression: "document.querySelector('second-opinion-overlay')",
    target,
    awaitPromise: false,
    resultOwnership: 'none',
    serializationOptions: { includeShadowTree: 'all', maxDomDepth: 1 },
  });
  const shadow = (host.result.result as { value?: { shadowRoot?: { sharedId?: string } } } | undefined)?.value?.shadowRoot;
  const call = await session.send('script.callFunction', {
    functionDeclaration: source,
    target,
    arguments: [shadow?.sharedId ? { sharedId: shadow.sharedId } : { type: 'null' }, { type: 'string', value: json }],
    awaitPromise: true,
    resultOwnership: 'none',
  });
  if (call.result.type === 'exception') throw new Error(`in the overlay: ${call.result.exceptionDetails?.text}`);
  return call.result.result?.value as string;
}

/** The repository (this file also runs bundled into build/bench, so it is found, not assumed). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

let categoryByLabel: Record<string, string> | undefined;
/** Category ids by the label the card and the dialog show (the English messages the tests run with). */
function categoriesByLabel(): Record<string, string> {
  if (categoryByLabel) return categoryByLabel;
  const messages = JSON.parse(fs.readFileSync(path.join(repositoryRoot(), 'src/_locales/en_GB/messages.json'), 'utf8')) as Record<string, { message: string }>;
  const out: Record<string, string> = {};
  for (const [key, { message }] of Object.entries(messages)) if (key.startsWith('category_')) out[message] = key.slice('category_'.length).replace(/_/g, '-');
  return (categoryByLabel = out);
}

let rules: Record<string, { category: string; message: string }> | undefined;
/** Each rule's category and message, as the build wrote them for the extension. */
export function ruleIndex(): Record<string, { category: string; message: string }> {
  return (rules ??= JSON.parse(fs.readFileSync(path.join(repositoryRoot(), 'build/rule-index.json'), 'utf8')));
}

export function categoryOfLabel(label: string): string {
  return categoriesByLabel()[label.replace(/:\s*$/, '').trim()] ?? `unknown label "${label}"`;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const RISKY_DRAFT = 'NHS no 943 476 5919 for Mrs Kaur in bed 12, troponin 48,213.';
export const FLAGGED_NUMBER = '943 476 5919';
export const BENIGN_DRAFT = 'Lovely sunny walk along the river this morning before my shift.';

/** The count the badge shows: a number, 0 for its tick, undefined while it checks or is hidden. */
export async function badgeCount(page: Page): Promise<number | undefined> {
  return inOverlay(page, (root) => {
    const badge = root?.querySelector<HTMLElement>('.badge');
    const text = badge?.textContent ?? '';
    if (!badge || badge.hidden || !text || text === '…') return undefined;
    return text === '✓' ? 0 : Number(text);
  });
}

export async function waitForBadge(page: Page, predicate: (count: number) => boolean, timeout = 15_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const count = await badgeCount(page);
    if (count !== undefined && predicate(count)) return count;
    if (Date.now() - started > timeout) throw new Error(`badge never satisfied the condition (last count ${count})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Clears the compose box the way a user would (select all, delete) and types `text`. */
export async function typeDraft(page: Page, fixture: FixturePage, text: string): Promise<void> {
  await clickElement(page, fixture.editor);
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => window.fixture.editorText());
}

export async function posts(page: Page): Promise<string[]> {
  return page.evaluate(() => [...window.fixture.posts]);
}

/** Boxes of every underline drawn in the overlay. */
export async function underlines(page: Page): Promise<(Box & { severity: string })[]> {
  return inOverlay(page, (root) =>
    Array.from(root?.querySelectorAll<HTMLElement>('.underline') ?? []).map((line) => {
      const rect = line.getBoundingClientRect();
      return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, severity: line.classList[1] ?? '' };
    }),
  );
}

/** Boxes of the underlines drawn under `phrase`: those overlapping where the phrase really is, on the line just below its text. */
export async function underlineBoxes(page: Page, fixture: FixturePage, phrase: string): Promise<Box[]> {
  const expected = await expectedPhraseBox(page, fixture, phrase);
  return (await underlines(page)).filter(
    (line) => line.right > expected.left && line.left < expected.right && line.bottom > expected.top && line.top < expected.bottom + expected.lineHeight / 2,
  );
}

/**
 * Where `phrase` really is on screen, measured independently of the extension: a DOM
 * range over the editor's own text nodes (rich editors), or the textarea's padding box
 * plus the canvas-measured width of the text before it (single-line textarea drafts).
 */
export async function expectedPhraseBox(page: Page, fixture: FixturePage, phrase: string): Promise<Box & { lineHeight: number }> {
  return page.evaluate(
    (selector, kind, phrase) => {
      const editor = document.querySelector<HTMLElement>(selector)!;
      if (kind === 'rich') {
        const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          const at = node.data.indexOf(phrase);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + phrase.length);
          const rect = range.getBoundingClientRect();
          return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, lineHeight: rect.height };
        }
        throw new Error(`"${phrase}" not found in the editor's text nodes`);
      }
      const field = editor as HTMLTextAreaElement;
      const style = getComputedStyle(field);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const before = field.value.slice(0, field.value.indexOf(phrase));
      const box = field.getBoundingClientRect();
      const left = box.left + field.clientLeft + parseFloat(style.paddingLeft) + context.measureText(before).width - field.scrollLeft;
      const top = box.top + field.clientTop + parseFloat(style.paddingTop) - field.scrollTop;
      const lineHeight = parseFloat(style.lineHeight);
      return { left, top, right: left + context.measureText(phrase).width, bottom: top + lineHeight, lineHeight };
    },
    fixture.editor,
    fixture.kind,
    phrase,
  );
}

export function union(boxes: Box[]): Box {
  return {
    left: Math.min(...boxes.map((box) => box.left)),
    top: Math.min(...boxes.map((box) => box.top)),
    right: Math.max(...boxes.map((box) => box.right)),
    bottom: Math.max(...boxes.map((box) => box.bottom)),
  };
}

export interface CardState {
  category: string;
  guidance: string[];
  text: string;
  message: string;
  quote: string;
  /** The other kinds of risk on the same words, as the card names them ("Also: …"). */
  also: string[];
  hasElementsFromDraft: boolean;
}

export async function cardState(page: Page): Promise<CardState | undefined> {
  const state = await inOverlay(page, (root) => {
    const card = root?.querySelector<HTMLElement>('.card');
    if (!card) return undefined;
    return {
      label: card.querySelector('h2')?.textContent ?? '',
      guidance: Array.from(card.querySelectorAll<HTMLAnchorElement>('a[data-guidance]')).map((link) => `${link.dataset.guidance} ${link.href}`),
      text: card.textContent ?? '',
      message: card.querySelector('.message')?.textContent ?? '',
      quote: card.querySelector('.quote')?.textContent ?? '',
      also: Array.from(card.querySelectorAll('.also')).map((line) => line.textContent ?? ''),
      hasElementsFromDraft: card.querySelectorAll('img, script, iframe, b').length > 0,
    };
  });
  if (!state) return undefined;
  const { label, ...rest } = state;
  return { category: categoryOfLabel(label), ...rest };
}

export async function waitForCard(page: Page, timeout = 5_000): Promise<CardState> {
  const started = Date.now();
  for (;;) {
    const state = await cardState(page);
    if (state) return state;
    if (Date.now() - started > timeout) throw new Error('the card did not open');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Opens the card from the keyboard (Alt+Enter in the compose box) and waits for it. */
export async function openCardFromKeyboard(page: Page): Promise<CardState> {
  await page.keyboard.down('Alt');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Alt');
  return waitForCard(page);
}

export async function waitForCardClosed(page: Page, timeout = 5_000): Promise<void> {
  const started = Date.now();
  while (await cardState(page)) {
    if (Date.now() - started > timeout) throw new Error('the card did not close');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface DialogState {
  open: boolean;
  /** The risks listed, one per category, in the order shown. */
  categories: string[];
  /** How many findings each lists. */
  counts: number[];
  requiresReview: boolean;
}

export async function dialogState(page: Page): Promise<DialogState | undefined> {
  const state = await inOverlay(page, (root) => {
    const dialog = root?.querySelector<HTMLDialogElement>('dialog.last-check');
    if (!dialog) return undefined;
    const groups = Array.from(dialog.querySelectorAll<HTMLElement>('details.group'));
    return {
      open: dialog.open,
      labels: groups.map((group) => group.querySelector('summary .label')?.textContent ?? ''),
      counts: groups.map((group) => group.querySelectorAll('li').length),
      requiresReview: !!dialog.querySelector('input.reviewed'),
    };
  });
  if (!state) return undefined;
  return { open: state.open, categories: state.labels.map(categoryOfLabel), counts: state.counts, requiresReview: state.requiresReview };
}

export async function waitForDialog(page: Page, timeout = 5_000): Promise<NonNullable<Awaited<ReturnType<typeof dialogState>>>> {
  const started = Date.now();
  for (;;) {
    const state = await dialogState(page);
    if (state?.open) return state;
    if (Date.now() - started > timeout) throw new Error('the last-check dialog did not open');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The centre of an element (in the overlay's shadow root when `inOverlay`), for a real mouse click. */
async function centreOf(page: Page, selector: string, overlay: boolean): Promise<{ x: number; y: number }> {
  const locate = (scope: ParentNode | null | undefined, selector: string) => {
    const element = scope?.querySelector(selector);
    if (!element) return undefined;
    element.scrollIntoView({ block: 'nearest' });
    const box = element.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  };
  const point = overlay
    ? await inOverlay(page, locate, selector)
    : await inOverlay(page, (_root, selector) => {
        const element = document.querySelector(selector);
        if (!element) return undefined;
        element.scrollIntoView({ block: 'nearest' });
        const box = element.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }, selector);
  if (!point) throw new Error(`no ${selector}${overlay ? ' in the overlay' : ''}`);
  return point;
}

/** A real mouse click on a page element, at its centre. */
export async function clickElement(page: Page, selector: string): Promise<void> {
  const { x, y } = await centreOf(page, selector, false);
  await page.mouse.click(x, y);
}

/**
 * An embedded post or video: an iframe fixed at the page's bottom left, whose presses reach
 * its own document, never the page's. Returns its centre, for a real click there.
 */
export async function addEmbeddedFrame(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const frame = document.createElement('iframe');
    frame.srcdoc = '<button style="width:100%;height:100%">Play</button>';
    frame.style.cssText = 'position:fixed;left:0;bottom:0;width:240px;height:120px;border:0';
    document.body.append(frame);
    const box = frame.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  });
}

/** A real mouse click on a button of the last-check dialog or card. */
export async function clickInOverlay(page: Page, selector: string): Promise<void> {
  const { x, y } = await centreOf(page, selector, true);
  await page.mouse.click(x, y);
}

/** The second click of a double-click (the browser counts it 2) on an element of the overlay, at its centre. */
export async function secondClickInOverlay(page: Page, selector: string): Promise<void> {
  const { x, y } = await centreOf(page, selector, true);
  await page.mouse.move(x, y);
  await page.mouse.down({ clickCount: 2 });
  await page.mouse.up({ clickCount: 2 });
}

export async function activeElementMatches(page: Page, selector: string): Promise<boolean> {
  return inOverlay(
    page,
    (root, selector) => {
      let active: Element | null = document.activeElement;
      if (root && active === root.host) active = root.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return !!active?.matches(selector);
    },
    selector,
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until `ok` holds; a read that throws (a page still rendering) is tried again. Fails with `what` and the last value or error. */
export async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeout = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    let last: unknown;
    try {
      const value = await read();
      if (ok(value)) return value;
      last = value;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() - started > timeout) throw new Error(`${what} (last: ${JSON.stringify(last)})`);
    await sleep(150);
  }
}

/**
 * What a hostile page does from its first moment: record the tag of every element added to
 * the document. Run it in the page (`evaluateOnNewDocument`, or `evaluate` before a compose
 * box has focus); `addedElements` reads the record.
 */
export function watchAddedElements(): void {
  const added: string[] = [];
  (window as unknown as { added: string[] }).added = added;
  new MutationObserver((records) => {
    for (const record of records) for (const node of Array.from(record.addedNodes)) if (node instanceof Element) added.push(node.tagName.toLowerCase());
  }).observe(document, { childList: true, subtree: true });
}

/** The tags the page saw added that name the extension (see watchAddedElements). */
export async function addedElementsOfOurs(page: Page): Promise<string[]> {
  return (await page.evaluate(() => (window as unknown as { added: string[] }).added)).filter((tag) => tag.includes('second-opinion'));
}

/** What a page's own script can learn about the extension, read in the page's main world. */
export interface PageView {
  /** Elements whose tag names the extension: their attribute names, and whether the page can open their shadow root. */
  hosts: { tag: string; attributes: string[]; openShadowRoot: boolean }[];
  /** Attributes anywhere in the document whose name or value is a rule id or a category id. */
  named: string[];
  /** Names in the document's highlight registry. */
  highlights: string[];
  /** `text-decoration-line` of a page-registered highlight under each name the extension once styled. */
  highlightProbe: Record<string, string>;
  /** Style sheets in the document that mention the extension. */
  sheets: number;
}

export async function pageView(page: Page, names: string[]): Promise<PageView> {
  return page.evaluate((names) => {
    const all = Array.from(document.querySelectorAll('*'));
    const hosts = all
      .filter((element) => element.tagName.toLowerCase().includes('second-opinion'))
      .map((element) => ({ tag: element.tagName.toLowerCase(), attributes: element.getAttributeNames(), openShadowRoot: element.shadowRoot !== null }));
    const wanted = new Set(names);
    const named: string[] = [];
    for (const element of all) {
      for (const attribute of Array.from(element.attributes)) {
        if (wanted.has(attribute.value) || /^data-(rule|category|count)$/.test(attribute.name)) named.push(`${element.tagName.toLowerCase()}[${attribute.name}="${attribute.value}"]`);
      }
    }
    const registry = (CSS as unknown as { highlights?: Map<string, unknown> }).highlights;
    const highlights = registry ? Array.from(registry.keys()) : [];
    const highlightProbe: Record<string, string> = {};
    // The presence probe from the audit: register a highlight under the extension's old
    // names and ask how it would be drawn. Styled means the extension's sheet is in the page.
    const text = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT).nextNode();
    if (registry && text?.parentElement && typeof Highlight === 'function') {
      const range = document.createRange();
      range.selectNodeContents(text);
      // A control the page styles itself: shows the probe can see a highlight style at all.
      const control = document.createElement('style');
      control.textContent = '::highlight(page-own-control) { text-decoration: underline; }';
      document.head.append(control);
      for (const name of ['second-opinion-high', 'second-opinion-medium', 'second-opinion-low', 'page-own-control']) {
        registry.set(name, new Highlight(range));
        highlightProbe[name] = getComputedStyle(text.parentElement, `::highlight(${name})`).textDecorationLine;
        registry.delete(name);
      }
      control.remove();
    }
    let sheets = 0;
    for (const sheet of Array.from(document.styleSheets)) {
      try {
        if (Array.from(sheet.cssRules).some((rule) => rule.cssText.includes('second-opinion'))) sheets++;
      } catch {
        // a cross-origin sheet: the fixture pages have none
      }
    }
    return { hosts, named, highlights, highlightProbe, sheets };
  }, names);
}

/** What `pageView` must show once the extension has drawn findings: one closed, unnamed host and nothing else. */
export const OPAQUE_VIEW_WITH_OVERLAY: Omit<PageView, 'highlightProbe'> = {
  hosts: [{ tag: 'second-opinion-overlay', attributes: ['style'], openShadowRoot: false }],
  named: [],
  highlights: [],
  sheets: 0,
};

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** What axe-core finds wrong with the page as it is now: "rule: targets" per violation, none when all is well. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe.run();
    return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
  });
}
