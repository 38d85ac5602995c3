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

export const byStart = (s: Span) => s.start;

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
