// npm run eval: quality of the engine on the labelled corpus and on Presidio's
// synthetic PII set. Prints per-category precision/recall and entity scores.
//   node scripts/eval.mjs [--corpus FILE] [--pii FILE] [--verbose CATEGORY] [--json]
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const engine = require(path.join(root, 'dist/engine/node.cjs'));
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const corpusFile = arg('--corpus', path.join(root, 'rules/training/dev.jsonl'));
const piiFile = arg('--pii', path.join(root, 'test/fixtures/eval-external/pii.jsonl'));
const verbose = arg('--verbose');
const asJson = args.includes('--json');

const readJsonl = (f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const DESIGN_CARD = ['patient-identifier', 'alcohol-at-work', 'colleague-criticism', 'unverifiable-claim'];
const pct = (x) => (Number.isNaN(x) ? '  n/a' : x.toFixed(3));

// --- Corpus: categories -------------------------------------------------------
const rows = readJsonl(corpusFile);
const stats = Object.fromEntries(engine.CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
let benign = 0;
let benignFlagged = 0;
const misses = [];
for (const r of rows) {
  const found = new Set(engine.check({ text: r.text, site: r.site, audience: r.audience }).map((f) => f.category));
  const want = new Set(r.labels);
  if (want.size === 0) {
    benign++;
    if (found.size) benignFlagged++;
  }
  for (const c of engine.CATEGORIES) {
    if (found.has(c) && want.has(c)) stats[c].tp++;
    else if (found.has(c)) {
      stats[c].fp++;
      if (verbose === c || verbose === 'all') misses.push(`FP ${c}: ${r.id} ${r.text.slice(0, 160)}`);
    } else if (want.has(c)) {
      stats[c].fn++;
      if (verbose === c || verbose === 'all') misses.push(`FN ${c}: ${r.id} ${r.text.slice(0, 160)}`);
    }
  }
}
const report = { corpus: path.relative(root, corpusFile), posts: rows.length, categories: {}, benign: { posts: benign, flagged: benignFlagged, share: benignFlagged / benign } };
let pass = true;
const lines = [`Corpus ${report.corpus}: ${rows.length} posts`, '', 'category               precision  recall  target'];
for (const c of engine.CATEGORIES) {
  const { tp, fp, fn } = stats[c];
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const strong = DESIGN_CARD.includes(c);
  const ok = recall >= (strong ? 0.9 : 0.8) && (!strong || precision >= 0.9);
  pass &&= ok;
  report.categories[c] = { tp, fp, fn, precision, recall, meetsTarget: ok };
  lines.push(`${c.padEnd(22)} ${pct(precision).padStart(9)} ${pct(recall).padStart(7)}  ${strong ? 'P,R >= 0.90' : 'R >= 0.80'} ${ok ? 'ok' : 'MISSED'}`);
}
const benignOk = report.benign.share <= 0.05;
pass &&= benignOk;
lines.push('', `benign posts with any finding: ${benignFlagged}/${benign} = ${(100 * report.benign.share).toFixed(1)}% (target <= 5%) ${benignOk ? 'ok' : 'MISSED'}`);

// --- The learned weights, scored on posts by authors they were not trained on -------
// The build trains with each author (a post id's prefix) left out in turn and keeps what the
// held-out posts scored (build/training-report.json): the honest figure for unseen writers.
// The corpus figures above are on posts the model was trained on, so they are optimistic.
const training = JSON.parse(readFileSync(path.join(root, 'build/training-report.json'), 'utf8'));
report.heldOut = training;
// A category's benign budget is spent only on the benign posts no other category flags
// (docs/rules.md, Thresholds): `benign` is every benign post it flags, `alone` those only it flags.
// The ranking is the held-out post score's average precision, as for the unseen authors below.
lines.push('', `Learned weights, leave-one-author-out (${training.features} pieces of evidence)`, 'category               precision  recall   posts  benign  alone  ranking');
for (const c of engine.CATEGORIES) {
  const h = training.heldOut[c];
  // A report from before the ranking has none (blank); JSON has no NaN, so a category with no post held out has null (n/a).
  if (h) lines.push(`${c.padEnd(22)} ${pct(h.precision).padStart(9)} ${pct(h.recall).padStart(7)} ${String(h.posts).padStart(7)} ${String(h.benignFlagged ?? '').padStart(7)} ${String(h.benignAlone ?? '').padStart(6)} ${(h.averagePrecision === undefined ? '' : pct(h.averagePrecision ?? NaN)).padStart(8)}`);
}
const card = DESIGN_CARD.map((c) => training.heldOut[c]).filter(Boolean);
lines.push(`design-card categories: recall ${pct(card.reduce((s, h) => s + h.recall, 0) / card.length)} precision ${pct(card.reduce((s, h) => s + h.precision, 0) / card.length)}; benign posts flagged ${(100 * training.benignFlagged).toFixed(1)}%`);
// A null ranking (no positive post held out) is left out of the mean.
const heldRanked = Object.values(training.heldOut).map((h) => h.averagePrecision).filter((x) => typeof x === 'number');
if (heldRanked.length) {
  training.meanAveragePrecision = heldRanked.reduce((s, x) => s + x, 0) / heldRanked.length;
  lines.push(`ranking: mean average precision ${pct(training.meanAveragePrecision)} over ${heldRanked.length} categories`);
}
// Each author held out alone: dev is the corpus the signals were first written from, so it
// flatters; tra, trb and trc (the shared train.jsonl's three authors) come nearest the blind set.
for (const [author, r] of Object.entries(training.byAuthor ?? {})) {
  // JSON has no NaN: a share with nothing to count comes back as null.
  const share = (x) => (typeof x === 'number' ? x : NaN);
  lines.push(`  ${author.padEnd(6)} ${String(r.posts).padStart(4)} posts: design-card recall ${pct(share(r.designCard.recall))} precision ${pct(share(r.designCard.precision))}; benign posts flagged ${(100 * share(r.benignFlagged)).toFixed(1)}%`);
}

// --- Posts by authors the model is not trained on (test/fixtures/corpus/unseen-authors) ---
const unseenDir = path.join(root, 'test/fixtures/corpus/unseen-authors');
const unseenFiles = readdirSync(unseenDir).filter((f) => f.endsWith('.jsonl')).sort();
const ratio = (a, b) => (b ? a / b : NaN);
/** The categories the engine reports for a post, each post checked once. */
const foundIn = new Map();
const categoriesFound = (r) => {
  if (!foundIn.has(r)) foundIn.set(r, new Set(engine.check({ text: r.text, site: r.site, audience: r.audience }).map((f) => f.category)));
  return foundIn.get(r);
};
/** Per-category counts and benign posts flagged, for a set of labelled posts. */
function score(rows) {
  const counts = Object.fromEntries(engine.CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  let benignPosts = 0;
  let flagged = 0;
  for (const r of rows) {
    const found = categoriesFound(r);
    if (r.labels.length === 0) {
      benignPosts++;
      if (found.size) flagged++;
    }
    for (const c of engine.CATEGORIES) {
      if (found.has(c) && r.labels.includes(c)) counts[c].tp++;
      else if (found.has(c)) counts[c].fp++;
      else if (r.labels.includes(c)) counts[c].fn++;
    }
  }
  const categories = Object.fromEntries(engine.CATEGORIES.map((c) => [c, { precision: ratio(counts[c].tp, counts[c].tp + counts[c].fp), recall: ratio(counts[c].tp, counts[c].tp + counts[c].fn) }]));
  const card = DESIGN_CARD.map((c) => categories[c]);
  return {
    posts: rows.length,
    categories,
    benignFlagged: ratio(flagged, benignPosts),
    designCard: { recall: card.reduce((s, h) => s + (h.recall || 0), 0) / 4, precision: card.reduce((s, h) => s + (h.precision || 0), 0) / 4 },
  };
}
/**
 * How well the learned post score ranks each category's posts above the rest, whatever the
 * threshold: average precision over the posts, ordered by score. A retrain moves every
 * threshold, and a change to the evidence can look better or worse through that alone; the
 * ranking says whether the evidence itself separates better (docs/quality.md, session 21).
 * Training ranks the held-out posts by the same definition (averagePrecision in
 * src/rules/train.ts): change both together.
 */
function averagePrecision(rows) {
  const model = engine.getRuleBundle().model;
  // The shipped copy's evidence leaves out the pairs' names; evidenceNames gives them all, in index order.
  // The words by meaning come after them (the engine's own numbering).
  const evidence = engine.evidenceNames(model);
  const names = [...evidence, ...engine.meaningNames(model)];
  const index = new Map(names.map((n, i) => [n, i]));
  const withModel = engine.getEngine();
  // evidence() reads every word by meaning, as training does before it keeps a draft's first
  // MEANING_WORDS_MAX words of the table; a check with the model counts only those.
  const counted = (names) => {
    let meanings = 0;
    return names.filter((n) => index.has(n) && (!n.startsWith('m:') || meanings++ < engine.MEANING_WORDS_MAX));
  };
  const known = rows.map((r) => counted([...withModel.evidence({ text: r.text, site: r.site, audience: r.audience }).keys()]).map((n) => index.get(n)));
  const out = {};
  for (const c of engine.CATEGORIES) {
    const m = model.categories[c];
    if (!m) continue;
    const w = new Float64Array(names.length);
    engine.forEachWeight(model, m, (i, milli) => (w[i] = milli / 1000));
    engine.forEachMeaningWeight(model, c, (place, milli) => (w[evidence.length + place] = milli / 1000));
    // Rounded, so that two posts of the same evidence tie whatever order it was summed in
    // (a sum of thousandths in floating point differs in its last bits by the order).
    const z = known.map((ix) => Math.round(ix.reduce((sum, i) => sum + w[i], m.bias) * 1e6));
    // Ties ranked pessimistically: the posts without the category first.
    const has = (i) => (rows[i].labels.includes(c) ? 1 : 0);
    const order = z.map((_, i) => i).sort((a, b) => z[b] - z[a] || has(a) - has(b) || a - b);
    let tp = 0;
    let sum = 0;
    order.forEach((i, k) => {
      if (rows[i].labels.includes(c)) sum += ++tp / (k + 1);
    });
    out[c] = tp ? sum / tp : NaN;
  }
  return out;
}
const cardLine = (r) => `design-card categories: recall ${pct(r.designCard.recall)} precision ${pct(r.designCard.precision)}; benign posts flagged ${(100 * r.benignFlagged).toFixed(1)}%`;
const byAuthor = unseenFiles.map((f) => ({ file: f, rows: readJsonl(path.join(unseenDir, f)) }));
const unseenRows = byAuthor.flatMap((a) => a.rows);
report.unseenAuthors = score(unseenRows);
const ranking = averagePrecision(unseenRows);
lines.push('', `Posts by authors the model is not trained on (${unseenRows.length}, test/fixtures/corpus/unseen-authors)`, 'category               precision  recall  ranking (average precision of the post score)');
for (const c of engine.CATEGORIES) {
  const { precision, recall } = report.unseenAuthors.categories[c];
  report.unseenAuthors.categories[c].averagePrecision = ranking[c];
  lines.push(`${c.padEnd(22)} ${pct(precision).padStart(9)} ${pct(recall).padStart(7)} ${pct(ranking[c]).padStart(8)}`);
}
const ranked = engine.CATEGORIES.map((c) => ranking[c]).filter((x) => !Number.isNaN(x));
report.unseenAuthors.meanAveragePrecision = ranked.reduce((a, b) => a + b, 0) / ranked.length;
lines.push(cardLine(report.unseenAuthors), `ranking: mean average precision ${pct(report.unseenAuthors.meanAveragePrecision)} over ${ranked.length} categories`);
// Each author alone too: a few hundred posts each, so one author's voice can move the total.
report.unseenAuthors.byAuthor = {};
for (const { file, rows } of byAuthor) {
  const r = score(rows);
  report.unseenAuthors.byAuthor[file] = r;
  lines.push(`  ${file.padEnd(19)} ${cardLine(r)}`);
}
// Sets written to the shared corpus's length and mix of categories (sessions 25, 26 and 49): not
// in the training data, not read beyond the few posts their README names, no term written from
// them. The readable figure nearest the blind set.
const NEAR_SHARED_MIX = ['authored-y.jsonl', 'authored-z.jsonl', 'authored-ava.jsonl', 'authored-avb.jsonl', 'authored-avc.jsonl', 'authored-avd.jsonl', ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((x) => `authored-aw${x}.jsonl`)];
const nearSets = byAuthor.filter((a) => NEAR_SHARED_MIX.includes(a.file));
const nearRows = nearSets.flatMap((a) => a.rows);
if (nearRows.length) {
  const near = score(nearRows);
  const nearRanking = averagePrecision(nearRows);
  const nearRanked = engine.CATEGORIES.map((c) => nearRanking[c]).filter((x) => !Number.isNaN(x));
  near.meanAveragePrecision = nearRanked.reduce((a, b) => a + b, 0) / nearRanked.length;
  near.allCategoryRecall = engine.CATEGORIES.map((c) => near.categories[c].recall).filter((x) => !Number.isNaN(x)).reduce((a, b, _, all) => a + b / all.length, 0);
  report.unseenAuthors.nearSharedMix = near;
  // Named by their posts' id prefix (auy-, awa-), as the README names them; only the sets found.
  const prefixes = nearSets.map((a) => `${a.rows[0]?.id.split('-')[0]}-`);
  lines.push(`  the ${nearSets.length} sets nearest the blind set (${prefixes.join(', ')}; ${nearRows.length} posts): ${cardLine(near)}; all-category recall ${pct(near.allCategoryRecall)}; ranking ${pct(near.meanAveragePrecision)}`);
}

// --- Presidio synthetic PII: entities ---------------------------------------------
// Presidio's types mapped to ours; a prediction is correct when it overlaps a gold
// span of the same type, and a gold span is found when a prediction of its type overlaps it.
const MAP = { PERSON: 'PERSON', STREET_ADDRESS: 'ADDRESS', GPE: 'LOCATION', PHONE_NUMBER: 'PHONE', DATE_TIME: 'DATE', AGE: 'AGE', EMAIL_ADDRESS: 'EMAIL', ZIP_CODE: 'POSTCODE' };
const SCORED = new Set(Object.values(MAP));
const pii = readJsonl(piiFile);
const per = Object.fromEntries([...SCORED].map((t) => [t, { tp: 0, fp: 0, fn: 0, gold: 0 }]));
let TP = 0, FP = 0, FOUND = 0, GOLD = 0;
const overlaps = (a, b) => a.start < b.end && b.start < a.end;
const piiMisses = [];
for (const r of pii) {
  const gold = r.spans.filter((s) => MAP[s.type]).map((s) => ({ ...s, type: MAP[s.type] }));
  const pred = engine.entities(r.text).filter((e) => SCORED.has(e.type));
  for (const p of pred) {
    const hit = gold.some((g) => g.type === p.type && overlaps(g, p));
    if (hit) { TP++; per[p.type].tp++; } else { FP++; per[p.type].fp++; if (verbose === 'pii-fp' || verbose === `fp-${p.type}`) piiMisses.push(`FP ${p.type} "${p.text}" in: ${r.text.slice(0, 140).replace(/\n/g, ' ')}`); }
  }
  for (const g of gold) {
    GOLD++;
    per[g.type].gold++;
    if (pred.some((p) => p.type === g.type && overlaps(g, p))) FOUND++;
    else { per[g.type].fn++; if (verbose === 'pii-fn' || verbose === `fn-${g.type}`) piiMisses.push(`FN ${g.type} "${r.text.slice(g.start, g.end)}" in: ${r.text.slice(0, 140).replace(/\n/g, ' ')}`); }
  }
}
const piiP = TP / (TP + FP);
const piiR = FOUND / GOLD;
const piiOk = piiP > 0.87 && piiR > 0.839;
report.pii = { file: path.relative(root, piiFile), precision: piiP, recall: piiR, presidio: { precision: 0.87, recall: 0.839 }, beatsPresidio: piiOk, perType: {} };
lines.push('', `Entities on ${report.pii.file} (${pii.length} records, overlap match of the same type)`, 'type        precision  recall   gold');
for (const t of SCORED) {
  const s = per[t];
  const p = s.tp / (s.tp + s.fp);
  const rc = (s.gold - s.fn) / s.gold;
  report.pii.perType[t] = { precision: p, recall: rc, gold: s.gold };
  lines.push(`${t.padEnd(11)} ${pct(p).padStart(9)} ${pct(rc).padStart(7)} ${String(s.gold).padStart(6)}`);
}
lines.push(`${'all'.padEnd(11)} ${pct(piiP).padStart(9)} ${pct(piiR).padStart(7)} ${String(GOLD).padStart(6)}   Presidio: 0.870 / 0.839 ${piiOk ? 'beaten' : 'NOT beaten'}`);

if (asJson) console.log(JSON.stringify(report, null, 2));
else console.log(lines.join('\n'));
if (misses.length || piiMisses.length) console.log(`\n${[...misses, ...piiMisses].join('\n')}`);
