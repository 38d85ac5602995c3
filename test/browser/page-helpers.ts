/**
 * Reading what the extension drew, from the page. The overlay is an open shadow root
 * (`second-opinion-overlay`), and Highlight API ranges are in the document's
 * `CSS.highlights`, so the page's own world can see both without any test hooks in
 * the extension.
 */
import type { Page } from 'puppeteer-core';
import type { FixturePage } from '../fixtures/sites/pages';

declare global {
  interface Window {
    /** Set by test/fixtures/sites/harness.ts in every fixture page. */
    fixture: { posts: string[]; editorText(): string; errors: string[] };
  }
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

export async function badgeCount(page: Page): Promise<number | undefined> {
  return page.evaluate(() => {
    const badge = document.querySelector('second-opinion-overlay')?.shadowRoot?.querySelector<HTMLElement>('.badge');
    return badge && !badge.hidden && badge.dataset.count !== undefined && badge.textContent !== '…' ? Number(badge.dataset.count) : undefined;
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

/** Boxes of the underline drawn for `phrase`: Highlight API ranges, or overlay underline elements for a rule. */
export async function underlineBoxes(page: Page, fixture: FixturePage, phrase: string, rule: string): Promise<Box[]> {
  return page.evaluate(
    (kind, phrase, rule) => {
      const toBox = (rect: DOMRect) => ({ left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom });
      if (kind === 'rich') {
        const highlights = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
        for (const [, highlight] of highlights) {
          for (const range of highlight) if (range.toString() === phrase) return Array.from(range.getClientRects()).filter((r) => r.width > 0).map(toBox);
        }
        return [];
      }
      const root = document.querySelector('second-opinion-overlay')?.shadowRoot;
      return Array.from(root?.querySelectorAll<HTMLElement>(`.underline[data-rule="${rule}"]`) ?? []).map((line) => toBox(line.getBoundingClientRect()));
    },
    fixture.kind,
    phrase,
    rule,
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
  rule: string;
  guidance: string[];
  text: string;
  quote: string;
  hasElementsFromDraft: boolean;
}

export async function cardState(page: Page): Promise<CardState | undefined> {
  return page.evaluate(() => {
    const card = document.querySelector('second-opinion-overlay')?.shadowRoot?.querySelector<HTMLElement>('.card');
    if (!card) return undefined;
    return {
      category: card.dataset.category ?? '',
      rule: card.dataset.rule ?? '',
      guidance: Array.from(card.querySelectorAll<HTMLAnchorElement>('a[data-guidance]')).map((link) => `${link.dataset.guidance} ${link.href}`),
      text: card.textContent ?? '',
      quote: card.querySelector('.quote')?.textContent ?? '',
      hasElementsFromDraft: card.querySelectorAll('img, script, iframe, b').length > 0,
    };
  });
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

export async function waitForCardClosed(page: Page, timeout = 5_000): Promise<void> {
  const started = Date.now();
  while (await cardState(page)) {
    if (Date.now() - started > timeout) throw new Error('the card did not close');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function dialogState(page: Page): Promise<{ open: boolean; categories: string[]; requiresReview: boolean } | undefined> {
  return page.evaluate(() => {
    const dialog = document.querySelector('second-opinion-overlay')?.shadowRoot?.querySelector<HTMLDialogElement>('dialog.last-check');
    if (!dialog) return undefined;
    return {
      open: dialog.open,
      categories: Array.from(dialog.querySelectorAll<HTMLElement>('li')).map((item) => item.dataset.category ?? ''),
      requiresReview: !!dialog.querySelector('input.reviewed'),
    };
  });
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
async function centreOf(page: Page, selector: string, inOverlay: boolean): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(
    (selector, inOverlay) => {
      const scope = inOverlay ? document.querySelector('second-opinion-overlay')?.shadowRoot : document;
      const element = scope?.querySelector(selector);
      if (!element) return undefined;
      element.scrollIntoView({ block: 'nearest' });
      const box = element.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    },
    selector,
    inOverlay,
  );
  if (!point) throw new Error(`no ${selector}${inOverlay ? ' in the overlay' : ''}`);
  return point;
}

/** A real mouse click on a page element, at its centre. */
export async function clickElement(page: Page, selector: string): Promise<void> {
  const { x, y } = await centreOf(page, selector, false);
  await page.mouse.click(x, y);
}

/** A real mouse click on a button of the last-check dialog or card. */
export async function clickInOverlay(page: Page, selector: string): Promise<void> {
  const { x, y } = await centreOf(page, selector, true);
  await page.mouse.click(x, y);
}

export async function activeElementMatches(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((selector) => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return !!active?.matches(selector);
  }, selector);
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
