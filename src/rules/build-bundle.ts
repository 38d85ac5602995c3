/** Build step: validate `rules/`, learn the categories' weights and write `build/rules.json` (and its shipped copy) for the engine. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileRules, RuleValidationError } from './compile';
import { mineLexicon } from './lexicon';
import { readTrainingPosts, TrainingDataError } from './training-data';
import { ruleExamplePosts, trainModel } from './train';
import { readWordVectors, WordVectorsError } from './meaning';
import { scoreRuleId } from '../engine/model';
import { shipBundle } from '../engine/shipped-bundle';
import type { Category } from '../engine/types';
import type { RuleIndex } from './schema';
import { compileImageRules } from './images';
import { SITES } from '../content/sites';

export function buildRuleBundle(root: string): string {
  const rulesDir = path.join(root, 'rules');
  const bundle = compileRules(rulesDir, mineLexicon(), { redosCache: path.join(root, 'build', 'redos-verdicts-v2.json') });
  // The weights are learned from the rules' own evidence on the training posts and on the
  // rules' examples, so a rule edit is followed by new weights at the next build.
  const corpus = readTrainingPosts(path.join(rulesDir, 'training'));
  // What the words mean (src/rules/meaning.ts), so that words no training post used weigh too.
  const vectors = readWordVectors(path.join(rulesDir, 'training', 'word-vectors.json'));
  const { model, report } = trainModel(bundle, [...corpus, ...ruleExamplePosts(bundle, corpus)], {}, vectors);
  bundle.model = model;
  const out = path.join(root, 'build', 'rules.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(bundle));
  // The copy the engine ships with (scripts/build.mjs): what a fresh engine needs of the same
  // data, its long lists of numbers packed, so that it reads and parses faster
  // (src/engine/shipped-bundle.ts).
  fs.writeFileSync(path.join(root, 'build', 'rules-shipped.json'), JSON.stringify(shipBundle(bundle)));
  fs.writeFileSync(path.join(root, 'build', 'training-report.json'), JSON.stringify(report, null, 2));
  // Each rule id a finding can carry, with its category and message: the background worker
  // checks a mute against the trust's category modes, and the options page names muted rules,
  // without loading the rules and the model.
  const ruleIndex: RuleIndex = { jigsaw: { category: 'patient-identifier', message: bundle.jigsaw.description } };
  for (const r of bundle.rules) ruleIndex[r.id] = { category: r.category, message: r.message };
  for (const [c, f] of Object.entries(bundle.learnedFindings)) ruleIndex[scoreRuleId(c as Category)] = { category: c as Category, message: f!.message };
  fs.writeFileSync(path.join(root, 'build', 'rule-index.json'), JSON.stringify(ruleIndex));
  // What is said about attached pictures (src/ocr): metadata, consent, each site's handling.
  fs.writeFileSync(path.join(root, 'build', 'images.json'), JSON.stringify(compileImageRules(rulesDir, SITES.map((site) => site.id))));
  return out;
}

if (require.main === module) {
  try {
    const out = buildRuleBundle(process.argv[2] ?? process.cwd());
    console.log(`rules: wrote ${path.relative(process.cwd(), out)}`);
  } catch (e) {
    console.error(e instanceof RuleValidationError || e instanceof TrainingDataError || e instanceof WordVectorsError || (e instanceof Error && e.message.startsWith('rules/images.yaml')) ? e.message : e);
    process.exit(1);
  }
}
