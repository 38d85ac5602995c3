/**
 * Reading a settings file a user chose to import: the export's wrapper or a bare settings
 * object. Every key must be valid, or nothing changes; a file that holds no settings is
 * refused rather than reported as imported. Problems are summarised: a key name is cut
 * short and only the first few problems are listed, so a hostile file cannot fill the
 * page with a multi-megabyte message.
 */
import { validateKeys } from './layers';
import { SettingsSchema, type Settings } from './schema';

export const EXPORT_FORMAT = 'second-opinion-settings';

/** Characters of a key name shown in a problem. */
export const KEY_SHOWN = 60;
/** Problems listed; the rest are counted. */
export const PROBLEMS_SHOWN = 5;

export type ImportResult =
  | { settings: Partial<Settings>; keys: string[] }
  | { refused: 'not-json' | 'no-settings' | 'invalid'; detail: string };

export function shortKey(key: string): string {
  const oneLine = key.replace(/\s+/g, ' ');
  return oneLine.length > KEY_SHOWN ? `${oneLine.slice(0, KEY_SHOWN)}… (${key.length} characters)` : oneLine;
}

export function parseSettingsFile(text: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { refused: 'not-json', detail: '' };
  }
  const wrapped = raw as { format?: unknown; settings?: unknown } | null;
  const settings = wrapped && typeof wrapped === 'object' && wrapped.format === EXPORT_FORMAT ? wrapped.settings : raw;
  if (settings === null || settings === undefined) return { refused: 'no-settings', detail: '' };
  const { values, problems } = validateKeys(SettingsSchema, settings, 'import');
  if (problems.length) {
    const listed = problems.slice(0, PROBLEMS_SHOWN).map((problem) => `${shortKey(problem.key)}: ${problem.message.slice(0, 200)}`);
    const more = problems.length - listed.length;
    return { refused: 'invalid', detail: `${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}` };
  }
  const keys = Object.keys(values);
  if (!keys.length) return { refused: 'no-settings', detail: '' };
  return { settings: values, keys };
}
