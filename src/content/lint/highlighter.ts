/**
 * Drawing underlines under findings without touching the editor.
 *
 * Every underline is a thin element in our own closed overlay, positioned under the
 * text and redrawn when the layout moves (scroll, resize, an edit). The CSS Custom
 * Highlight API would paint rich editors' ranges without any element of ours, but its
 * registry (`CSS.highlights`) is shared with the page's own scripts, which could read
 * the flagged ranges there, and the `::highlight()` rules it needs would tell any page
 * that the extension is installed. So rich editors are measured from DOM ranges and
 * textareas from a mirror of their text (./textarea-mirror.ts), and both are drawn
 * the same way.
 *
 * Only findings in view are measured and drawn: a long draft scrolled far away costs
 * no more than a short one.
 */
import type { Finding } from '../../engine/types';
import { isTextField, type TextModel } from './text-model';
import type { Overlay } from './overlay';
import { TextareaMirror } from './textarea-mirror';

/** The words a finding underlines: each of its parts, or its own span. */
function partsOf(finding: Finding): { start: number; end: number }[] {
  return finding.spans?.length ? finding.spans : [finding];
}

export class Highlighter {
  private mirror: TextareaMirror | undefined;
  private underlines: HTMLElement[] = [];
  private model: TextModel | undefined;
  private findings: Finding[] = [];
  /** Each finding's ranges: one per part (the jigsaw's details), else one. */
  private ranges: Range[][] = [];
  private cachedRects: DOMRect[][] | undefined;

  constructor(
    private readonly editor: HTMLElement,
    private readonly overlay: Overlay,
  ) {}

  update(model: TextModel, findings: Finding[]): void {
    this.model = model;
    this.findings = findings;
    this.ranges = isTextField(this.editor)
      ? []
      : findings.map((finding) => partsOf(finding).flatMap((part) => model.range(part.start, part.end) ?? []));
    this.redraw();
  }

  /** Viewport rectangles of each finding, in the order given to `update`; a finding out of view has none. */
  rects(): DOMRect[][] {
    if (this.cachedRects) return this.cachedRects;
    const editor = this.editor;
    const editorBox = editor.getBoundingClientRect();
    const offScreen = editorBox.bottom <= 0 || editorBox.top >= innerHeight || editorBox.right <= 0 || editorBox.left >= innerWidth;
    if (offScreen || !this.findings.length) {
      this.cachedRects = this.findings.map(() => []);
      return this.cachedRects;
    }
    if (isTextField(editor)) {
      this.mirror ??= new TextareaMirror(this.overlay.root);
      // Laid out with the text the findings were found in, which may be older than the
      // field's: offsets belong to that text. Until the next check, an edit moves no
      // underline, and costs no new layout (a megabyte pasted over a long draft laid the
      // megabyte out, 175 ms, for underlines the check would soon replace).
      const layout = this.mirror.layout(editor, this.model?.text ?? editor.value);
      const { start, end } = layout.visible;
      this.cachedRects = this.findings.map((finding) =>
        partsOf(finding).flatMap((part) => (part.end > start && part.start < end ? layout.rects(part.start, part.end) : [])),
      );
      return this.cachedRects;
    }
    this.cachedRects = this.findings.map((_finding, i) =>
      (this.ranges[i] ?? []).flatMap((range) =>
        // Clip to the editor's box: text scrolled out of a scrolling editor is not shown.
        Array.from(range.getClientRects()).filter(
          (rect) => rect.width > 0 && rect.bottom > editorBox.top && rect.top < editorBox.bottom && rect.bottom > 0 && rect.top < innerHeight,
        ),
      ),
    );
    return this.cachedRects;
  }

  /** Layout changed (scroll, resize, re-wrap, an edit): rectangles must be measured again. */
  invalidate(): void {
    this.redraw();
  }

  /** The index of the finding drawn at viewport point (x, y), allowing for the underline below the text. */
  findingAt(x: number, y: number): number | undefined {
    const rects = this.rects();
    for (let i = 0; i < rects.length; i++) {
      for (const rect of rects[i]!) {
        if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom + 4) return i;
      }
    }
    return undefined;
  }

  private redraw(): void {
    this.cachedRects = undefined;
    const wanted: { className: string; left: number; top: number; width: number }[] = [];
    if (this.model) {
      const rects = this.rects();
      this.findings.forEach((finding, i) => {
        for (const rect of rects[i] ?? []) wanted.push({ className: `underline ${finding.severity}`, left: rect.left, top: rect.bottom - 3, width: rect.width });
      });
    }
    // Reuse the elements already drawn: a scroll frame moves them rather than rebuilding them.
    while (this.underlines.length > wanted.length) this.underlines.pop()!.remove();
    wanted.forEach((line, i) => {
      let element = this.underlines[i];
      if (!element) {
        element = document.createElement('div');
        element.style.height = '3px';
        this.overlay.layer.append(element);
        this.underlines.push(element);
      }
      if (element.className !== line.className) element.className = line.className;
      element.style.transform = `translate(${line.left}px, ${line.top}px)`;
      element.style.width = `${line.width}px`;
    });
  }

  destroy(): void {
    for (const line of this.underlines) line.remove();
    this.underlines = [];
    this.mirror?.remove();
  }
}
