/** The browser's message format, for t()'s packaged messages (apart from i18n.ts so Node tests can use it without a browser). */

/** One message as `_locales/<lang>/messages.json` holds it. */
export interface PackagedMessage {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/**
 * A message formatted as the browser formats it: each `$name$` becomes its placeholder's
 * content (names are case-insensitive), then `$1`–`$9` become the substitutions (missing
 * ones empty) and `$$` a dollar sign.
 */
export function formatMessage(entry: PackagedMessage, substitutions?: string | string[]): string {
  const values = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const placeholders = new Map(Object.entries(entry.placeholders ?? {}).map(([name, placeholder]) => [name.toLowerCase(), placeholder.content]));
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => placeholders.get(name.toLowerCase()) ?? whole);
  return named.replace(/\$(\$|[1-9])/g, (_whole, what: string) => (what === '$' ? '$' : (values[Number(what) - 1] ?? '')));
}
