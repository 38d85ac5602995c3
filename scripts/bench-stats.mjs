// Shared by the bench scripts (scripts/bench.mjs, scripts/bench-sizes.mjs).

/** The p-th percentile of xs (nearest rank, from below). */
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
