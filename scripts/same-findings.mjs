// Do two builds of the engine give the same findings? For speed work, where the answer must
// be yes:
//   node scripts/same-findings.mjs OLD/dist/engine/node.cjs dist/engine/node.cjs
// (OLD: a checkout of the earlier commit, built with `npm run build`). It checks every labelled
// post in rules/training/ and test/fixtures/corpus/, each with its audience, and 30 drafts of
// 0.5-15 KB joined from them, and prints only counts and the indices of texts that differ,
// never a text (the unseen authors' posts stay unread). Exit code 1 if any differ, 2 on bad input.
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const engines = process.argv.slice(2);
if (engines.length !== 2 || engines.some((file) => !existsSync(file))) {
  console.error('usage: node scripts/same-findings.mjs OLD_ENGINE NEW_ENGINE (each a built dist/engine/node.cjs)');
  process.exit(2);
}

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (name.endsWith('.jsonl')) files.push(file);
  }
};
walk(path.join(root, 'rules/training'));
walk(path.join(root, 'test/fixtures/corpus'));
const drafts = [];
for (const file of files) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const post = JSON.parse(line);
    if (typeof post.text === 'string') drafts.push({ text: post.text, audience: post.audience });
  }
}
// Long drafts too: the engine takes other paths past 1,000 and 4,000 characters and per window.
const joined = drafts.map((d) => d.text).join(' ');
for (let i = 0; i < 30; i++) {
  const start = (i * 7919) % joined.length;
  drafts.push({ text: joined.slice(start, start + 500 * (i + 1)) });
}

const [before, after] = engines.map((file) => {
  const m = require(path.resolve(file));
  return m.createEngine(m.getRuleBundle(), { rememberWindows: 0 });
});
const differing = [];
drafts.forEach((draft, i) => {
  if (JSON.stringify(before.check(draft)) !== JSON.stringify(after.check(draft))) differing.push(i);
});
console.log(`${drafts.length} drafts from ${files.length} files: ${differing.length} with other findings${differing.length ? ` (indices ${differing.slice(0, 20).join(', ')}${differing.length > 20 ? ', …' : ''})` : ''}`);
process.exit(differing.length ? 1 : 0);
