/**
 * Reading a compose box as plain text, and mapping offsets in that text back to the
 * page. Textareas are read from `value`. Rich editors (Draft.js, Lexical, ProseMirror,
 * Quill, Froala) are read by walking their text nodes: block elements and `<br>` become
 * newlines, so sentences in different paragraphs are not run together, and every text
 * character keeps a link to its node so that a finding's span becomes a DOM Range.
 *
 * Nothing here changes the editor: it only reads.
 */

export interface TextModel {
  readonly text: string;
  /** A DOM range covering `text.slice(start, end)`, for rich editors; undefined for textareas. */
  range(start: number, end: number): Range | undefined;
  /** The text offset of the caret, if the caret is in this editor. */
  caret(): number | undefined;
}

const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HR', 'LI', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);

/** Elements whose text is not part of what will be posted. */
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

export function isTextField(element: Element): element is HTMLTextAreaElement | HTMLInputElement {
  return element instanceof HTMLTextAreaElement || element instanceof HTMLInputElement;
}

export function readText(editor: Element): TextModel {
  return isTextField(editor) ? readTextField(editor) : readRichEditor(editor);
}

function readTextField(field: HTMLTextAreaElement | HTMLInputElement): TextModel {
  const text = field.value;
  return {
    text,
    range: () => undefined,
    caret: () => (field.ownerDocument.activeElement === field ? (field.selectionStart ?? undefined) : undefined),
  };
}

/** A trailing `<br>` only keeps an empty block open (Draft.js, Lexical, ProseMirror all do this); it is not a line break. */
function isPlaceholderBreak(br: Element): boolean {
  let next = br.nextSibling;
  while (next && next.nodeType === Node.TEXT_NODE && !(next as Text).data) next = next.nextSibling;
  return next === null && br.parentElement !== null;
}

function readRichEditor(root: Element): TextModel {
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.nodeType === Node.ELEMENT_NODE && SKIPPED_TAGS.has((node as Element).tagName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      const data = (node as Text).data;
      if (!data) continue;
      nodes.push(node as Text);
      starts.push(text.length);
      text += data;
    } else {
      const element = node as Element;
      if (element.tagName === 'BR') {
        if (!isPlaceholderBreak(element)) text += '\n';
      } else if (BLOCK_TAGS.has(element.tagName) && text.length > 0 && !text.endsWith('\n')) {
        text += '\n';
      }
    }
  }

  const index = new Map<Node, number>();
  nodes.forEach((node, i) => index.set(node, i));

  /** The node holding offset `offset` (for an end offset, the node it ends in). */
  const locate = (offset: number, isEnd: boolean): { node: Text; offset: number } | undefined => {
    let lo = 0;
    let hi = nodes.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = starts[mid]!;
      if (start < offset || (!isEnd && start === offset)) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return nodes[0] ? { node: nodes[0], offset: 0 } : undefined;
    const node = nodes[found]!;
    return { node, offset: Math.min(offset - starts[found]!, node.data.length) };
  };

  return {
    text,
    range(start, end) {
      const from = locate(start, false);
      const to = locate(end, true);
      if (!from || !to) return undefined;
      try {
        const range = doc.createRange();
        range.setStart(from.node, from.offset);
        range.setEnd(to.node, to.offset);
        return range;
      } catch {
        return undefined; // the editor re-rendered between reading and drawing
      }
    },
    caret() {
      const selection = doc.getSelection();
      const anchor = selection?.anchorNode;
      if (!selection || !anchor || !root.contains(anchor)) return undefined;
      const i = index.get(anchor);
      if (i !== undefined) return starts[i]! + selection.anchorOffset;
      // The caret sits between elements: use the start of the next text node.
      const probe = doc.createRange();
      probe.setStart(anchor, selection.anchorOffset);
      for (let k = 0; k < nodes.length; k++) {
        if (probe.comparePoint(nodes[k]!, 0) >= 0) return starts[k];
      }
      return text.length;
    },
  };
}
