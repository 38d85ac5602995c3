/**
 * A listener that acts only on events the user caused. A page's script can click our
 * buttons (`el.click()`, `dispatchEvent`), but such events are not trusted: the card's and
 * the last check's actions must never be answered on the user's behalf.
 */
export function onTrusted<E extends Event>(handler: (event: E) => void): (event: E) => void {
  return (event: E) => {
    if (event.isTrusted) handler(event);
  };
}
