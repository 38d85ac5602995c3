/**
 * The audit as one HTML page that needs nothing else: styles and script inline, no fonts,
 * images or requests, so it opens from the disk and shows the same thing offline. Flagged
 * posts come worst first, each with its risky words marked, why, the guidance and a link to
 * delete it (or the words to search for). Filters by category, year and site; ticked posts
 * make a "to delete" list, saved as CSV. Everything is a native control: it works from the
 * keyboard, and the tests run axe-core on it.
 */
import { CATEGORIES } from '../engine/types';
import { attachReport, type Row } from './report-behaviour';
import { categoryLabel, csvCell, type ReportData, type ReportPost } from './report-data';
import { siteName } from './types';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');


/** The post's text with each flagged stretch in <mark> (overlapping stretches merged). */
function marked(post: ReportPost): string {
  const spans = post.findings.map((f) => ({ start: f.start, end: f.end })).sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  let out = '';
  let at = 0;
  for (const s of merged) {
    out += escape(post.text.slice(at, s.start)) + `<mark>${escape(post.text.slice(s.start, s.end))}</mark>`;
    at = s.end;
  }
  return out + escape(post.text.slice(at));
}

function chart(byYear: Record<string, number>): string {
  const years = Object.keys(byYear).sort();
  if (years.length === 0) return '';
  const max = Math.max(...Object.values(byYear));
  const width = 60;
  const height = 140;
  const bars = years
    .map((year, i) => {
      const h = Math.max(2, Math.round((byYear[year]! / max) * (height - 40)));
      const x = 20 + i * width;
      return `<g><rect x="${x}" y="${height - 20 - h}" width="${width - 16}" height="${h}" fill="#005eb8"><title>${escape(year)}: ${byYear[year]}</title></rect><text x="${x + (width - 16) / 2}" y="${height - 24 - h}" text-anchor="middle">${byYear[year]}</text><text x="${x + (width - 16) / 2}" y="${height - 4}" text-anchor="middle">${escape(year)}</text></g>`;
    })
    .join('');
  const summary = years.map((year) => `${year}: ${byYear[year]}`).join(', ');
  return `<figure><svg role="img" aria-label="Flagged posts by year: ${escape(summary)}" width="${40 + years.length * width}" height="${height}" viewBox="0 0 ${40 + years.length * width} ${height}">${bars}</svg><figcaption>Flagged posts by year</figcaption></figure>`;
}

function article(post: ReportPost, index: number): string {
  const when = post.date ? post.date.slice(0, 10) : 'undated';
  const where = [siteName(post.site), post.kind, post.place, post.audience === 'public' ? '' : post.audience.replace('-', ' ')].filter(Boolean).map((part) => escape(part!)).join(' · ');
  const link = post.url
    ? `<a href="${escape(post.url)}" rel="noreferrer">Open it on ${escape(siteName(post.site))} to delete it</a>`
    : `No link in the archive: search ${escape(siteName(post.site))} for <q>${escape(post.search ?? '')}</q>`;
  // One line per risk, worst first, with all its words: a risk found in three places is still one risk.
  const byCategory = new Map<string, ReportPost['findings']>();
  for (const f of post.findings) byCategory.set(f.category, [...(byCategory.get(f.category) ?? []), f]);
  const rank = { high: 0, medium: 1, low: 2 } as const;
  const worstOf = (list: ReportPost['findings']) => list.reduce((w, f) => (rank[f.severity] < rank[w] ? f.severity : w), 'low' as ReportPost['findings'][number]['severity']);
  const findings = [...byCategory.values()]
    .sort((a, b) => rank[worstOf(a)] - rank[worstOf(b)])
    .map((list) => {
      const first = list[0]!;
      const words = [...new Set(list.map((f) => f.words))].map((w) => `<q>${escape(w)}</q>`).join(', ');
      const refs = new Map(list.flatMap((f) => f.guidance).map((g) => [g.id, g]));
      const guidance = [...refs.values()]
        .map((g) => `<li>${g.url ? `<a href="${escape(g.url)}" rel="noreferrer">${escape(g.document)}</a>` : escape(g.document)}${g.paragraph ? `, ${/^\d/.test(g.paragraph) ? 'paragraph ' : ''}${escape(g.paragraph)}` : ''}${g.summary ? `: ${escape(g.summary)}` : ''}</li>`)
        .join('');
      return `<li class="finding ${escape(worstOf(list))}"><strong>${escape(categoryLabel(first.category))}</strong> (${escape(worstOf(list))}): ${words}. ${escape(first.message)} ${first.suggestion ? `<em>Try:</em> ${escape(first.suggestion)}` : ''}<details><summary>What the guidance says</summary><ul>${guidance}</ul></details></li>`;
    })
    .join('');
  return `<article class="post ${escape(post.severity)}" data-categories="${escape(post.categories.join(' '))}" data-year="${post.year ?? 'undated'}" data-site="${escape(post.site)}" aria-labelledby="post-${index}-title">
<h3 id="post-${index}-title">${escape(when)} · ${where}</h3>
<p class="text">${marked(post)}</p>
<ul class="findings">${findings}</ul>
<p class="actions"><label><input type="checkbox" class="delete" data-index="${index}"> Add to the delete list</label> · ${link}</p>
</article>`;
}

function options(values: string[], label: (value: string) => string): string {
  return values.map((value) => `<option value="${escape(value)}">${escape(label(value))}</option>`).join('');
}

export function reportHtml(data: ReportData): string {
  const categories = CATEGORIES.filter((c) => data.byCategory[c]);
  const years = Object.keys(data.byYear).sort();
  const sites = [...new Set(data.items.map((i) => i.site))].sort();
  const totals = categories.map((c) => `<tr><th scope="row">${escape(categoryLabel(c))}</th><td>${data.byCategory[c]}</td></tr>`).join('');
  const archives = data.archives.map((a) => `${escape(siteName(a.site))} (${a.posts} posts)`).join(', ');
  // What the page's script needs of each post for the delete list: JSON is JavaScript, and no "<" may close the script early.
  const rows = JSON.stringify(reportRows(data)).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Second Opinion: audit of past posts</title>
<style>
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #212b32; background: #f0f4f5; margin: 0; }
header, main { max-width: 920px; margin: 0 auto; padding: 16px 20px; }
header { background: #fff; border-bottom: 4px solid #005eb8; max-width: none; }
h1 { margin: 0 0 4px; font-size: 24px; }
.summary { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table { border-collapse: collapse; background: #fff; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #d8dde0; }
figure { margin: 0; background: #fff; padding: 8px; }
svg text { font-size: 12px; fill: #212b32; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; background: #fff; padding: 10px; margin: 16px 0; }
.filters label { display: flex; flex-direction: column; font-weight: 600; }
select, button { font: inherit; padding: 4px 8px; }
button { background: #007f3b; color: #fff; border: 1px solid #007f3b; border-radius: 4px; cursor: pointer; }
button:disabled { background: #768692; border-color: #768692; cursor: not-allowed; }
:focus-visible { outline: 3px solid #ffeb3b; outline-offset: 2px; box-shadow: 0 0 0 5px #212b32; }
article { background: #fff; border-left: 6px solid #005eb8; padding: 10px 14px; margin: 12px 0; }
article.high { border-left-color: #d5281b; }
article.medium { border-left-color: #b35900; }
article h3 { margin: 0; font-size: 15px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: #ffeb3b; color: #212b32; }
.findings { padding-left: 20px; }
a { color: #005eb8; }
[hidden] { display: none !important; }
</style>
</head>
<body>
<header>
<h1>Audit of past posts</h1>
<p>${data.posts} posts checked from ${archives || 'no archive'}; <strong>${data.flagged} may be worth deleting or editing</strong>. Made on ${escape(data.generated.slice(0, 10))} by Second Opinion, on this computer: nothing was sent anywhere.</p>
</header>
<main>
<h2>At a glance</h2>
<div class="summary">
<table><caption>Flagged posts by risk</caption><thead><tr><th scope="col">Risk</th><th scope="col">Posts</th></tr></thead><tbody>${totals || '<tr><td colspan="2">None</td></tr>'}</tbody></table>
${chart(data.byYear)}
</div>
<h2>Flagged posts, worst first</h2>
<form class="filters" aria-label="Filter the posts">
<label>Risk <select id="filter-category"><option value="">All risks</option>${options(categories, (c) => categoryLabel(c as (typeof CATEGORIES)[number]))}</select></label>
<label>Year <select id="filter-year"><option value="">All years</option>${options(years, (y) => y)}</select></label>
<label>Site <select id="filter-site"><option value="">All sites</option>${options(sites, siteName)}</select></label>
<p id="shown" role="status" aria-live="polite">${data.flagged} shown</p>
<p><span id="to-delete">0 posts</span> on the delete list. <button type="button" id="export" disabled>Save the delete list (CSV)</button></p>
</form>
<div id="posts">
${data.items.map(article).join('\n') || '<p>Nothing flagged.</p>'}
</div>
</main>
<script>(${attachReport.toString()})(document, ${csvCell.toString()}, ${rows});</script>
</body>
</html>
`;
}

/** What the delete list saves of each flagged post, in the report's order. */
export function reportRows(data: ReportData): Row[] {
  return data.items.map((i) => [i.site, i.date ?? '', i.url ?? '', i.search ?? '', i.text]);
}
