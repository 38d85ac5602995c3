/**
 * Human-readable output for the CLI: findings grouped by risk (category), worst first,
 * each group's guidance printed once, each rule's message and suggestion once. A file
 * with thousands of findings of one kind prints the first few and says how many more
 * there are and on which lines.
 */
import { createColors } from 'picocolors';
import { shownFindings } from '../engine/fold';
import type { Finding, GuidanceRef, Severity } from '../engine/types';

export type Colors = ReturnType<typeof createColors>;

/** Findings of one rule printed before the rest are summarised. */
export const SHOWN_PER_RULE = 50;

export function colorsFor(stream: NodeJS.WriteStream): Colors {
  const enabled = Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
  return createColors(enabled);
}

/** 1-based line and column of each offset, in one pass over the text. */
export function lineColumns(text: string, offsets: readonly number[]): Map<number, { line: number; col: number }> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, { line: number; col: number }>();
  let line = 1;
  let lastNewline = -1;
  let i = 0;
  for (const offset of sorted) {
    for (; i < offset && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lastNewline = i;
      }
    }
    out.set(offset, { line, col: offset - lastNewline });
  }
  return out;
}

/** Keep quoted spans readable: one line, at most 80 characters. */
function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** What was not printed of one rule's findings: how many, and the lines they are on. */
export interface Omitted {
  rule: string;
  category: string;
  count: number;
  firstLine: number;
  lastLine: number;
}

/**
 * The findings to print (at most `perRule` of each rule, in order) and a summary of the rest.
 * The cap counts the risks a person sees: a finding folded into another (`foldedInto`) goes
 * with it, printed or summarised, and is never counted on its own.
 */
export function capFindings(text: string, findings: readonly Finding[], perRule = SHOWN_PER_RULE): { shown: Finding[]; omitted: Omitted[] } {
  const seen = new Map<string, number>();
  const printed = new Set<string>();
  const rest: Finding[] = [];
  const words = (f: Finding) => `${f.start}|${f.end}`;
  for (const f of shownFindings(findings)) {
    const n = (seen.get(f.rule) ?? 0) + 1;
    seen.set(f.rule, n);
    if (n <= perRule) printed.add(words(f));
    else rest.push(f);
  }
  const shown = findings.filter((f) => printed.has(words(f)));
  const lines = lineColumns(text, rest.map((f) => f.start));
  const byRule = new Map<string, Omitted>();
  for (const f of rest) {
    const line = lines.get(f.start)!.line;
    const o = byRule.get(f.rule);
    if (o) {
      o.count++;
      o.firstLine = Math.min(o.firstLine, line);
      o.lastLine = Math.max(o.lastLine, line);
    } else byRule.set(f.rule, { rule: f.rule, category: f.category, count: 1, firstLine: line, lastLine: line });
  }
  return { shown, omitted: [...byRule.values()] };
}

export function citation(g: GuidanceRef): string {
  return `${g.document}, ${/^\d/.test(g.paragraph) ? 'paragraph ' : ''}${g.paragraph}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function formatFindings(label: string, text: string, all: Finding[], c: Colors, omitted: readonly Omitted[] = []): string {
  if (all.length === 0) return `${c.green('✓')} ${label}: no risks found\n`;
  // Each risk once: a finding on the same words as one of an earlier category is printed with it ("Also").
  const findings = shownFindings(all);
  const kinds = new Set(all.map((f) => f.category));
  const total = findings.length + omitted.reduce((sum, o) => sum + o.count, 0);
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.category);
    if (list) list.push(f);
    else groups.set(f.category, [f]);
  }
  const worst = (list: Finding[]) => Math.min(...list.map((f) => SEVERITY_ORDER[f.severity]));
  const ordered = [...groups].sort((a, b) => worst(a[1]) - worst(b[1]) || a[1][0]!.start - b[1][0]!.start);
  const positions = lineColumns(text, findings.map((f) => f.start));
  const out = [`${c.bold(label)}: ${plural(total, 'risk')} found, in ${plural(kinds.size, 'category', 'categories')}`, ''];
  for (const [category, list] of ordered) {
    const severity = (['high', 'medium', 'low'] as const)[worst(list)]!;
    const sev = severity === 'high' ? c.red(c.bold('HIGH  ')) : severity === 'medium' ? c.yellow(c.bold('MEDIUM')) : c.cyan('LOW   ');
    out.push(`${sev} ${c.bold(category)}: ${plural(list.length, 'finding')}`);
    const explained = new Set<string>();
    for (const f of list) {
      const { line, col } = positions.get(f.start)!;
      out.push(`  ${c.dim(`line ${line}, col ${col}`)}  “${c.underline(quote(text.slice(f.start, f.end)))}”  ${c.dim(`(${f.rule})`)}`);
      // A finding of several parts (the jigsaw) says where each part is.
      if (f.spans && f.spans.length > 1) {
        const parts = lineColumns(text, f.spans.map((part) => part.start));
        out.push(`      ${c.dim('Parts:')} ${f.spans.map((part) => `${part.label} “${quote(text.slice(part.start, part.end))}” (line ${parts.get(part.start)!.line}, col ${parts.get(part.start)!.col})`).join('; ')}`);
      }
      const also = (f.also ?? []).map((other) => `      ${c.dim('Also:')} ${c.bold(other.category)} ${c.dim(`(${other.rule})`)}: ${other.message}`);
      // One rule's message and suggestion once per group: a file with many of one kind reads as a list.
      if (!explained.has(f.rule)) {
        explained.add(f.rule);
        out.push(`      ${f.message}`);
        if (f.suggestion) out.push(`      ${c.dim('Try:')} ${f.suggestion}`);
      }
      out.push(...also);
    }
    const cited = new Map<string, GuidanceRef>();
    for (const f of list) for (const g of f.guidance) if (!cited.has(g.id)) cited.set(g.id, g);
    for (const g of cited.values()) {
      out.push(`  ${c.dim('Why:')} ${citation(g)} ${c.dim(g.url)}`);
      out.push(`       ${c.dim(g.summary)}`);
    }
    for (const o of omitted.filter((x) => x.category === category)) {
      const where = o.firstLine === o.lastLine ? `line ${o.firstLine}` : `lines ${o.firstLine}-${o.lastLine}`;
      out.push(`  ${c.yellow(`… and ${plural(o.count, 'more finding')} of ${o.rule}, on ${where}, not shown`)}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
