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

/**
 * Which of `radios` the user chose: the one checked at first, until the user's own click (or
 * arrow key, which the browser delivers as a click) picks another. A script's click on
 * another is undone, and the user's choice checked again. The answer
 * is undefined while the radios show what the user did not choose (a script set `checked`
 * without a click), so nothing acts on a choice the user never made.
 */
export function userChoice(radios: readonly HTMLInputElement[]): () => HTMLInputElement | undefined {
  let chosen = radios.find((radio) => radio.checked);
  for (const radio of radios) {
    radio.addEventListener('click', (event) => {
      if (event.isTrusted) {
        chosen = radio;
        return;
      }
      // The browser has already checked `radio`. Cancelling puts the old check back, but a
      // made-up click need not be cancelable, so the user's choice is checked again here. (A
      // click on the radio's label reaches it as the script's too: the browser passes it on
      // untrusted.)
      event.preventDefault();
      if (chosen) chosen.checked = true;
    });
  }
  return () => (chosen?.checked ? chosen : undefined);
}

/**
 * `root` hears single clicks only (and keys): the second click of a double-click (the
 * browser counts it 2, or more for a third) reaches none of its buttons, ticks or links. Our
 * cards and dialogs are drawn afresh under the pointer (the next finding, a picture's section,
 * the last check opening over the site's Post button), so a double-click's second click would
 * land on whatever was drawn where the first one was: "Post anyway", a picture's removal, a
 * consent tick, a fix to the draft. The first click of a double-click has already acted, and
 * the browser, not a timer of ours, says which click is which.
 */
export function singleClicksOnly(root: HTMLElement): void {
  root.addEventListener(
    'click',
    (event) => {
      if (event.detail < 2) return;
      event.preventDefault(); // a tick stays as it was, a link is not followed
      event.stopPropagation(); // in the capture phase: the control's own listener never hears it
    },
    { capture: true },
  );
}
