/**
 * Our one element in the page: a zero-size host at the end of <html> with a closed shadow
 * root holding the underlines, the card, the badges and the last-check dialog. The
 * shadow root keeps the site's CSS out and ours in; `all: initial` stops inherited
 * styles leaking through. Nothing is ever placed inside a site's editor, and nothing
 * in the page names a rule, a category or the flagged words: the page sees one empty
 * custom element, created only once a compose box has had focus.
 */

export const SEVERITY_COLOURS = { high: '#d5281b', medium: '#b35900', low: '#005eb8' } as const;

const STYLES = `
:host { all: initial; }
* { box-sizing: border-box; }
.layer { position: fixed; inset: 0; pointer-events: none; overflow: hidden; }
.underline { position: fixed; left: 0; top: 0; pointer-events: none; border-bottom: 2px solid; will-change: transform; }
.underline.high { border-bottom-color: ${SEVERITY_COLOURS.high}; border-bottom-style: solid; }
.underline.medium { border-bottom-color: ${SEVERITY_COLOURS.medium}; border-bottom-style: dashed; }
.underline.low { border-bottom-color: ${SEVERITY_COLOURS.low}; border-bottom-style: dotted; }
.ui { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #212b32; }
.badge { position: fixed; pointer-events: auto; display: inline-flex; align-items: center; gap: 4px; min-width: 24px; height: 24px;
  padding: 0 8px; border-radius: 12px; border: 1px solid transparent; font: 600 12px/1 system-ui, sans-serif; cursor: pointer;
  background: #007f3b; color: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.3); opacity: .92; }
.badge.high { background: ${SEVERITY_COLOURS.high}; }
.badge.medium { background: ${SEVERITY_COLOURS.medium}; }
.badge.low { background: ${SEVERITY_COLOURS.low}; }
.badge:focus-visible, .card button:focus-visible, .card a:focus-visible, dialog button:focus-visible, dialog input:focus-visible {
  outline: 3px solid #ffeb3b; outline-offset: 2px; box-shadow: 0 0 0 5px #212b32; }
.card { position: fixed; pointer-events: auto; width: min(380px, calc(100vw - 16px)); padding: 12px 14px; border-radius: 8px;
  background: #fff; color: #212b32; border: 1px solid #aeb7bd; border-left: 6px solid ${SEVERITY_COLOURS.high}; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
.card.medium { border-left-color: ${SEVERITY_COLOURS.medium}; }
.card.low { border-left-color: ${SEVERITY_COLOURS.low}; }
.card header { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; }
.card h2 { margin: 0; font-size: 15px; font-weight: 700; }
.card .severity { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card p { margin: 6px 0; }
.card .quote { font-style: italic; overflow-wrap: anywhere; }
.card .why a, dialog a { color: #005eb8; }
.card .actions, dialog .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; }
.card button, dialog button { font: inherit; font-size: 13px; padding: 4px 10px; border-radius: 4px; border: 1px solid #4c6272; background: #f0f4f5; color: #212b32; cursor: pointer; }
.card button.close { border: none; background: none; font-size: 18px; line-height: 1; padding: 0 4px; }
.card h2:focus { outline: none; }
.card h2:focus-visible { outline: 3px solid #ffeb3b; outline-offset: 2px; }
.card details.guidance { margin: 4px 0; font-size: 13px; }
.card details.guidance summary { cursor: pointer; color: #005eb8; }
.card details.guidance p { margin: 4px 0 0; }
.card p.fix { margin: 6px 0 0; }
.card button.fix { background: #007f3b; border-color: #007f3b; color: #fff; font-weight: 600; }
.card .hint { margin: 8px 0 0; font-size: 12px; color: #4c6272; }
.card .nav { display: flex; justify-content: space-between; align-items: center; margin-top: 8px; font-size: 12px; }
dialog { pointer-events: auto; max-width: min(560px, calc(100vw - 32px)); border: none; border-radius: 10px; padding: 20px 22px;
  background: #fff; color: #212b32; box-shadow: 0 8px 32px rgba(0,0,0,.35); }
dialog::backdrop { background: rgba(33,43,50,.55); }
dialog h2 { margin: 0 0 8px; font-size: 18px; }
dialog { max-height: calc(100vh - 32px); overflow: auto; }
dialog .groups { margin: 8px 0; }
dialog details.group { border-left: 4px solid ${SEVERITY_COLOURS.high}; padding: 2px 0 2px 8px; margin: 6px 0; }
dialog details.group.medium { border-left-color: ${SEVERITY_COLOURS.medium}; }
dialog details.group.low { border-left-color: ${SEVERITY_COLOURS.low}; }
dialog details.group summary { cursor: pointer; font-weight: 600; }
dialog ul { margin: 4px 0; padding-left: 20px; }
dialog button.show { font-size: 12px; padding: 1px 6px; }
dialog progress { display: block; width: 100%; height: 10px; margin: 10px 0; accent-color: #005eb8; }
dialog li { margin: 6px 0; }
dialog button.primary { background: #007f3b; border-color: #007f3b; color: #fff; font-weight: 600; }
dialog button:disabled { opacity: .55; cursor: not-allowed; }
dialog label { display: flex; gap: 8px; align-items: flex-start; margin-top: 10px; }
.toast { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); pointer-events: auto; display: flex; gap: 12px; align-items: center;
  max-width: min(520px, calc(100vw - 32px)); padding: 10px 14px; border-radius: 8px; background: #212b32; color: #fff; box-shadow: 0 4px 16px rgba(0,0,0,.3); }
.toast button { font: inherit; font-size: 13px; padding: 3px 10px; border-radius: 4px; border: 1px solid #fff; background: transparent; color: #fff; cursor: pointer; }
.card .mute-scope fieldset { border: none; margin: 8px 0 0; padding: 0; }
.card .mute-scope legend { font-weight: 600; padding: 0; }
.card .mute-scope label { display: flex; gap: 6px; align-items: flex-start; margin-top: 4px; }
.card .mute-scope .confirm { margin-top: 6px; }
.card button:disabled { opacity: .55; cursor: not-allowed; }
.card [hidden] { display: none !important; }
.badge.pictures.reading { background: #4c6272; }
.badge.pictures.clear { background: #007f3b; }
.card.pictures-card { width: min(420px, calc(100vw - 16px)); max-height: calc(100vh - 16px); overflow: auto; overflow-anchor: none; }
.card.pictures-card h3 { margin: 10px 0 4px; font-size: 14px; overflow-wrap: anywhere; }
.card.pictures-card canvas.thumbnail { display: block; max-width: 100%; margin: 4px 0; border: 1px solid #aeb7bd; }
.card.pictures-card progress { display: block; width: 100%; height: 8px; accent-color: #005eb8; }
.card.pictures-card ul.findings { margin: 4px 0; padding-left: 18px; }
.card.pictures-card ul.findings li { margin: 4px 0; }
.card.pictures-card .note { border-left: 4px solid ${SEVERITY_COLOURS.medium}; padding-left: 8px; margin: 6px 0; }
.card.pictures-card .note.high { border-left-color: ${SEVERITY_COLOURS.high}; }
.card.pictures-card label.consent { display: flex; gap: 6px; align-items: flex-start; font-weight: 600; }
.card input:focus-visible { outline: 3px solid #ffeb3b; outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (prefers-color-scheme: dark) {
  .ui, .card, dialog { background: #1e2528; color: #f0f4f5; border-color: #4c6272; }
  .card .why a, dialog a, .card details.guidance summary { color: #7fb8ff; }
  .card .hint { color: #aeb7bd; }
  /* The border colour above would turn the severity stripe grey: it stays the severity's. */
  .card.high { border-left-color: ${SEVERITY_COLOURS.high}; }
  .card.medium { border-left-color: ${SEVERITY_COLOURS.medium}; }
  .card.low { border-left-color: ${SEVERITY_COLOURS.low}; }
  .card button, dialog button { background: #2b3539; color: #f0f4f5; border-color: #aeb7bd; }
}
`;

export interface Overlay {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  /** The full-viewport layer for underlines. */
  readonly layer: HTMLElement;
  /** A polite live region: count changes are announced to screen readers. */
  announce(text: string): void;
  remove(): void;
}

let current: Overlay | undefined;

function applyStyles(root: ShadowRoot): void {
  // A constructed sheet is not subject to the page's style-src policy; fall back to <style>.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    root.adoptedStyleSheets = [sheet];
    return;
  } catch {
    // Firefox content scripts cannot always hand a sheet across compartments.
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = STYLES;
  root.append(style);
}

export function getOverlay(): Overlay {
  if (current?.host.isConnected) return current;
  const host = document.createElement('second-opinion-overlay');
  host.style.setProperty('position', 'absolute', 'important');
  host.style.setProperty('top', '0', 'important');
  host.style.setProperty('left', '0', 'important');
  host.style.setProperty('width', '0', 'important');
  host.style.setProperty('height', '0', 'important');
  host.style.setProperty('z-index', '2147483647', 'important');
  host.style.setProperty('pointer-events', 'none', 'important');
  // Closed: the page's scripts cannot reach the findings, the card or the dialog through
  // `host.shadowRoot`. Only this content script holds the root.
  const root = host.attachShadow({ mode: 'closed' });
  applyStyles(root);
  const layer = document.createElement('div');
  layer.className = 'layer';
  layer.setAttribute('aria-hidden', 'true');
  const live = document.createElement('div');
  live.className = 'sr-only';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  root.append(layer, live);
  document.documentElement.append(host);
  let lastAnnouncement = '';
  current = {
    host,
    root,
    layer,
    announce(text) {
      if (text === lastAnnouncement) return;
      lastAnnouncement = text;
      live.textContent = text;
    },
    remove() {
      host.remove();
      if (current?.host === host) current = undefined;
    },
  };
  return current;
}
