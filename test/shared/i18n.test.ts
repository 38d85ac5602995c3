/**
 * t() and the packaged messages the extension pages fall back on when Chromium's message
 * table for their process is empty (src/shared/i18n.ts says why it can be). That the
 * formatting matches the browser's own, message by message, is checked in Chromium by
 * test/extension/pages.browser.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatMessage } from '../../src/shared/message-format';

const getMessage = jest.fn<string, [string, (string | string[])?]>();
jest.mock('webextension-polyfill', () => ({ __esModule: true, default: { i18n: { getMessage: (...args: [string, (string | string[])?]) => getMessage(...args) } } }));

const ROOT = path.resolve(__dirname, '../..');
const PACKAGED = { audit_done: { message: '$POSTS$ posts checked, $FLAGGED$ flagged.', placeholders: { posts: { content: '$1' }, flagged: { content: '$2' } } } };

beforeEach(() => {
  jest.resetModules();
  getMessage.mockReset();
});

describe('t', () => {
  it("gives the browser's message whenever the browser has one", () => {
    getMessage.mockImplementation((key) => (key === '@@extension_id' ? 'abc' : `browser:${key}`));
    const { t, useMessagesWhenBrowserHasNone } = require('../../src/shared/i18n') as typeof import('../../src/shared/i18n');
    const load = jest.fn(() => PACKAGED);
    expect(useMessagesWhenBrowserHasNone(load)).toBe(false);
    expect(load).not.toHaveBeenCalled();
    expect(t('audit_done', ['5', '2'])).toBe('browser:audit_done');
  });

  it("formats the packaged message when the browser's table is empty, and shows the key of a message nobody has", () => {
    getMessage.mockReturnValue('');
    const { t, useMessagesWhenBrowserHasNone } = require('../../src/shared/i18n') as typeof import('../../src/shared/i18n');
    expect(t('audit_done', ['5', '2'])).toBe('audit_done');
    expect(useMessagesWhenBrowserHasNone(() => PACKAGED)).toBe(true);
    expect(t('audit_done', ['5', '2'])).toBe('5 posts checked, 2 flagged.');
    expect(t('no_such_message')).toBe('no_such_message');
    // Names ignore case, as the browser's do; an object's own properties are not messages.
    expect(t('AUDIT_DONE', ['5', '2'])).toBe('5 posts checked, 2 flagged.');
    expect(t('constructor')).toBe('constructor');
  });

  it('leaves the packaged messages alone when the browser API throws (no extension context)', () => {
    getMessage.mockImplementation(() => {
      throw new Error('Extension context invalidated.');
    });
    const { t, useMessagesWhenBrowserHasNone } = require('../../src/shared/i18n') as typeof import('../../src/shared/i18n');
    expect(useMessagesWhenBrowserHasNone(() => PACKAGED)).toBe(false);
    expect(t('audit_done')).toBe('audit_done');
  });
});

describe('formatMessage', () => {
  it('puts placeholders, then substitutions, in place, with $$ as a dollar sign and missing substitutions empty', () => {
    expect(formatMessage(PACKAGED.audit_done, ['1200', '37'])).toBe('1200 posts checked, 37 flagged.');
    expect(formatMessage(PACKAGED.audit_done, '1200')).toBe('1200 posts checked,  flagged.');
    expect(formatMessage({ message: 'Costs $$5 for $WHO$', placeholders: { who: { content: '$1' } } }, ['$2'])).toBe('Costs $5 for $2');
    // Chromium's placeholder replacement: a run of dollars loses one; "$" before anything but 1-9 goes with it.
    expect(formatMessage({ message: 'a $$$$ b $$$1 c' }, ['X'])).toBe('a $$$ b $$1 c');
    expect(formatMessage({ message: '$0 $x $' })).toBe('  ');
    expect(formatMessage({ message: 'only $2' }, ['one'])).toBe('only ');
  });
});

describe('the packaged messages the pages fall back on', () => {
  it("are the manifest's default locale", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8'));
    const source = fs.readFileSync(path.join(ROOT, 'src/shared/page-messages.ts'), 'utf8');
    expect(source).toContain(`from '../_locales/${manifest.default_locale}/messages.json'`);
  });

  it('are loaded first by every page that shows words', () => {
    const pages = fs.readdirSync(path.join(ROOT, 'src/pages')).filter((name) => name.endsWith('.ts'));
    const withWords = pages.filter((name) => fs.readFileSync(path.join(ROOT, 'src/pages', name), 'utf8').includes("from '../shared/i18n'"));
    expect(withWords.sort()).toEqual(['audit.ts', 'options.ts', 'popup.ts', 'welcome.ts']);
    for (const name of withWords) {
      const source = fs.readFileSync(path.join(ROOT, 'src/pages', name), 'utf8');
      const imports = [...source.matchAll(/^import .*$/gm)].map((line) => line[0]);
      expect(imports[0]).toBe("import '../shared/page-messages';");
    }
  });

  it('are loaded first by the content script, which shows words in its cards and dialogs', () => {
    const source = fs.readFileSync(path.join(ROOT, 'src/content/main.ts'), 'utf8');
    expect([...source.matchAll(/^import .*$/gm)][0]![0]).toBe("import '../shared/page-messages';");
  });
});
