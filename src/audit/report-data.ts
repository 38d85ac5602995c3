/** The audit's result as plain records: the JSON report, and what the CSV and HTML reports show. */
import messages from '../_locales/en_GB/messages.json';
import { CATEGORIES, type Category, type Finding } from '../engine/types';
import { categoryLabelKey } from '../shared/labels';
import type { AuditResult, FlaggedPost } from './types';

// The labels the extension shows. The extension's pages bundle JSON as text (they parse it when
// needed), the command line as data: either way, the same table.
const labels = (typeof messages === 'string' ? JSON.parse(messages) : messages) as Record<string, { message: string } | undefined>;

export function categoryLabel(category: Category): string {
  return labels[categoryLabelKey(category)]?.message ?? category;
}

/** The words to search for on the platform when the archive holds no link to a post. */
export function searchFor(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  return words.slice(0, 8).join(' ') + (words.length > 8 ? '…' : '');
}

export interface ReportPost {
  site: string;
  id: string;
  kind: string;
  date?: string;
  year?: number;
  audience: string;
  /** A link to the post on the platform, or else the words to search for there. */
  url?: string;
  search?: string;
  place?: string;
  entry: string;
  text: string;
  severity: string;
  categories: Category[];
  findings: (Pick<Finding, 'category' | 'rule' | 'severity' | 'start' | 'end' | 'message' | 'suggestion' | 'guidance'> & { words: string })[];
}

export interface ReportData {
  generated: string;
  archives: AuditResult['archives'];
  posts: number;
  flagged: number;
  byCategory: Partial<Record<Category, number>>;
  byYear: Record<string, number>;
  items: ReportPost[];
}

function item({ post, findings, severity }: FlaggedPost): ReportPost {
  const year = post.date ? new Date(post.date).getUTCFullYear() : undefined;
  const categories = CATEGORIES.filter((c) => findings.some((f) => f.category === c));
  return {
    site: post.site,
    id: post.id,
    kind: post.kind,
    ...(post.date ? { date: post.date, year } : {}),
    audience: post.audience,
    ...(post.url ? { url: post.url } : { search: searchFor(post.text) }),
    ...(post.place ? { place: post.place } : {}),
    entry: post.entry,
    text: post.text,
    severity,
    categories,
    findings: findings.map((f) => ({ category: f.category, rule: f.rule, severity: f.severity, start: f.start, end: f.end, words: post.text.slice(f.start, f.end), message: f.message, suggestion: f.suggestion, guidance: f.guidance })),
  };
}

export function reportData(result: AuditResult, generated = new Date()): ReportData {
  const items = result.flagged.map(item);
  const byCategory: Partial<Record<Category, number>> = {};
  const byYear: Record<string, number> = {};
  for (const i of items) {
    for (const c of i.categories) byCategory[c] = (byCategory[c] ?? 0) + 1;
    const year = i.year === undefined ? 'undated' : String(i.year);
    byYear[year] = (byYear[year] ?? 0) + 1;
  }
  return { generated: generated.toISOString(), archives: result.archives, posts: result.posts, flagged: items.length, byCategory, byYear, items };
}

/** One row per flagged post, for a spreadsheet. */
export function reportCsv(data: ReportData): string {
  const rows = [['site', 'date', 'kind', 'audience', 'severity', 'categories', 'link', 'search', 'text']];
  for (const i of data.items) rows.push([i.site, i.date ?? '', i.kind, i.audience, i.severity, i.categories.join(' '), i.url ?? '', i.search ?? '', i.text]);
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * A CSV cell: quoted when it must be, and a leading =, +, - or @ made inert, so a
 * spreadsheet never runs a post's text as a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
