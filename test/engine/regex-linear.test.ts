/**
 * Every regular-expression literal in src/, and every pattern written out for coarsePattern,
 * must match in linear time: a draft can be a
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

/** A pattern's source written out whole: a string, or String.raw`…` with nothing put in it. */
function writtenOut(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'String.raw' && ts.isNoSubstitutionTemplateLiteral(node.template)) return node.template.rawText;
  return undefined;
}

/**
 * Each regular-expression literal once, with where it first appears; and each pattern
 * written out whole for `coarsePattern` (./coarse-classes.ts), as its original source: the
 * engine's own patterns are written so, for start-up. (Patterns built from pieces are
 * checked through their exports in ./recognisers/regex-safety.test.ts.)
 */
function literals(): [string, string, string][] {
  const seen = new Map<string, [string, string, string]>();
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      const where = () => `${path.relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (ts.isRegularExpressionLiteral(node)) {
        const text = node.text;
        const cut = text.lastIndexOf('/');
        if (!seen.has(text)) seen.set(text, [where(), text.slice(1, cut), text.slice(cut + 1)]);
      } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'coarsePattern') {
        const pattern = writtenOut(node.arguments[0]);
        const flags = writtenOut(node.arguments[1]);
        const key = `coarsePattern/${pattern}/${flags}`;
        if (pattern !== undefined && flags !== undefined && !seen.has(key)) seen.set(key, [where(), pattern, flags]);
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
