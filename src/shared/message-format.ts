/** The browser's message format, for t()'s packaged messages (apart from i18n.ts so Node tests can use it without a browser). */

/** One message as `_locales/<lang>/messages.json` holds it. */
export interface PackagedMessage {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/**
 * A message formatted as the browser formats it. Each `$name$` becomes its placeholder's
 * content (names are case-insensitive). Then, as Chromium's placeholder replacement does: a
 * run of dollar signs loses one (`$$` is `$`), `$1`–`$9` become the substitutions (missing
 * ones empty), and a `$` before anything else is dropped with that character.
 */
export function formatMessage(entry: PackagedMessage, substitutions?: string | string[]): string {
  const values = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const placeholders = new Map(Object.entries(entry.placeholders ?? {}).map(([name, placeholder]) => [name.toLowerCase(), placeholder.content]));
  const text = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => placeholders.get(name.toLowerCase()) ?? whole);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    i++;
    if (next === '$') {
      while (text[i] === '$') {
        out += '$';
        i++;
      }
      i--;
    } else if (next >= '1' && next <= '9') {
      out += values[Number(next) - 1] ?? '';
    }
  }
  return out;
}
