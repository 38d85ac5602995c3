import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { sourceFiles } from '../source-files';
import { ALL_LOWER, LETTER_OR_DIGIT, ONE_UPPER, STARTS_UPPER } from '../../src/engine/letters';

const ENGINE = path.join(__dirname, '../../src/engine');

/**
 * A letter or number class, in any spelling V8 takes (\p{Lu}, \p{gc=Lu}, \p{Uppercase_Letter},
 * \P{…}): those ./coarse-classes.ts writes coarse, and their long names.
 */
const EXACT_CLASS = /\\[pP]\{(?:gc=|General_Category=)?(?:L|Lu|Ll|N|Letter|Uppercase_Letter|Lowercase_Letter|Number)\}/;
/** The spellings of those classes that coarsePattern leaves exact. */
const LONG_CLASS = /\\[pP]\{(?:(?:gc=|General_Category=)(?:L|Lu|Ll|N)|Letter|Uppercase_Letter|Lowercase_Letter|Number)\}/;

/**
 * Regular expression literals anywhere in `file`, and patterns written for `new RegExp` or
 * `RegExp` (a string or template literal as the first argument), that spell such a class
 * exactly, as "file:line".
 */
function exactLetterClasses(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const literalText = (node: ts.Node | undefined): string | undefined =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : node && ts.isTaggedTemplateExpression(node) ? node.template.getText() : undefined;
  const visit = (node: ts.Node): void => {
    // coarsePattern writes only the four short names coarse: a long or gc= spelling given it stays exact.
    const viaCoarse = ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'coarsePattern' ? literalText(node.arguments[0]) : undefined;
    if (viaCoarse !== undefined && LONG_CLASS.test(viaCoarse)) found.push(`${path.relative(ENGINE, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    const viaConstructor =
      (ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp' ? literalText(node.arguments?.[0]) : undefined;
    if ((ts.isRegularExpressionLiteral(node) && EXACT_CLASS.test(node.text)) || (viaConstructor !== undefined && EXACT_CLASS.test(viaConstructor))) {
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
  it('no regular expression in src/engine spells an exact \\p{L}, \\p{Lu}, \\p{Ll} or \\p{N}', () => {
    expect(sourceFiles(ENGINE).flatMap(exactLetterClasses)).toEqual([]);
    // The check itself finds each spelling, as a literal and through the constructor.
    const probe = path.join(os.tmpdir(), `letters-probe-${process.pid}.ts`);
    writeFileSync(probe, ['const a = /\\p{Lu}/u;', 'const b = /\\p{Letter}/u;', "const c = new RegExp('\\\\p{gc=Ll}', 'u');", 'const d = RegExp(String.raw`[^\\P{N}]`, "u");', 'const e = /\\p{Extended_Pictographic}/u;', 'const f = coarsePattern(String.raw`\\p{Letter}x`, "u");', 'const g = coarsePattern(String.raw`\\p{Lu}x`, "u");'].join('\n'));
    try {
      expect(exactLetterClasses(probe).map((at) => at.split(':').pop())).toEqual(['1', '2', '3', '4', '6']);
    } finally {
      rmSync(probe, { force: true });
    }
  });
});
