/**
 * Every regular-expression literal in src/ must match in linear time: a draft can be a
 * megabyte of hostile text, and a super-linear pattern freezes the page or the CLI.
 * (Rule-file patterns get the same check at build time; the recognisers' exported patterns
 * are also checked in ./recognisers/regex-safety.test.ts.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { sourceFiles } from '../source-files';
import { checkSync } from 'recheck';

const SRC = path.join(__dirname, '../../src');

/** Each regular-expression literal once, with where it first appears. */
function literals(): [string, string, string][] {
  const seen = new Map<string, [string, string, string]>();
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isRegularExpressionLiteral(node)) {
        const text = node.text;
        const cut = text.lastIndexOf('/');
        const where = `${path.relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (!seen.has(text)) seen.set(text, [where, text.slice(1, cut), text.slice(cut + 1)]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...seen.values()];
}

const all = literals();

/**
 * Literals that only ever see a slice of bounded length, so that no input makes them slow;
 * each with the reason. A listed literal that no longer exists fails the test.
 */
const BOUNDED: { file: string; opening: string; why: string }[] = [
  { file: 'engine/recognisers/age.ts', opening: "\\b(?:i|i've|i'll|he|she", why: 'the subject before "turned 75": at most 40 characters before the age and a short lead word' },
];
const isBounded = (where: string, source: string) => BOUNDED.some((b) => where.startsWith(`${b.file}:`) && source.startsWith(b.opening));
const checked = all.filter(([where, source]) => !isBounded(where, source));

describe('regular expressions in src/', () => {
  it('are all found', () => {
    expect(all.length).toBeGreaterThan(60);
  });

  it('lists no bounded literal that is gone', () => {
    for (const b of BOUNDED) expect(all.some(([where, source]) => where.startsWith(`${b.file}:`) && source.startsWith(b.opening))).toBe(true);
  });

  it.each(checked)('%s /%s/%s cannot backtrack super-linearly', (_where, source, flags) => {
    // 'g' does not change matching.
    const result = checkSync(source, flags.replace(/g/g, ''), { timeout: 20_000 });
    expect({ status: result.status, attack: result.status === 'vulnerable' ? result.attack.pattern : undefined }).toEqual({ status: 'safe', attack: undefined });
  });
});
