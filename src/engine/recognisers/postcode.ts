import type { Entity } from '../types';
import { coarsePattern } from '../coarse-classes';

// UK postcodes (outward code, optional space, inward code), in capitals as written
// on envelopes: "LS6 2QT", "SW1A 1AA", "M1 1AE". The inward code never uses C I K M O V.
export const UK = coarsePattern(String.raw`(?<![\p{L}\p{N}])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})(?![\p{L}\p{N}])`, 'gu');
// Other countries' postal codes only where the text says so ("zip 90210", "postal code 1098").
export const LABELLED = /\b(?:zip|zip code|postal code|post code|postcode|postleitzahl|cp)[ \t]{0,3}(?:[:#]|is)?[ \t]{0,3}([A-Z]?\d{3,5}(?:[ -]\d{2,4})?(?: ?[A-Z]{2})?)\b/gi;

export function recognisePostcodes(text: string): Entity[] {
  const out: Entity[] = [];
  UK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = UK.exec(text)) !== null) {
    out.push({ type: 'POSTCODE', start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  LABELLED.lastIndex = 0;
  while ((m = LABELLED.exec(text)) !== null) {
    const value = m[1] ?? '';
    const start = m.index + m[0].length - value.length;
    out.push({ type: 'POSTCODE', start, end: start + value.length, text: value });
  }
  return out;
}
