/**
 * Attached pictures in Debian's Chromium (issue 19), on X's Draft.js composer, Facebook's
 * Lexical composer and a Discourse textarea, each built from the real editor library and
 * served on the site's own host name. Pictures arrive the three ways a clinician attaches
 * them: the site's file input (CDP sets its files, as a file chooser does), a real paste
 * from the clipboard (Ctrl+V), and a real drag and drop (CDP's Input.dispatchDragEvent).
 * The text in the picture is read in the extension's offscreen document, the finding is
 * shown with a thumbnail, the last check holds a risky post and lets a benign one go, and
 * the site's own upload, the editor and the network are untouched.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CDPSession, Page } from 'puppeteer-core';
import { buildFixtures, startFixtureServer, type FixtureServer } from '../browser/fixture-server';
import { CHROMIUM_OWN_HOSTS, ROOT, chromiumAvailable, collectPageErrors, launchChromium, type Launched } from '../browser/launch';
import { BENIGN_DRAFT, clickElement, clickInOverlay, secondClickInOverlay, dialogState, editorText, inOverlay, posts, typeDraft, waitFor, waitForBadge, waitForDialog } from '../browser/page-helpers';
import { FIXTURE_HOSTS, FIXTURE_PAGES, type FixturePage } from '../fixtures/sites/pages';
import { renderImageSet, type ImageEntry } from '../fixtures/images/render';

jest.setTimeout(90_000);
const maybe = chromiumAvailable() ? describe : describe.skip;

/** The fixture pages, with the file input each site's module names. */
const PAGES: { fixture: FixturePage; input: string }[] = [
  { fixture: FIXTURE_PAGES.find((page) => page.id === 'x')!, input: 'input[data-testid="fileInput"]' },
  { fixture: FIXTURE_PAGES.find((page) => page.id === 'facebook-group')!, input: '[role="dialog"] input[type="file"]' },
  { fixture: FIXTURE_PAGES.find((page) => page.id === 'discourse')!, input: 'input#file-uploader' },
];

interface PictureBadge {
  text: string;
  label: string;
  busy: boolean;
}

interface Harness {
  posts: string[];
  attachments: { name: string; size: number; how: string; sum: number }[];
  postedAttachments: string[][];
}

/** The same sum the fixture's upload takes of a file's bytes: the site got them intact. */
function byteSum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]! * (i + 1)) % 1_000_000_007;
  return sum;
}

async function pictureBadge(page: Page): Promise<PictureBadge | undefined> {
  return inOverlay(page, (root) => {
    const badge = root?.querySelector<HTMLElement>('.badge.pictures');
    if (!badge || badge.hidden) return undefined;
    return { text: badge.textContent ?? '', label: badge.getAttribute('aria-label') ?? '', busy: badge.getAttribute('aria-busy') === 'true' };
  });
}

/** Waits until no picture is being read, and returns the badge then. */
async function pictureBadgeSettled(page: Page, timeout = 45_000): Promise<PictureBadge> {
  return (await waitFor(() => pictureBadge(page), (badge) => !!badge && !badge.busy, 'the pictures badge to settle', timeout))!;
}

/** A rendered picture's type, by its name (the set holds PNGs and JPEGs). */
const pictureType = (file: string) => (file.endsWith('.png') ? 'image/png' : 'image/jpeg');

async function harness(page: Page): Promise<Harness> {
  return page.evaluate(() => {
    const fixture = (window as unknown as { fixture: Harness }).fixture;
    return { posts: [...fixture.posts], attachments: fixture.attachments.map((a) => ({ ...a })), postedAttachments: fixture.postedAttachments.map((list) => [...list]) };
  });
}

interface PictureCardView {
  titles: string[];
  summary: string[];
  thumbnails: { width: number; height: number; boxed: boolean }[];
  statuses: string[];
  consent: boolean;
}

/** What the pictures' card shows, with whether each thumbnail has a box drawn in a severity colour. */
async function pictureCard(page: Page): Promise<PictureCardView | undefined> {
  return inOverlay(page, (root) => {
    const card = root?.querySelector<HTMLElement>('.pictures-card');
    if (!card) return undefined;
    const thumbnails = Array.from(card.querySelectorAll<HTMLCanvasElement>('canvas.thumbnail')).map((canvas) => {
      let boxed = false;
      // Read through a copy made for this one read: reading the card's own canvas at every poll made
      // Chromium warn of repeated readbacks, and a warning fails the test.
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const context = canvas.width ? copy.getContext('2d', { willReadFrequently: true }) : null;
      if (context) {
        context.drawImage(canvas, 0, 0);
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        // The high-severity red (#d5281b) or the medium amber (#b35900) of a box's stroke.
        for (let i = 0; i < data.length && !boxed; i += 4) boxed = (Math.abs(data[i]! - 0xd5) < 12 && Math.abs(data[i + 1]! - 0x28) < 12 && Math.abs(data[i + 2]! - 0x1b) < 12) || (Math.abs(data[i]! - 0xb3) < 12 && Math.abs(data[i + 1]! - 0x59) < 12 && data[i + 2]! < 12);
      }
      return { width: canvas.width, height: canvas.height, boxed };
    });
    return {
      titles: Array.from(card.querySelectorAll('h3')).map((h) => h.textContent ?? ''),
      summary: Array.from(card.querySelectorAll('p.summary')).map((p) => p.textContent ?? ''),
      thumbnails,
      statuses: Array.from(card.querySelectorAll('p.status')).map((p) => p.textContent ?? ''),
      consent: !!card.querySelector('input.consented'),
    };
  });
}

maybe('attached pictures', () => {
  let server: FixtureServer;
  let chromium: Launched;
  let images: ImageEntry[];
  let tmp: string;
  const pageRequests: string[] = [];
  const workerRequests: string[] = [];

  const image = (id: string) => images.find((entry) => entry.id === id)!;

  beforeAll(async () => {
    images = await renderImageSet();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'second-opinion-attach-'));
    await buildFixtures();
    server = await startFixtureServer();
    chromium = await launchChromium(server.port, { actions: true });
    const worker = await chromium.browser.waitForTarget((target) => target.type() === 'service_worker' && target.url().includes(chromium.extensionId));
    const session = await worker.createCDPSession();
    await session.send('Network.enable');
    session.on('Network.requestWillBeSent', (event) => workerRequests.push(event.request.url));
    // And the picture reader's offscreen document as it opens (its OCR worker fetches through it).
    chromium.browser.on('targetcreated', (target) => {
      if (!target.url().startsWith(`chrome-extension://${chromium.extensionId}/pages/ocr.html`)) return;
      void target.createCDPSession().then(async (watch) => {
        watch.on('Network.requestWillBeSent', (event) => workerRequests.push(event.request.url));
        await watch.send('Network.enable');
      }, () => undefined);
    });
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function setImageCheck(mode: 'off' | 'warn' | 'block' | undefined): Promise<void> {
    const worker = (await (await chromium.browser.waitForTarget((target) => target.type() === 'service_worker' && target.url().includes(chromium.extensionId))).worker())!;
    await worker.evaluate(async (mode) => {
      const chrome = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, Record<string, unknown> | undefined>>; set(v: object): Promise<void> } } } }).chrome;
      const settings = (await chrome.storage.local.get('settings')).settings ?? {};
      if (mode) settings.imageCheck = mode;
      else delete settings.imageCheck;
      await chrome.storage.local.set({ settings });
    }, mode);
  }

  async function open(fixture: FixturePage): Promise<{ page: Page; errors: string[] }> {
    const page = await chromium.browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.bringToFront();
    const errors = collectPageErrors(page);
    page.on('request', (request) => pageRequests.push(request.url()));
    await page.goto(server.url(fixture), { waitUntil: 'load' });
    return { page, errors };
  }

  async function attach(page: Page, selector: string, file: string): Promise<void> {
    const input = await page.$(selector);
    if (!input) throw new Error(`no ${selector}`);
    await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(file);
  }

  describe.each(PAGES.map(({ fixture, input }) => [fixture.id, fixture, input] as const))('%s', (_id, fixture, input) => {
    let page: Page;
    let errors: string[];

    beforeEach(async () => {
      ({ page, errors } = await open(fixture));
    });

    afterEach(async () => {
      await page?.close();
    });

    it('reads a picture from the file input: a finding with a boxed thumbnail, and the last check holds the post', async () => {
      await typeDraft(page, fixture, BENIGN_DRAFT);
      await waitForBadge(page, (count) => count === 0);
      const wristband = image('wristband-1');
      await attach(page, input, wristband.file);
      const badge = await pictureBadgeSettled(page);
      expect(Number(badge.text.replace(/\D/g, ''))).toBeGreaterThan(0);
      expect(badge.label).toMatch(/risks? in the attached pictures/);

      // The card as it is first put in the page (before the picture is decoded for its thumbnail).
      await inOverlay(page, (root) => {
        const scope = globalThis as unknown as { firstCard?: { top: number; height: number; buttons: number[]; thumbnails: string[] } };
        delete scope.firstCard;
        new MutationObserver((_records, observer) => {
          const card = root!.querySelector<HTMLElement>('.pictures-card');
          if (!card) return;
          observer.disconnect();
          scope.firstCard = { top: card.getBoundingClientRect().top, height: card.scrollHeight, buttons: Array.from(card.querySelectorAll('button')).map((button) => button.offsetTop), thumbnails: Array.from(card.querySelectorAll('canvas')).map((canvas) => `${canvas.width}x${canvas.height}`) };
        }).observe(root!, { childList: true });
      });
      await clickInOverlay(page, '.badge.pictures');
      const card = await waitFor(() => pictureCard(page), (view) => !!view && view.thumbnails.some((t) => t.width > 0 && t.boxed), 'the pictures card with a boxed thumbnail');
      // It opened where and as it is now: a card that grew as its thumbnail was drawn moved its buttons away from a
      // pointer already on its way to them. Its content's height is compared (its box's is held by max-height).
      const first = await page.evaluate(() => (globalThis as unknown as { firstCard?: { top: number; height: number; buttons: number[]; thumbnails: string[] } }).firstCard);
      expect(first).toEqual({
        ...(await inOverlay(page, (root) => {
          const shown = root!.querySelector<HTMLElement>('.pictures-card')!;
          return { top: shown.getBoundingClientRect().top, height: shown.scrollHeight, buttons: Array.from(shown.querySelectorAll('button')).map((button) => button.offsetTop) };
        })),
        thumbnails: card!.thumbnails.map((thumbnail) => `${thumbnail.width}x${thumbnail.height}`),
      });
      expect(card!.titles).toEqual([path.basename(wristband.file)]);
      expect(card!.summary[0]).toMatch(/could identify a patient|identif/i);
      if (fixture.id === 'x') await page.screenshot({ path: path.join(ROOT, 'docs/images/pictures-x.png') });
      await page.keyboard.press('Escape'); // the card closes, and the post button is in reach
      await waitFor(() => pictureCard(page), (view) => !view, 'the pictures card to close');

      await clickElement(page, fixture.post);
      const dialog = await waitForDialog(page);
      expect(dialog.open).toBe(true);
      const listed = await inOverlay(page, (root) => Array.from(root!.querySelectorAll('dialog details.picture summary')).map((s) => s.textContent ?? ''));
      expect(listed).toEqual([`Attached picture: ${path.basename(wristband.file)}`]);
      expect((await harness(page)).posts).toEqual([]);
      await page.keyboard.press('Escape'); // "Edit post"
      await waitFor(() => dialogState(page), (state) => !state?.open, 'the dialog to close');

      // The site's own upload got the very bytes, and the editor its text.
      const site = await harness(page);
      expect(site.attachments).toEqual([{ name: path.basename(wristband.file), size: fs.statSync(wristband.file).size, how: 'picker', sum: byteSum(fs.readFileSync(wristband.file)) }]);
      expect(await editorText(page)).toBe(BENIGN_DRAFT);

      // "Post anyway" posts once, picture and all.
      await clickElement(page, fixture.post);
      await waitForDialog(page);
      await clickInOverlay(page, 'dialog button.post-anyway');
      await waitFor(() => harness(page), (state) => state.posts.length === 1, 'the post');
      expect((await harness(page)).postedAttachments).toEqual([[path.basename(wristband.file)]]);
      expect(errors).toEqual([]);
    });

    it('lets a post with a benign picture go at once', async () => {
      await typeDraft(page, fixture, BENIGN_DRAFT);
      await waitForBadge(page, (count) => count === 0);
      const sunset = image('sunset-1');
      await attach(page, input, sunset.file);
      const badge = await pictureBadgeSettled(page);
      expect(badge.text).toContain('✓');
      await clickElement(page, fixture.post);
      await waitFor(() => harness(page), (state) => state.posts.length === 1, 'the post');
      expect((await harness(page)).postedAttachments).toEqual([[path.basename(sunset.file)]]);
      expect(await dialogState(page)).toBeUndefined();
      // The site emptied its compose box: the picture went with the post, and the next post starts without it.
      await waitFor(() => pictureBadge(page), (badge) => badge === undefined, 'the picture to go with the post');
      expect(errors).toEqual([]);
    });

    it('reads a picture pasted from the clipboard (Ctrl+V), and the site still takes it', async () => {
      await chromium.browser.defaultBrowserContext().overridePermissions(new URL(server.url(fixture)).origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
      await typeDraft(page, fixture, BENIGN_DRAFT);
      await waitForBadge(page, (count) => count === 0);
      const bytes = [...fs.readFileSync(image('wristband-1').file)];
      // The page puts a PNG on the clipboard, as a screenshot tool would; the user pastes it.
      await page.evaluate(async (numbers: number[]) => {
        const blob = new Blob([Uint8Array.from(numbers)], { type: 'image/png' });
        await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
      }, bytes);
      await clickElement(page, fixture.editor);
      await page.keyboard.down('Control');
      await page.keyboard.press('v');
      await page.keyboard.up('Control');
      const badge = await pictureBadgeSettled(page);
      expect(Number(badge.text.replace(/\D/g, ''))).toBeGreaterThan(0);
      await waitFor(() => harness(page), (state) => state.attachments.length === 1, 'the site to take the pasted picture');
      expect((await harness(page)).attachments[0]!.how).toBe('paste');
      expect(await editorText(page)).toBe(BENIGN_DRAFT);
      expect(errors).toEqual([]);
    });

    it('reads a picture dragged and dropped on the compose box, and the site still takes it', async () => {
      await typeDraft(page, fixture, BENIGN_DRAFT);
      await waitForBadge(page, (count) => count === 0);
      const handover = image('wristband-1');
      const client: CDPSession = await page.createCDPSession();
      const point = await page.$eval(fixture.editor, (element) => {
        const box = element.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      });
      const data = { items: [], files: [handover.file], dragOperationsMask: 1 };
      for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await client.send('Input.dispatchDragEvent', { type, x: point.x, y: point.y, data });
      const badge = await pictureBadgeSettled(page);
      expect(Number(badge.text.replace(/\D/g, ''))).toBeGreaterThan(0);
      await waitFor(() => harness(page), (state) => state.attachments.length === 1, 'the site to take the dropped picture');
      expect((await harness(page)).attachments[0]!.how).toBe('drop');
      await client.detach();
      expect(errors).toEqual([]);
    });

    it("reads pictures a script pastes, drops or hands to the file input: a site's own paste button, drop zone or another tool attaches that way", async () => {
      await typeDraft(page, fixture, BENIGN_DRAFT);
      await waitForBadge(page, (count) => count === 0);
      const bytes = (id: string) => ({ numbers: [...fs.readFileSync(image(id).file)], type: pictureType(image(id).file) });
      await page.evaluate(
        (pasted: { numbers: number[]; type: string }, dropped: { numbers: number[]; type: string }, editorSelector: string, inputSelector: string) => {
          const carrying = (picture: { numbers: number[]; type: string }, name: string) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([Uint8Array.from(picture.numbers)], name, { type: picture.type }));
            return transfer;
          };
          const editor = document.querySelector(editorSelector)!;
          editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: carrying(pasted, 'pasted-by-script'), bubbles: true, cancelable: true, composed: true }));
          editor.dispatchEvent(new DragEvent('drop', { dataTransfer: carrying(dropped, 'dropped-by-script'), bubbles: true, cancelable: true, composed: true }));
          const input = document.querySelector<HTMLInputElement>(inputSelector)!;
          input.files = carrying(dropped, 'from-the-drop-zone').files;
          input.dispatchEvent(new Event('change', { bubbles: true }));
        },
        bytes('wristband-1'),
        bytes('sunset-1'),
        fixture.editor,
        input,
      );
      // The pasted wristband's details are found: a made-up paste is not a reason to let a picture go unchecked.
      const badge = await pictureBadgeSettled(page);
      expect(Number(badge.text.replace(/\D/g, ''))).toBeGreaterThan(0);
      await waitFor(() => harness(page), (state) => state.attachments.some((file) => file.how === 'picker'), 'the site to take the picture from its file input');
      // Three pictures, not two: the drop and the file input carry the same bytes under other
      // names, and only the same file (or one of the same name, size and date) is one picture.
      await clickInOverlay(page, '.badge.pictures');
      const card = await waitFor(() => pictureCard(page), (view) => view?.titles.length === 3, 'the pictures card with all three');
      expect([...card!.titles].sort()).toEqual(['dropped-by-script', 'from-the-drop-zone', 'pasted-by-script']);
      expect(errors).toEqual([]);
    });
  });

  describe('pictures it cannot read', () => {
    const x = PAGES[0]!;

    it.each([
      ['a damaged JPEG', 'damaged.jpg', () => fs.readFileSync(images.find((entry) => entry.file.endsWith('.jpg'))!.file).subarray(0, 600), /could not read this image/i],
      ['a PDF', 'scan.pdf', () => Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), /it is a PDF/],
      ['a HEIC photo', 'IMG_0001.heic', () => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(64)]), /HEIC and AVIF/],
      ['a 60 MB file', 'huge.png', () => Buffer.alloc(60 * 1024 * 1024), /60 MB; pictures over 40 MB are not read/],
    ])('%s: a clear note, and posting still works', async (_what, name, bytes, reason) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, bytes());
      const { page, errors } = await open(x.fixture);
      try {
        await typeDraft(page, x.fixture, BENIGN_DRAFT);
        await waitForBadge(page, (count) => count === 0);
        await attach(page, x.input, file);
        const badge = await pictureBadgeSettled(page);
        expect(badge.text).toContain('?');
        await clickInOverlay(page, '.badge.pictures');
        const card = await waitFor(() => pictureCard(page), (view) => !!view?.statuses.length, 'the pictures card');
        expect(card!.statuses[0]).toMatch(reason);
        await page.keyboard.press('Escape');
        await clickElement(page, x.fixture.post);
        await waitFor(() => harness(page), (state) => state.posts.length === 1, 'the post');
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it('an animated GIF: its first frame is read', async () => {
      const sharp = (await import('sharp')).default;
      const wristband = image('wristband-1');
      const { data, info } = await sharp(wristband.file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const negative = Buffer.from(data.map((value) => 255 - value));
      const gif = await sharp(Buffer.concat([data, negative]), { raw: { width: info.width, height: info.height * 2, channels: 3, pageHeight: info.height } }).gif({ delay: [500, 500], loop: 0 }).toBuffer();
      const file = path.join(tmp, 'animated.gif');
      fs.writeFileSync(file, gif);
      const { page, errors } = await open(x.fixture);
      try {
        await typeDraft(page, x.fixture, BENIGN_DRAFT);
        await attach(page, x.input, file);
        const badge = await pictureBadgeSettled(page);
        expect(Number(badge.text.replace(/\D/g, ''))).toBeGreaterThan(0);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });

  describe('what else the card and the popup say', () => {
    const discourse = PAGES[2]!;

    it("a photo's embedded location, with what this forum does with it", async () => {
      const photo = images.find((entry) => entry.exif && entry.id.startsWith('sunset'))!;
      const { page, errors } = await open(discourse.fixture);
      try {
        await typeDraft(page, discourse.fixture, BENIGN_DRAFT);
        await attach(page, discourse.input, photo.file);
        await pictureBadgeSettled(page);
        await clickInOverlay(page, '.badge.pictures');
        const note = await waitFor(() => inOverlay(page, (root) => root?.querySelector('.pictures-card .note.location')?.textContent ?? ''), Boolean, 'the location note');
        expect(note).toMatch(/location embedded \(GPS\)/);
        expect(note).toMatch(/Discourse removes metadata unless/);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it('a picture uploaded elsewhere on the page (a profile photo) belongs to no post, and is not read', async () => {
      const { page } = await open(discourse.fixture);
      try {
        await typeDraft(page, discourse.fixture, BENIGN_DRAFT);
        await waitForBadge(page, (count) => count === 0);
        await attach(page, 'input#avatar-upload', image('wristband-1').file);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(await pictureBadge(page)).toBeUndefined();
      } finally {
        await page.close();
      }
    });

    it('the popup counts the pictures read and those with something to look at, never what they show', async () => {
      const { page } = await open(discourse.fixture);
      try {
        await typeDraft(page, discourse.fixture, BENIGN_DRAFT);
        await attach(page, discourse.input, image('wristband-1').file);
        await pictureBadgeSettled(page);
        const extension = (await chromium.browser.extensions()).get(chromium.extensionId)!;
        const opened = chromium.browser.waitForTarget((target) => target.url().endsWith('/pages/popup.html'), { timeout: 10_000 });
        await page.triggerExtensionAction(extension);
        const popup = (await (await opened).asPage())!;
        await popup.waitForSelector('body[data-ready="true"]');
        const line = await popup.$eval('#draft [data-state="pictures"]', (element) => element.textContent ?? '');
        expect(line).toBe('Attached pictures checked: 1, with something to look at: 1.');
        expect(await popup.$eval('#draft', (element) => element.textContent ?? '')).not.toMatch(/\d{3} \d{3} \d{4}/);
        await popup.close();
      } finally {
        await page.close();
      }
    });
  });

  describe('a picture still being read', () => {
    const discourse = PAGES[2]!;

    /** Answers still held when a test ends are let go then, passed or failed: the reader serves the next test too. */
    let stillHeld: { release(): Promise<void> } | undefined;
    afterEach(async () => {
      await stillHeld?.release();
      stillHeld = undefined;
    });

    /**
     * Holds the picture reader's answers (in its offscreen document) until `release`, so that a
     * test can act while a picture is still being read, whatever the machine's speed.
     */
    async function holdAnswers(): Promise<{ release(): Promise<void> }> {
      const target = await chromium.browser.waitForTarget((candidate) => candidate.url().endsWith('/pages/ocr.html'));
      const reader = (await target.asPage())!;
      // Each hold has its own token: a late release from an earlier test lets go of nothing of this one's.
      const token = await reader.evaluate(() => {
        const scope = globalThis as unknown as { held?: [BroadcastChannel, unknown][]; send?: typeof BroadcastChannel.prototype.postMessage; holdToken?: number };
        scope.send ??= BroadcastChannel.prototype.postMessage;
        // Answers an earlier hold still has (its test ended without letting them go) go on now, not lost.
        for (const [channel, message] of scope.held?.splice(0) ?? []) scope.send.call(channel, message);
        scope.held = [];
        scope.holdToken = (scope.holdToken ?? 0) + 1;
        BroadcastChannel.prototype.postMessage = function (message: unknown) {
          if (message && typeof message === 'object' && 'ok' in message) scope.held!.push([this, message]);
          else scope.send!.call(this, message);
        };
        return scope.holdToken;
      });
      const held = {
        release: async () => {
          await reader.evaluate((token) => {
            const scope = globalThis as unknown as { held: [BroadcastChannel, unknown][]; send: typeof BroadcastChannel.prototype.postMessage; holdToken: number };
            if (scope.holdToken !== token) return;
            BroadcastChannel.prototype.postMessage = scope.send;
            for (const [channel, message] of scope.held.splice(0)) channel.postMessage(message);
          }, token);
          // Only once it has worked: a release that failed is tried again after the test.
          if (stillHeld === held) stillHeld = undefined;
        },
      };
      stillHeld = held;
      return held;
    }

    it('Post while it is read: the dialog says so, and turns into the last check when the reading ends', async () => {
      const { page, errors } = await open(discourse.fixture);
      try {
        await typeDraft(page, discourse.fixture, BENIGN_DRAFT);
        await attach(page, discourse.input, image('sunset-1').file); // the reader is open from here on
        await pictureBadgeSettled(page);
        const held = await holdAnswers();
        await attach(page, discourse.input, image('wristband-1').file);
        await waitFor(() => pictureBadge(page), (badge) => !!badge?.busy, 'the pictures badge to show the reading');
        // The recognition's progress reaches the badge (the answer is held, its progress is not).
        await waitFor(() => pictureBadge(page), (badge) => /\d+%/.test(badge?.text ?? ''), "the reading's progress in the badge");
        await clickElement(page, discourse.fixture.post);
        const title = () => inOverlay(page, (root) => root?.querySelector('dialog[open] h2')?.textContent ?? '');
        expect(await waitFor(title, (text) => text !== '', 'the dialog')).toBe('Still reading the attached picture');
        expect((await harness(page)).posts).toEqual([]);
        await held.release();
        await waitFor(title, (text) => text !== 'Still reading the attached picture', 'the last check');
        const listed = await inOverlay(page, (root) => Array.from(root!.querySelectorAll('dialog details.picture summary')).map((s) => s.textContent ?? ''));
        expect(listed).toEqual([`Attached picture: ${path.basename(image('wristband-1').file)}`]);
        await page.keyboard.press('Escape');
        expect((await harness(page)).posts).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it('typing comes first: a picture goes to the reader only at a pause, and the reader is told of keys typed while it reads', async () => {
      const { page, errors } = await open(discourse.fixture);
      try {
        await typeDraft(page, discourse.fixture, BENIGN_DRAFT);
        await attach(page, discourse.input, image('sunset-1').file);
        await pictureBadgeSettled(page);
        const reader = (await (await chromium.browser.waitForTarget((candidate) => candidate.url().endsWith('/pages/ocr.html'))).asPage())!;
        // What the reader hears, and when (the same machine's clock as the page's Date.now).
        await reader.evaluate(() => {
          const scope = globalThis as unknown as { heard: { typing: number[]; reads: number[] } };
          scope.heard = { typing: [], reads: [] };
          new BroadcastChannel('second-opinion-ocr').addEventListener('message', (event) => {
            const data = event.data as { typing?: boolean; bytes?: unknown };
            if (data.typing) scope.heard.typing.push(Date.now());
            if (data.bytes) scope.heard.reads.push(Date.now());
          });
        });
        const heard = () => reader.evaluate(() => (globalThis as unknown as { heard: { typing: number[]; reads: number[] } }).heard);
        // Typed straight after attaching: the picture waits for the pause after the last key.
        await attach(page, discourse.input, image('wristband-1').file);
        await page.keyboard.type(' and then a long walk home along the river.', { delay: 60 });
        const lastKey = await page.evaluate(() => Date.now());
        const badge = await pictureBadgeSettled(page);
        expect(Number(badge.text.replace(/\D/g, ''))).toBeGreaterThan(0);
        const first = await heard();
        expect(first.reads).toHaveLength(1);
        expect(first.reads[0]!).toBeGreaterThanOrEqual(lastKey);
        // Typed while the reader has it: it is told, and the reading still ends.
        const held = await holdAnswers();
        await attach(page, discourse.input, image('wristband-2').file);
        await waitFor(heard, (now) => now.reads.length === 2, 'the picture to reach the reader');
        await page.keyboard.type(' Lovely.', { delay: 60 });
        expect((await heard()).typing.length).toBeGreaterThan(0);
        await held.release();
        await pictureBadgeSettled(page);
        expect(await editorText(page)).toBe(`${BENIGN_DRAFT} and then a long walk home along the river. Lovely.`);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });

    /** Room above the site's form, so the compose box sits `fromBottom` px above the window's foot and the pictures card opens above its badge. */
    async function composeBoxLow(page: Page, fromBottom: number): Promise<void> {
      await page.evaluate((fromBottom) => {
        const room = document.createElement('div');
        room.style.height = `${Math.max(0, innerHeight - fromBottom)}px`;
        document.body.prepend(room);
      }, fromBottom);
    }

    /** Where the pictures card and its badge are on the screen. */
    function cardAndBadge(page: Page): Promise<{ cardTop: number; cardBottom: number; badgeTop: number }> {
      return inOverlay(page, (root) => {
        const card = root!.querySelector('.pictures-card')!.getBoundingClientRect();
        const badge = root!.querySelector('.badge.pictures')!.getBoundingClientRect();
        return { cardTop: card.top, cardBottom: card.bottom, badgeTop: badge.top };
      });
    }

    /** One picture read and a second held in its reading, then the pictures card opened by a click on its badge; returns the hold. */
    async function openCardWhileReading(page: Page): Promise<{ release(): Promise<void> }> {
      await typeDraft(page, discourse.fixture, BENIGN_DRAFT);
      await attach(page, discourse.input, image('sunset-1').file);
      await pictureBadgeSettled(page);
      const held = await holdAnswers();
      await attach(page, discourse.input, image('wristband-1').file);
      await waitFor(() => pictureBadge(page), (badge) => !!badge?.busy, 'the pictures badge to show the reading');
      await clickInOverlay(page, '.badge.pictures');
      await waitFor(() => inOverlay(page, (root) => !!root?.querySelector('.pictures-card button.cancel')), Boolean, 'Stop reading in the card');
      return held;
    }

    it('a card nobody is at is placed afresh when a reading ends: it grows upwards, clear of its badge and the draft', async () => {
      const { page, errors } = await open(discourse.fixture);
      try {
        // A tall window, so the card fits above its badge with both pictures read.
        await page.setViewport({ width: 1000, height: 1400 });
        await composeBoxLow(page, 300);
        const held = await openCardWhileReading(page);
        const before = await cardAndBadge(page);
        expect(before.cardBottom).toBeLessThanOrEqual(before.badgeTop);
        // The clinician goes back to the draft: focus in the editor, the pointer off the card.
        await page.focus(discourse.fixture.editor);
        await page.mouse.move(1, 1);
        expect(await inOverlay(page, (root) => root!.querySelector('.pictures-card')!.matches(':hover, :focus-within'))).toBe(false);
        await held.release();
        await waitFor(() => pictureCard(page), (view) => !!view && !view.statuses.some((status) => /Reading/.test(status)) && view.titles.length === 2, 'the reading to end');
        const after = await cardAndBadge(page);
        // Taller now (the thumbnail and what the picture says), and still clear of its badge:
        // kept at its old top, it would have grown down over the badge and the draft's last lines.
        expect(after.cardBottom - after.cardTop).toBeGreaterThan(before.cardBottom - before.cardTop);
        expect(after.cardBottom).toBeLessThanOrEqual(after.badgeTop);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it('"Stop reading": the picture is left unchecked, says so, and the post goes', async () => {
      const { page, errors } = await open(discourse.fixture);
      try {
        await composeBoxLow(page, 400);
        const held = await openCardWhileReading(page);
        // The first picture's own button, kept to see whether the card redraws it when the other picture's reading stops.
        const firstRemove = () =>
          inOverlay(page, (root) => {
            const scope = globalThis as unknown as { firstRemove?: Element };
            scope.firstRemove ??= root!.querySelector('.pictures-card section.picture button.remove')!;
            return { connected: scope.firstRemove.isConnected, top: scope.firstRemove.getBoundingClientRect().top };
          });
        const before = await firstRemove();
        // The card sits above its badge here, where placing it afresh against the badge moved every button as the card's height changed.
        const placed = await cardAndBadge(page);
        expect(placed.cardBottom).toBeLessThanOrEqual(placed.badgeTop);
        const cancelAt = await inOverlay(page, (root) => {
          const box = root!.querySelector('.pictures-card button.cancel')!.getBoundingClientRect();
          return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
        });
        // A single click acts (the card hears single clicks only).
        await page.mouse.click(cancelAt.x, cancelAt.y);
        const card = await waitFor(() => pictureCard(page), (view) => !!view?.statuses.some((status) => /Not checked/.test(status)), 'the picture to be left unchecked');
        expect(card!.titles).toHaveLength(2);
        // The section's Remove button is drawn where "Stop reading" was, so a double-click's
        // second click lands on it: it is not heard, and the picture stays. (The browser's
        // click count says which click it is; Remove acts within the click, so a removal
        // would show at once.)
        const underPointer = await inOverlay(page, (root, at) => root!.elementFromPoint(at.x, at.y)?.className ?? '', cancelAt);
        expect(underPointer).toBe('remove');
        await page.mouse.move(cancelAt.x, cancelAt.y);
        await page.mouse.down({ clickCount: 2 });
        await page.mouse.up({ clickCount: 2 });
        expect((await pictureCard(page))!.titles).toHaveLength(2);
        // Only the section that changed was drawn afresh, and the other picture's stays where it was on the screen:
        // a click on its button at that moment is not lost.
        const after = await firstRemove();
        expect(after.connected).toBe(true);
        expect(Math.abs(after.top - before.top)).toBeLessThan(1); // within layout's rounding of a pixel
        expect((await pictureBadge(page))!.busy).toBe(false);
        await held.release();
        await page.keyboard.press('Escape');
        await clickElement(page, discourse.fixture.post);
        await waitFor(() => harness(page), (state) => state.posts.length === 1, 'the post');
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it('a card at its full height keeps the section the clinician is at in place by scrolling its own content', async () => {
      const { page, errors } = await open(discourse.fixture);
      try {
        // A short window: one picture read (its thumbnail and what it says) and two being read
        // make a card taller than the window, so it sits at its full height, scrolled inside.
        await page.setViewport({ width: 1000, height: 420 });
        await typeDraft(page, discourse.fixture, BENIGN_DRAFT);
        await attach(page, discourse.input, image('sunset-1').file);
        await pictureBadgeSettled(page);
        const held = await holdAnswers();
        await attach(page, discourse.input, image('wristband-1').file);
        await attach(page, discourse.input, image('wristband-2').file);
        await waitFor(() => pictureBadge(page), (badge) => !!badge?.busy, 'the pictures badge to show the reading');
        await clickInOverlay(page, '.badge.pictures');
        await waitFor(() => inOverlay(page, (root) => root?.querySelectorAll('.pictures-card button.cancel').length ?? 0), (n) => n === 2, 'Stop reading for both pictures');
        // The clinician at the last picture's section, the card scrolled down to it, the pointer
        // on it; the keyboard on the middle picture's "Stop reading", just above.
        const at = await inOverlay(page, (root) => {
          const card = root!.querySelector<HTMLElement>('.pictures-card')!;
          const sections = card.querySelectorAll<HTMLElement>('section.picture');
          sections[1]!.querySelector<HTMLButtonElement>('button.cancel')!.focus({ preventScroll: true });
          // Short of the card's foot: there, a section above that shrank would scroll the content
          // back by itself (the browser keeps it at its end), with or without keepInPlace.
          card.scrollTop = card.scrollHeight - card.clientHeight - 40;
          const last = sections[2]!.getBoundingClientRect();
          return { full: card.scrollHeight > card.clientHeight, x: last.left + last.width / 2, y: Math.max(last.top, card.getBoundingClientRect().top) + 10 };
        });
        expect(at.full).toBe(true);
        await page.mouse.move(at.x, at.y);
        // The last section's own button, kept to see whether it is redrawn, and where it is.
        const where = () =>
          inOverlay(page, (root) => {
            const scope = globalThis as unknown as { lastRemove?: Element };
            const card = root!.querySelector<HTMLElement>('.pictures-card')!;
            scope.lastRemove ??= card.querySelectorAll('section.picture')[2]!.querySelector('button.remove')!;
            return { connected: scope.lastRemove.isConnected, top: scope.lastRemove.getBoundingClientRect().top, cardTop: card.getBoundingClientRect().top, scrollTop: card.scrollTop, hovered: card.querySelectorAll('section.picture')[2]!.matches(':hover') };
          });
        const before = await where();
        expect(before.hovered).toBe(true);
        expect(before.scrollTop).toBeGreaterThan(0);
        // Enter on the focused button: a click of the clinician's own, with the pointer elsewhere.
        await page.keyboard.press('Enter');
        await waitFor(() => pictureCard(page), (view) => !!view?.statuses.some((status) => /Not checked/.test(status)), 'the middle picture to be left unchecked');
        const after = await where();
        // The card cannot move (it fills the window): the section above changed its height, and
        // the card's content scrolled by as much, so the section under the pointer stayed where it was.
        expect(after.connected).toBe(true);
        expect(Math.abs(after.cardTop - before.cardTop)).toBeLessThan(1);
        expect(Math.abs(after.scrollTop - before.scrollTop)).toBeGreaterThanOrEqual(1);
        expect(Math.abs(after.top - before.top)).toBeLessThan(1); // within layout's rounding of a pixel
        await held.release();
        await pictureBadgeSettled(page);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });

  describe('the picture check setting', () => {
    const discourse = PAGES[2]!;

    afterEach(() => setImageCheck(undefined));

    it('block: a clinical image waits for the consent tick and the review tick before "Post anyway"', async () => {
      await setImageCheck('block');
      const { page, errors } = await open(discourse.fixture);
      try {
        await typeDraft(page, discourse.fixture, 'Look at this x-ray from clinic today, classic case');
        await attach(page, discourse.input, image('sunset-1').file);
        await pictureBadgeSettled(page);
        await clickElement(page, discourse.fixture.post);
        await waitForDialog(page);
        const state = () =>
          inOverlay(page, (root) => {
            const dialog = root!.querySelector('dialog')!;
            const tick = dialog.querySelector<HTMLInputElement>('input.consented');
            return { consent: !!tick, ticked: !!tick?.checked, post: (dialog.querySelector('button.post-anyway') as HTMLButtonElement).disabled };
          });
        expect(await state()).toEqual({ consent: true, ticked: false, post: true });
        // A script's click is not consent.
        await inOverlay(page, (root) => (root!.querySelector('dialog input.consented') as HTMLInputElement).click());
        expect((await state()).post).toBe(true);
        await inOverlay(page, (root) => (root!.querySelector('dialog input.consented') as HTMLInputElement).click()); // back to unticked
        await clickInOverlay(page, 'dialog input.consented');
        expect((await state()).post).toBe(false);
        // A double-click's second click on the tick is not heard: the tick stays (the dialog hears single clicks only).
        await secondClickInOverlay(page, 'dialog input.consented');
        expect(await state()).toEqual({ consent: true, ticked: true, post: false });
        await clickInOverlay(page, 'dialog button.post-anyway');
        await waitFor(() => harness(page), (s) => s.posts.length === 1, 'the post');
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it('off, chosen on the options page: pictures are not read at all', async () => {
      const options = await chromium.browser.newPage();
      await options.goto(`chrome-extension://${chromium.extensionId}/pages/options.html`);
      await options.waitForSelector('body[data-ready="true"]');
      expect(await options.$eval('#image-check', (select) => [(select as HTMLSelectElement).value, (select as HTMLSelectElement).disabled])).toEqual(['warn', false]);
      await options.select('#image-check', 'off');
      await waitFor(() => options.$eval('#status', (status) => status.textContent ?? ''), (text) => text.length > 0, 'the options page to save');
      await options.close();
      const { page } = await open(discourse.fixture);
      try {
        await typeDraft(page, discourse.fixture, BENIGN_DRAFT);
        await waitForBadge(page, (count) => count === 0);
        await attach(page, discourse.input, image('wristband-1').file);
        await waitFor(() => harness(page), (state) => state.attachments.length === 1, 'the site to take the picture');
        expect(await pictureBadge(page)).toBeUndefined();
        await clickElement(page, discourse.fixture.post);
        await waitFor(() => harness(page), (state) => state.posts.length === 1, 'the post');
      } finally {
        await page.close();
      }
    });
  });

  it('sent nothing over the network: no request left the browser but for the fixture pages', () => {
    const outside = [...pageRequests, ...workerRequests].filter((url) => /^https?:/.test(url) && !FIXTURE_HOSTS.includes(new URL(url).hostname));
    expect(outside).toEqual([]);
    // Chromium's own services (accounts, updates) are the browser's, never the extension's.
    expect(server.requests.filter((request) => !FIXTURE_HOSTS.includes(request.host) && !CHROMIUM_OWN_HOSTS.includes(request.host))).toEqual([]);
  });
});
