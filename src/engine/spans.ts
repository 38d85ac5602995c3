/** Small helpers over spans sorted by start. */
import type { Span } from './types';

/** Index of the first item whose key is not below `value` (items sorted by that key). */
export function lowerBound<T>(sorted: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid]!) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A span's start, or that of anything placed by where it starts (a rule's mark). */
export const byStart = (s: { readonly start: number }): number => s.start;

/** Appends without spreading: `push(...list)` overflows the stack for very long lists. */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i]!);
}

/** Index of the span that holds `pos`, in sorted spans that do not overlap; -1 if none does. */
export function indexHolding(sorted: readonly Span[], pos: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sorted[mid]!;
    if (pos < s.start) hi = mid - 1;
    else if (pos >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Files each span under `name` in the bucket of the part of `parts` (sorted spans that do not
 * overlap: sentences, clauses) that holds its start; spans outside every part are left out.
 */
export function fileByPart(buckets: Map<number, Map<string, Span[]>>, parts: readonly Span[], name: string, spans: readonly Span[]): void {
  for (const span of spans) {
    const i = indexHolding(parts, span.start);
    if (i < 0) continue;
    let bucket = buckets.get(i);
    if (!bucket) buckets.set(i, (bucket = new Map()));
    const list = bucket.get(name);
    if (list) list.push(span);
    else bucket.set(name, [span]);
  }
}
