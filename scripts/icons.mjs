// Draws every toolbar and store icon from the one source, icons/icon.svg: the normal
// state, and an "alert" state with a red dot that the toolbar shows while a draft has risks.
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ICON_SIZES = [16, 32, 48, 128];

/** The alert variant: the same icon with a red dot (white ring) at the top right. */
export function alertSvg(svg) {
  return svg.replace('</svg>', '  <circle cx="102" cy="26" r="22" fill="#d5281b" stroke="#ffffff" stroke-width="6"/>\n</svg>');
}

export function renderIcons(root, outDir) {
  const svg = readFileSync(path.join(root, 'icons/icon.svg'), 'utf8');
  mkdirSync(outDir, { recursive: true });
  for (const [name, source] of [['icon', svg], ['icon-alert', alertSvg(svg)]]) {
    for (const size of ICON_SIZES) {
      const png = new Resvg(source, { fitTo: { mode: 'width', value: size } }).render().asPng();
      writeFileSync(path.join(outDir, `${name}-${size}.png`), png);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  renderIcons(root, path.join(root, 'build/icons'));
  console.log('icons: build/icons');
}
