/** Human-readable output for the CLI. */
import { createColors } from 'picocolors';
import type { Finding } from '../engine/types';

export type Colors = ReturnType<typeof createColors>;

export function colorsFor(stream: NodeJS.WriteStream): Colors {
  const enabled = Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
  return createColors(enabled);
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) {
    line++;
    last = i;
  }
  return { line, col: offset - last };
}

/** Keep quoted spans readable: one line, at most 80 characters. */
function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}

export function formatFindings(label: string, text: string, findings: Finding[], c: Colors): string {
  if (findings.length === 0) return `${c.green('✓')} ${label}: no risks found\n`;
  const count = findings.length === 1 ? '1 risk' : `${findings.length} risks`;
  const out = [`${c.bold(label)}: ${count} found`, ''];
  for (const f of findings) {
    const sev = f.severity === 'high' ? c.red(c.bold('HIGH  ')) : f.severity === 'medium' ? c.yellow(c.bold('MEDIUM')) : c.cyan('LOW   ');
    const { line, col } = lineCol(text, f.start);
    out.push(`  ${sev} ${c.bold(f.category)} ${c.dim(`(${f.rule})`)}  ${c.dim(`line ${line}, col ${col}`)}`);
    out.push(`         “${c.underline(quote(text.slice(f.start, f.end)))}”`);
    out.push(`         ${f.message}`);
    for (const g of f.guidance) out.push(`         ${c.dim('Why:')} ${g.document}, ${/^\d/.test(g.paragraph) ? 'paragraph ' : ''}${g.paragraph} ${c.dim(g.url)}`);
    if (f.suggestion) out.push(`         ${c.dim('Try:')} ${f.suggestion}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
