import type { Entity } from '../types';
import { coarsePattern } from '../coarse-classes';

export const EMAIL = coarsePattern(String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})+(?![\p{L}\p{N}])`, 'gu');

export function recogniseEmails(text: string): Entity[] {
  const out: Entity[] = [];
  // Most drafts have no "@": skip compiling and running the pattern for them.
  if (!text.includes('@')) return out;
  EMAIL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EMAIL.exec(text)) !== null) out.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}
