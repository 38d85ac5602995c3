/**
 * Screen rectangles of spans inside a textarea. The text of a textarea is not in the
 * DOM, so we lay the same text out in a hidden copy with the same box and font (the
 * "mirror"), take the spans' rectangles there and move them onto the textarea, minus
 * its scroll offset. The mirror lives in our own shadow root, never in the page.
 *
 * Laying out a long draft is the expensive part, so it happens once per redraw, and not
 * at all when only the page scrolled (the text, width and font are unchanged); and only
 * the spans within the characters in view are measured. A scroll frame over 250
 * findings in a 100 KB draft is then a handful of measurements, not 250 layouts.
 */

const COPIED_PROPERTIES = [
  'direction', 'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderStyle',
  'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'fontStyle', 'fontVariant', 'fontWeight', 'fontStretch', 'fontSize',
  'fontSizeAdjust', 'lineHeight', 'fontFamily', 'fontFeatureSettings', 'fontKerning', 'textAlign', 'textTransform', 'textIndent',
  'letterSpacing', 'wordSpacing', 'tabSize', 'whiteSpace', 'wordBreak', 'overflowWrap', 'hyphens',
] as const;

interface Clip {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** One layout of a field's text: measure spans in it until the next layout. */
export interface MirrorLayout {
  /** The characters [start, end) whose lines are at least partly in the field's visible area. */
  readonly visible: { start: number; end: number };
  /** Viewport rectangles of `[start, end)`, clipped to the field's visible area. */
  rects(start: number, end: number): DOMRect[];
}

export class TextareaMirror {
  private readonly mirror: HTMLDivElement;
  private readonly textNode: Text;
  /** The box and font the mirror was last given; with the text node's own text, unchanged means no new layout is needed. */
  private laidOutStyle = '';

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
    // The mirror's own layout must not move anything else on the page.
    style.contain = 'strict';
    this.textNode = doc.createTextNode('');
    this.mirror.append(this.textNode);
    container.append(this.mirror);
  }

  /**
   * Lays `value` out as `field` would (only if it, the width or the font changed) and
   * returns a measurer for it. `value` is the field's text, now or as it was.
   */
  layout(field: HTMLTextAreaElement | HTMLInputElement, value: string = field.value): MirrorLayout {
    const computed = getComputedStyle(field);
    const isInput = field instanceof HTMLInputElement;
    // The textarea's text wraps inside its client width (a scrollbar takes room).
    const scrollbar = field.offsetWidth - field.clientWidth - parseFloat(computed.borderLeftWidth) - parseFloat(computed.borderRightWidth);
    const width = field.offsetWidth - Math.max(0, scrollbar);
    // A trailing newline needs a character after it to take up a line.
    const text = value.endsWith('\n') ? `${value} ` : value;
    const copied = COPIED_PROPERTIES.map((property) => computed[property]);
    // The text is compared as it is, not joined into a key: a scroll frame of a long draft
    // must not copy the draft to find nothing changed.
    const styleKey = `${width}\u0000${copied.join('\u0000')}`;
    if (styleKey !== this.laidOutStyle) {
      const style = this.mirror.style;
      COPIED_PROPERTIES.forEach((property, i) => ((style as unknown as Record<string, string>)[property] = copied[i]!));
      style.whiteSpace = isInput ? 'pre' : 'pre-wrap';
      if (!isInput) style.overflowWrap = computed.overflowWrap === 'normal' ? 'break-word' : computed.overflowWrap;
      style.width = `${width}px`;
      style.boxSizing = 'border-box';
      // `contain: strict` sizes the box without its content; the mirror needs no height of its own to lay text out.
      style.height = '0';
      this.laidOutStyle = styleKey;
    }
    if (this.textNode.data !== text) this.textNode.data = text;

    const node = this.textNode;
    const length = node.data.length;
    const range = this.mirror.ownerDocument.createRange();
    const mirrorBox = this.mirror.getBoundingClientRect();
    const fieldBox = field.getBoundingClientRect();
    const dx = fieldBox.left - mirrorBox.left - field.scrollLeft;
    const dy = fieldBox.top - mirrorBox.top - field.scrollTop;
    const clip: Clip = {
      left: fieldBox.left + field.clientLeft,
      top: fieldBox.top + field.clientTop,
      right: fieldBox.left + field.clientLeft + field.clientWidth,
      bottom: fieldBox.top + field.clientTop + field.clientHeight,
    };

    /** The viewport top and bottom of the line holding character `offset` (a newline has no box: the next character's line). */
    const lineAt = (offset: number): { top: number; bottom: number } | undefined => {
      for (let at = offset; at < length && at < offset + 8; at++) {
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const rect = range.getBoundingClientRect();
        if (rect.height > 0) return { top: rect.top + dy, bottom: rect.bottom + dy };
      }
      return undefined;
    };
    /** The first character whose line ends below `y` (lines only go down as the text goes on). */
    const firstBelow = (y: number): number => {
      let low = 0;
      let high = length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        const line = lineAt(middle);
        if (line && line.bottom <= y) low = middle + 1;
        else high = middle;
      }
      return low;
    };
    const visible = fieldBox.bottom <= 0 || fieldBox.top >= innerHeight || clip.bottom <= clip.top
      ? { start: 0, end: 0 }
      : { start: firstBelow(clip.top), end: Math.min(length, firstBelow(clip.bottom) + 1) };

    return {
      visible,
      rects(start, end) {
        range.setStart(node, Math.min(start, length));
        range.setEnd(node, Math.min(end, length));
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
        return out;
      },
    };
  }

  remove(): void {
    this.mirror.remove();
  }
}
