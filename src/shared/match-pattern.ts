/** `https://forum.example.org/` → `https://forum.example.org/*`: the match pattern for an extra site. */
export function matchPatternFor(site: string): string {
  return `${site.replace(/\/$/, '')}/*`;
}
