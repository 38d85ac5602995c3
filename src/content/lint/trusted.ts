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

/**
 * Whether the user ticked `box` themselves. A script's `box.click()` toggles it and fires
 * `change` as the browser's own, trusted event, so `change` cannot tell; the click itself
 * can. A tick by the user's click or Space counts; any script click voids it. `onChange`
 * runs after every click, to update what depends on the box.
 */
export function userTicked(box: HTMLInputElement, onChange: () => void): () => boolean {
  let ticked = false;
  box.addEventListener('click', (event) => {
    ticked = event.isTrusted && box.checked;
    onChange();
  });
  return () => ticked && box.checked;
}
