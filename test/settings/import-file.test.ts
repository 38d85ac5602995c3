import { EXPORT_FORMAT, KEY_SHOWN, PROBLEMS_SHOWN, parseSettingsFile } from '../../src/settings/import-file';

const wrapped = (settings: unknown) => JSON.stringify({ format: EXPORT_FORMAT, version: 1, settings });

describe('parseSettingsFile', () => {
  it('takes an export or a bare settings object, and names the keys it took', () => {
    expect(parseSettingsFile(wrapped({ localTerms: ['Ward 9'] }))).toEqual({ settings: { localTerms: ['Ward 9'] }, keys: ['localTerms'] });
    expect(parseSettingsFile(JSON.stringify({ localTerms: ['Ward 9'], mutedRules: [] }))).toEqual({ settings: { localTerms: ['Ward 9'], mutedRules: [] }, keys: ['localTerms', 'mutedRules'] });
  });

  it('refuses a file that is not JSON', () => {
    expect(parseSettingsFile('{ not json')).toEqual({ refused: 'not-json', detail: '' });
  });

  it.each([
    ['null', 'null'],
    ['an empty object', '{}'],
    ['an export without settings', JSON.stringify({ format: EXPORT_FORMAT, version: 1 })],
    ['an export whose settings are null', wrapped(null)],
    ['an export whose settings are empty', wrapped({})],
  ])('refuses %s as holding no settings, rather than saying it was imported', (_name, text) => {
    expect(parseSettingsFile(text)).toEqual({ refused: 'no-settings', detail: '' });
  });

  it('refuses the whole file when any key is invalid, naming it', () => {
    const result = parseSettingsFile(wrapped({ localTerms: ['Ward 9'], categories: { prejudice: 'maybe' } }));
    expect(result).toMatchObject({ refused: 'invalid' });
    expect('detail' in result && result.detail).toContain('categories.prejudice');
  });

  it('cuts a huge key name short and lists only the first problems', () => {
    const huge = 'k'.repeat(5_000_000);
    const settings: Record<string, number> = { [huge]: 1 };
    for (let i = 0; i < 50; i++) settings[`unknown${i}`] = i;
    const result = parseSettingsFile(JSON.stringify(settings));
    expect(result).toMatchObject({ refused: 'invalid' });
    const detail = 'detail' in result ? result.detail : '';
    expect(detail.length).toBeLessThan(PROBLEMS_SHOWN * (KEY_SHOWN + 250));
    expect(detail).toContain('(5000000 characters)');
    expect(detail).toContain(`and ${51 - PROBLEMS_SHOWN} more`);
  });

  it('treats built-in property names as unknown settings, not a crash', () => {
    const result = parseSettingsFile('{"__proto__": 1, "constructor": 2, "toString": 3}');
    expect(result).toMatchObject({ refused: 'invalid' });
    expect('detail' in result && result.detail).toContain('constructor: not a known setting');
  });
});
