/** What content scripts make of the stored effective settings (src/settings/effective.ts): the shape is checked, never trusted. */
jest.mock('webextension-polyfill', () => ({}));
import { asEffective } from '../../src/settings/effective';
import { DEFAULT_EFFECTIVE, DEFAULT_SETTINGS } from '../../src/settings/defaults';

const stored = (settings: Record<string, unknown>) => ({ ...DEFAULT_EFFECTIVE, settings: { ...DEFAULT_SETTINGS, ...settings } });

describe('asEffective', () => {
  it('keeps a picture check the background stored', () => {
    expect(asEffective(stored({ imageCheck: 'block' })).settings.imageCheck).toBe('block');
    expect(asEffective(stored({ imageCheck: 'off' })).settings.imageCheck).toBe('off');
  });

  it('reads a missing or damaged picture check as the default (settings stored before it existed)', () => {
    const { imageCheck: _dropped, ...older } = DEFAULT_SETTINGS;
    expect(asEffective({ ...DEFAULT_EFFECTIVE, settings: older }).settings.imageCheck).toBe('warn');
    expect(asEffective(stored({ imageCheck: 'sometimes' })).settings.imageCheck).toBe('warn');
    expect(asEffective(stored({ imageCheck: 3 })).settings.imageCheck).toBe('warn');
  });

  it('falls back to the defaults for a value of the wrong shape', () => {
    expect(asEffective(undefined)).toBe(DEFAULT_EFFECTIVE);
    expect(asEffective({ settings: { categories: {} } })).toBe(DEFAULT_EFFECTIVE);
  });
});
