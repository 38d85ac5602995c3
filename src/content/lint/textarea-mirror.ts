/**
 * Screen rectangles of a span inside a textarea. The text of a textarea is not in the
 * DOM, so we lay the same text out in a hidden copy with the same box and font (the
 * "mirror"), take the span's rectangles there and move them onto the textarea, minus
 * its scroll offset. The mirror lives in our own shadow root, never in the page.
 */

const COPIED_PROPERTIES = [
  'direction', 'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderStyle',
  'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'fontStyle', 'fontVariant', 'fontWeight', 'fontStretch', 'fontSize',
  'fontSizeAdjust', 'lineHeight', 'fontFamily', 'fontFeatureSettings', 'fontKerning', 'textAlign', 'textTransform', 'textIndent',
  'letterSpacing', 'wordSpacing', 'tabSize', 'whiteSpace', 'wordBreak', 'overflowWrap', 'hyphens',
] as const;

export class TextareaMirror {
  private readonly mirror: HTMLDivElement;
  private readonly textNode: Text;

  constructor(container: ShadowRoot | HTMLElement) {
    const doc = container.ownerDocument ?? document;
    this.mirror = doc.createElement('div');
    this.mirror.setAttribute('aria-hidden', 'true');
    const style = this.mirror.style;
    style.position = 'fixed';
    style.top = '0';
    style.left = '-100000px';
    style.visibility = 'hidden';
    style.overflow = 'hidden';
    style.pointerEvents = 'none';
    this.textNode = doc.createTextNode('');
    this.mirror.append(this.textNode);
    container.append(this.mirror);
  }

  /** Viewport rectangles of `text.slice(start, end)` as laid out in `field`, clipped to its visible area. */
  rects(field: HTMLTextAreaElement | HTMLInputElement, start: number, end: number): DOMRect[] {
    const computed = getComputedStyle(field);
    const style = this.mirror.style;
    for (const property of COPIED_PROPERTIES) (style as unknown as Record<string, string>)[property] = computed[property];
    const isInput = field instanceof HTMLInputElement;
    style.whiteSpace = isInput ? 'pre' : 'pre-wrap';
    if (!isInput) style.overflowWrap = computed.overflowWrap === 'normal' ? 'break-word' : computed.overflowWrap;
    // The textarea's text wraps inside its client width (a scrollbar takes room).
    const scrollbar = field.offsetWidth - field.clientWidth - parseFloat(computed.borderLeftWidth) - parseFloat(computed.borderRightWidth);
    style.width = `${field.offsetWidth - Math.max(0, scrollbar)}px`;
    style.boxSizing = 'border-box';
    style.height = 'auto';

    const value = field.value;
    // A trailing newline needs a character after it to take up a line.
    this.textNode.data = value.endsWith('\n') ? `${value} ` : value;
    const range = this.mirror.ownerDocument.createRange();
    const length = this.textNode.data.length;
    range.setStart(this.textNode, Math.min(start, length));
    range.setEnd(this.textNode, Math.min(end, length));

    const mirrorBox = this.mirror.getBoundingClientRect();
    const fieldBox = field.getBoundingClientRect();
    const dx = fieldBox.left - mirrorBox.left - field.scrollLeft;
    const dy = fieldBox.top - mirrorBox.top - field.scrollTop;
    const clip = {
      left: fieldBox.left + field.clientLeft,
      top: fieldBox.top + field.clientTop,
      right: fieldBox.left + field.clientLeft + field.clientWidth,
      bottom: fieldBox.top + field.clientTop + field.clientHeight,
    };
    const out: DOMRect[] = [];
    for (const rect of Array.from(range.getClientRects())) {
      if (rect.width === 0) continue;
      const left = Math.max(rect.left + dx, clip.left);
      const right = Math.min(rect.right + dx, clip.right);
      const top = rect.top + dy;
      const bottom = rect.bottom + dy;
      if (right <= left || bottom <= clip.top || top >= clip.bottom) continue; // scrolled out of view
      out.push(new DOMRect(left, top, right - left, bottom - top));
    }
    this.textNode.data = '';
    return out;
  }

  remove(): void {
    this.mirror.remove();
  }
}
