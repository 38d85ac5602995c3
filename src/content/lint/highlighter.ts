/**
 * Drawing underlines under findings without touching the editor.
 *
 * Rich editors: the CSS Custom Highlight API paints DOM ranges from the outside
 * (`::highlight(second-opinion-high)` in content.css); the editor's DOM is unchanged.
 * Textareas (whose text has no DOM ranges), and browsers without the API: thin
 * elements in our own overlay, positioned over the text and redrawn on scroll/resize.
 */
import type { Finding, Severity } from '../../engine/types';
import { isTextField, type TextModel } from './text-model';
import type { Overlay } from './overlay';
import { TextareaMirror } from './textarea-mirror';

export const HIGHLIGHT_NAMES: Record<Severity, string> = {
  high: 'second-opinion-high',
  medium: 'second-opinion-medium',
  low: 'second-opinion-low',
};

/** One page-wide set of highlights shared by every compose box on the page. */
class HighlightRegistry {
  private readonly bySession = new Map<object, Map<Severity, Range[]>>();

  static available(): boolean {
    return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
  }

  set(owner: object, ranges: Map<Severity, Range[]>): void {
    if (ranges.size) this.bySession.set(owner, ranges);
    else this.bySession.delete(owner);
    this.publish();
  }

  private publish(): void {
    for (const severity of Object.keys(HIGHLIGHT_NAMES) as Severity[]) {
      const all: Range[] = [];
      for (const ranges of this.bySession.values()) all.push(...(ranges.get(severity) ?? []));
      const name = HIGHLIGHT_NAMES[severity];
      if (all.length) {
        const highlight = new Highlight(...all);
        highlight.priority = severity === 'high' ? 3 : severity === 'medium' ? 2 : 1;
        CSS.highlights.set(name, highlight);
      } else CSS.highlights.delete(name);
    }
  }
}

const registry = new HighlightRegistry();

export class Highlighter {
  private readonly useHighlightApi: boolean;
  private mirror: TextareaMirror | undefined;
  private underlines: HTMLElement[] = [];
  private model: TextModel | undefined;
  private findings: Finding[] = [];
  private ranges: (Range | undefined)[] = [];
  private cachedRects: DOMRect[][] | undefined;

  constructor(
    private readonly editor: HTMLElement,
    private readonly overlay: Overlay,
  ) {
    this.useHighlightApi = !isTextField(editor) && HighlightRegistry.available();
  }

  update(model: TextModel, findings: Finding[]): void {
    const ranges = findings.map((finding) => model.range(finding.start, finding.end));
    // Typing on after a pause usually leaves every finding where it was: the live ranges
    // already drawn have followed the edit. Registering them again would make Chromium
    // repaint every underline in the next frame, a frame a keystroke may be waiting for.
    const unchanged = this.useHighlightApi && sameUnderlines(this.findings, this.ranges, findings, ranges);
    this.model = model;
    this.findings = findings;
    this.cachedRects = undefined;
    if (unchanged) {
      for (const range of ranges) range?.detach();
      return;
    }
    this.ranges = ranges;
    if (this.useHighlightApi) {
      const bySeverity = new Map<Severity, Range[]>();
      findings.forEach((finding, i) => {
        const range = this.ranges[i];
        if (!range) return;
        const list = bySeverity.get(finding.severity) ?? [];
        list.push(range);
        bySeverity.set(finding.severity, list);
      });
      registry.set(this, bySeverity);
    } else {
      this.redraw();
    }
  }

  /** Viewport rectangles of each finding, in the order given to `update`. */
  rects(): DOMRect[][] {
    if (this.cachedRects) return this.cachedRects;
    const editorBox = this.editor.getBoundingClientRect();
    this.cachedRects = this.findings.map((finding, i) => {
      if (isTextField(this.editor)) {
        this.mirror ??= new TextareaMirror(this.overlay.root);
        return this.mirror.rects(this.editor, finding.start, finding.end);
      }
      const range = this.ranges[i];
      if (!range) return [];
      // Clip to the editor's box: text scrolled out of a scrolling editor is not shown.
      return Array.from(range.getClientRects()).filter(
        (rect) => rect.width > 0 && rect.bottom > editorBox.top && rect.top < editorBox.bottom,
      );
    });
    return this.cachedRects;
  }

  /** Layout changed (scroll, resize, re-wrap): rectangles must be measured again. */
  invalidate(): void {
    this.cachedRects = undefined;
    if (!this.useHighlightApi) this.redraw();
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
    for (const line of this.underlines) line.remove();
    this.underlines = [];
    if (!this.model) return;
    const rects = this.rects();
    this.findings.forEach((finding, i) => {
      for (const rect of rects[i] ?? []) {
        const line = document.createElement('div');
        line.className = `underline ${finding.severity}`;
        line.dataset.rule = finding.rule;
        line.dataset.category = finding.category;
        line.style.left = `${rect.left}px`;
        line.style.top = `${rect.bottom - 3}px`;
        line.style.width = `${rect.width}px`;
        line.style.height = '3px';
        this.overlay.layer.append(line);
        this.underlines.push(line);
      }
    });
  }

  destroy(): void {
    if (this.useHighlightApi) registry.set(this, new Map());
    for (const line of this.underlines) line.remove();
    this.underlines = [];
    this.mirror?.remove();
  }
}

/** Whether the ranges drawn cover exactly the new ranges, finding by finding, in the same colours. */
function sameUnderlines(oldFindings: readonly Finding[], oldRanges: readonly (Range | undefined)[], findings: readonly Finding[], ranges: readonly (Range | undefined)[]): boolean {
  if (oldFindings.length !== findings.length || oldRanges.length !== ranges.length) return false;
  for (let i = 0; i < ranges.length; i++) {
    const a = oldRanges[i];
    const b = ranges[i];
    if (oldFindings[i]!.severity !== findings[i]!.severity) return false;
    if (!a || !b) {
      if (a !== b) return false;
      continue;
    }
    if (a.startContainer !== b.startContainer || a.startOffset !== b.startOffset || a.endContainer !== b.endContainer || a.endOffset !== b.endOffset) return false;
  }
  return true;
}
