/** Build step: validate `rules/` and write `build/rules.json` for the engine. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileRules, RuleValidationError } from './compile';
import { mineLexicon } from './lexicon';

export function buildRuleBundle(root: string): string {
  const bundle = compileRules(path.join(root, 'rules'), mineLexicon(), { redosCache: path.join(root, 'build', 'redos-verdicts.json') });
  const out = path.join(root, 'build', 'rules.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(bundle));
  return out;
}

if (require.main === module) {
  try {
    const out = buildRuleBundle(process.argv[2] ?? process.cwd());
    console.log(`rules: wrote ${path.relative(process.cwd(), out)}`);
  } catch (e) {
    console.error(e instanceof RuleValidationError ? e.message : e);
    process.exit(1);
  }
}
