/** Which keys count as typing for the picture reader's pause (src/content/typing-key.ts). */
import { isTypingKey } from '../../src/content/typing-key';

const key = (key: string, mods: { ctrlKey?: boolean; metaKey?: boolean } = {}) => ({ key, ctrlKey: false, metaKey: false, ...mods });

describe('isTypingKey', () => {
  it('counts letters, digits, spaces, deletions and Enter as typing, capitals too', () => {
    for (const k of ['a', 'Z', '7', ' ', 'Backspace', 'Delete', 'Enter', 'é', '😀']) expect(isTypingKey(key(k))).toBe(true);
  });

  it('does not count a modifier pressed alone', () => {
    for (const k of ['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph']) expect(isTypingKey(key(k))).toBe(false);
  });

  it('does not count a shortcut with Ctrl or Cmd, such as pasting a picture', () => {
    expect(isTypingKey(key('v', { ctrlKey: true }))).toBe(false);
    expect(isTypingKey(key('v', { metaKey: true }))).toBe(false);
  });
});
