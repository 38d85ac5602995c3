/**
 * Whether a key is typing, for the picture reader's pause: not a modifier pressed alone, and
 * not a shortcut with Ctrl or Cmd (a picture pasted with Ctrl+V would otherwise wait the two
 * seconds after a keystroke rather than the one after attaching).
 */
export function isTypingKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey'>): boolean {
  return !event.ctrlKey && !event.metaKey && !MODIFIER_KEYS.has(event.key);
}

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'Symbol', 'SymbolLock', 'NumLock', 'ScrollLock', 'OS']);
