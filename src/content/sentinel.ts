/**
 * The only script that runs on every page view of a supported site, so it does almost
 * nothing: one capture-phase `focusin` listener that asks whether the focused element
 * is a compose box of this site. The first time one is, the background worker injects
 * the checker (the engine, then `content/content.js`, which takes over from the focused
 * box) into this frame. Pages where nobody writes a post never load either. (An `input`
 * listener beside it does nothing unless no worker answered a request: maybeLoadOnTyping.)
 *
 * No webextension-polyfill here (it costs more to start than this whole file): in
 * Chrome's Manifest V3 and in Firefox, `runtime.sendMessage` already returns a promise.
 */
import type { RuntimeMessage } from '../shared/messages';
import { watchAttachments, type CaughtFiles } from './attachments/catch';
import { siteForEditor, sitesForHost } from './sites';
import { checkerRequest } from './checker-request';

interface MinimalRuntime {
  sendMessage(message: RuntimeMessage): Promise<unknown>;
}

declare global {
  /** Set by the checker (main.ts) when it starts, so it starts once per frame and the sentinel stands down. */
  // eslint-disable-next-line no-var
  var SecondOpinionContentStarted: boolean | undefined;
  /** Set by the sentinel: the popup's "Check posts on this site" may inject it into a page that has it already. */
  // eslint-disable-next-line no-var
  var SecondOpinionSentinelStarted: boolean | undefined;
  /** Pictures attached before the checker loaded, kept by the sentinel for the checker to read. */
  // eslint-disable-next-line no-var
  var SecondOpinionEarlyPictures: CaughtFiles[] | undefined;
}

/** Looked up only when needed: the first touch of the extension API makes the browser build its bindings, which costs milliseconds. */
function runtime(): MinimalRuntime {
  return ((globalThis as { browser?: { runtime: MinimalRuntime } }).browser ?? (globalThis as unknown as { chrome: { runtime: MinimalRuntime } }).chrome).runtime;
}
const candidates = sitesForHost(location.hostname);
const listening = new AbortController();
const request = checkerRequest(
  () => runtime().sendMessage({ type: 'load-checker' }),
  () => !!globalThis.SecondOpinionContentStarted,
  () => listening.abort(),
);

/** The element that really has focus, inside open shadow roots too (Reddit's composer is in one). */
function focusedElement(event?: Event): Element | null {
  const fromEvent = event?.composedPath()[0];
  if (fromEvent instanceof Element) return fromEvent;
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function maybeLoad(event?: Event): void {
  try {
    if (globalThis.SecondOpinionContentStarted) {
      listening.abort();
      return;
    }
    // Still listening while a request is under way: should it fail for good, the next focus asks again.
    if (request.asking()) return;
    const target = focusedElement(event);
    if (!(target instanceof HTMLElement) || !siteForEditor(candidates, target)) return;
    request.ask();
  } catch {
    // Never let an error reach the site.
  }
}

/**
 * Typing in a compose box after a request that no worker answered (one that started more
 * than half a minute late): ask afresh, as a new focus would. Only then, so that every other
 * keystroke on the site costs one call.
 */
function maybeLoadOnTyping(event: Event): void {
  if (request.unanswered()) maybeLoad(event);
}

/**
 * A picture attached before any compose box had focus (the site's photo button first): kept
 * for the checker, which is loaded for it. The event itself is left alone.
 */
const keeping = new AbortController();

function keepPicture(caught: CaughtFiles): void {
  if (globalThis.SecondOpinionContentStarted) {
    keeping.abort(); // the checker catches pictures itself from now on
    return;
  }
  (globalThis.SecondOpinionEarlyPictures ??= []).push(caught);
  request.ask();
}

if (!globalThis.SecondOpinionSentinelStarted) {
  globalThis.SecondOpinionSentinelStarted = true;
  document.addEventListener('focusin', maybeLoad, { capture: true, signal: listening.signal });
  document.addEventListener('input', maybeLoadOnTyping, { capture: true, passive: true, signal: listening.signal });
  watchAttachments(candidates, keeping.signal, keepPicture);
  // A compose box the page focused before this script ran (autofocus, or the popup's "Check posts on this site").
  maybeLoad();
}
