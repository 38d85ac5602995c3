/**
 * The copy of the rule bundle that the engine ships with (dist/engine/rules.json,
 * dist/cli/rules.json, the extension's engine/rules-data.js), made at build time from
 * build/rules.json, which people, scripts/weights.mjs and the tests read.
 *
 * Why a copy: every fresh engine (the CLI, each page where a compose box gets focus) reads
 * and parses the whole bundle before its first check, and on the reference machine each
 * megabyte of it costs about 25 ms to read and parse. So the copy leaves out what the
 * engine can do without or make again, and packs its numbers (./packed-numbers.ts):
 * - **The signals' terms and their other forms**, except for the signals with a `tag`
 *   (compromise's lexicon reads those). The term trie holds every term already, parsed
 *   (termTries), and the engine finds terms through it. That is some 9,000 short strings
 *   and 130 KB. `signalTermsInTrie` marks the copy; the engine refuses it without the trie.
 * - **The names of the pairs of signals among the model's evidence** (p:A&B, some 3,000
 *   names and 110 KB). The model's pairs hold the same as numbers (ModelPairs), from which
 *   the engine names a pair when a draft holds it, and evidenceNames() gives all the names.
 *   `model.pairNamesOmitted` marks the copy.
 * The engine's findings are the same from either copy (scripts/same-findings.mjs compares
 * them; test/engine/shipped-bundle.test.ts checks that nothing is lost).
 */
import type { RuleBundle } from '../rules/schema';
import { evidenceNames, type LearnedModel } from './model';
import { packBundleNumbers } from './packed-numbers';
import { PLACES_GROUP, TRIE_FORMAT } from './terms';
import { checkSortedWords } from './sorted-words';

/** The shipped copy of a bundle as built (see the top of this file). The bundle given is not changed. */
export function shipBundle(bundle: RuleBundle): RuleBundle {
  if (bundle.signalTermsInTrie || bundle.model?.pairNamesOmitted) throw new Error('the rule bundle is a shipped copy already');
  // The same test as the engine's for a trie it uses (createEngine).
  if (bundle.termTries?.terms.format !== TRIE_FORMAT || !bundle.termTries.terms.groups.includes(PLACES_GROUP)) throw new Error('the rule bundle has no term trie that the engine reads, and a shipped copy finds its terms with it');
  const signals: RuleBundle['signals'] = {};
  for (const [name, def] of Object.entries(bundle.signals)) {
    const { forms: _forms, ...rest } = def;
    signals[name] = def.tag ? rest : { ...rest, terms: [] };
  }
  // A fresh engine does not read the words by meaning in order (WordPlaces): checked here.
  if (bundle.model?.meaning) {
    try {
      checkSortedWords(bundle.model.meaning.words);
    } catch (e) {
      throw new Error(`the rule bundle's word meanings ${(e as Error).message}`);
    }
  }
  const packed = packBundleNumbers({ ...bundle, signals, signalTermsInTrie: true as const });
  if (!bundle.model || !packed.model) return packed;
  return { ...packed, model: { ...packed.model, evidence: evidenceWithoutPairNames(bundle.model), pairNamesOmitted: true } };
}

/** The model's evidence names without the pairs', after checking that evidenceNames() makes each again from the pairs. */
function evidenceWithoutPairNames(model: LearnedModel): string[] {
  if (!model.pairs) throw new Error("the rule bundle's model has no pairs as numbers, from which the engine would name its pairs");
  const evidence = model.evidence.filter((name) => !name.startsWith('p:'));
  const made = evidenceNames({ ...model, evidence, pairNamesOmitted: true });
  if (made.length !== model.evidence.length || made.some((name, i) => name !== model.evidence[i])) throw new Error("the rule bundle's model pairs do not name its pair evidence: rebuild the bundle with npm run build");
  return evidence;
}
