import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { sourceFiles } from '../source-files';
import { ALL_LOWER, LETTER_OR_DIGIT, ONE_UPPER, STARTS_UPPER } from '../../src/engine/letters';

const ENGINE = path.join(__dirname, '../../src/engine');

/**
 * Regular expression literals anywhere in `file` with a letter or number class that
 * ./coarse-classes.ts writes coarse (\p{L}, \p{Lu}, \p{Ll}, \p{N}), as "file:line".
 */
function exactLetterClasses(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node) && /\\p\{(?:L|Lu|Ll|N)\}/.test(node.text)) {
      found.push(`${path.relative(ENGINE, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Regular expression literals using \p{…} that sit inside a function, as "file:line". */
function propertyEscapesInFunctions(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node, inFunction: boolean): void => {
    if (ts.isRegularExpressionLiteral(node) && node.text.includes('\\p{') && inFunction) {
      found.push(`${path.relative(ENGINE, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    const nowInFunction = inFunction || ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node);
    ts.forEachChild(node, (child) => visit(child, nowInFunction));
  };
  visit(source, false);
  return found;
}

describe('letter tests', () => {
  it('answer as their names say', () => {
    expect(['a', 'É', '7', '٣'].every((c) => LETTER_OR_DIGIT.test(c))).toBe(true);
    expect([' ', '-', '😀'].some((c) => LETTER_OR_DIGIT.test(c))).toBe(false);
    expect(STARTS_UPPER.test('Élodie')).toBe(true);
    expect(STARTS_UPPER.test('élodie')).toBe(false);
    expect(ONE_UPPER.test('D')).toBe(true);
    expect(ONE_UPPER.test('Dr')).toBe(false);
    expect(ALL_LOWER.test('straße')).toBe(true);
    expect(ALL_LOWER.test('Straße')).toBe(false);
  });

  // esbuild writes these literals as `new RegExp(...)`, which inside a function makes a
  // new object every time it runs (see src/engine/letters.ts).
  it('no \\p{…} regular expression literal sits inside a function in src/engine', () => {
    expect(sourceFiles(ENGINE).flatMap(propertyEscapesInFunctions)).toEqual([]);
  });

  // An exact \p{Lu} takes V8 about half a millisecond to compile, and a fresh engine's first
  // check compiles every pattern it runs: the engine's own are written with coarsePattern.
  it('no regular expression literal in src/engine spells an exact \\p{L}, \\p{Lu}, \\p{Ll} or \\p{N}', () => {
    expect(sourceFiles(ENGINE).flatMap(exactLetterClasses)).toEqual([]);
  });
});
