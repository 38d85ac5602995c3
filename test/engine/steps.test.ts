import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { sourceFiles } from '../source-files';
import { runToEnd, type Steps } from '../../src/engine/steps';

const ENGINE = path.join(__dirname, '../../src/engine');

/**
 * Declared inside a function, and allowed, with why: `checkInSteps` closes over its engine,
 * which lives as long as the generator could (one per engine, not one per check).
 */
const ALLOWED = ['engine.ts:createEngine/checkInSteps'];

const nameOf = (node: ts.Node): string => {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && (ts.isIdentifier(named.name) || ts.isPrivateIdentifier(named.name))) return named.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  if (ts.isPropertyAssignment(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  return '(anonymous)';
};

const isGenerator = (node: ts.Node): boolean => (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.asteriskToken !== undefined;

/**
 * What makes objects from a map of its own (a generator's objects, a class's instances),
 * declared where it is made again on every call of the code around it: inside a function,
 * a method, an accessor or a constructor, or in a class field's initialiser (made again for
 * every instance). A generator method of a class or object declared at module level is made
 * once. Each is "file:outer/…/name", the enclosing functions from the outermost in.
 */
function madePerCall(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node, enclosing: readonly string[]): void => {
    if ((isGenerator(node) || ts.isClassLike(node)) && enclosing.length > 0) found.push(`${path.relative(ENGINE, file)}:${[...enclosing, nameOf(node)].join('/')}`);
    let inner = enclosing;
    if (ts.isFunctionLike(node)) inner = [...enclosing, nameOf(node)];
    else if (ts.isPropertyDeclaration(node) && node.initializer) inner = [...enclosing, `${nameOf(node.parent)}.${nameOf(node)}`];
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(source, []);
  return found;
}

describe('steps', () => {
  it('runToEnd drives a generator through every step to its value', () => {
    const seen: number[] = [];
    function* count(): Steps<string> {
      for (let i = 0; i < 3; i++) {
        seen.push(i);
        yield;
      }
      return 'done';
    }
    expect(runToEnd(count())).toBe('done');
    expect(seen).toEqual([0, 1, 2]);
  });

  // A function declared inside another is a new function on every call. Measured on Node
  // 20's V8: once it has made an object (a generator's, or an instance of a class), the
  // context it closes over survives every minor collection until a full one, most likely
  // through the map V8 made for that object. As a closure inside the check, the emoji rule (a
  // generator) kept every check's analysis alive that way, and each scavenge copied
  // megabytes (9 ms at a time, the check's p95).
  it('no generator or class in src/engine is made again on every call of the code around it', () => {
    const found = sourceFiles(ENGINE).flatMap(madePerCall);
    expect(found.filter((g) => !ALLOWED.includes(g))).toEqual([]);
    // Each allowed one is still there, once (else the allowance would hide nothing, or two).
    for (const allowed of ALLOWED) expect(found.filter((g) => g === allowed)).toHaveLength(1);
  });

  it('the check for them finds each kind of place (a fixture, not src/engine)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'steps-test-'));
    const file = path.join(dir, 'fixture.ts');
    writeFileSync(
      file,
      [
        'export function* topLevel() {}',
        'export class Module { *method() {} m() { function* inMethod() {} this.x = function* () {}; } field = function* () {}; }',
        'export const literal = { *method() {} };',
        'export function outer() { const arrow = () => { function* inArrow() {} }; class Local { *g() {} } return [arrow, Local]; }',
      ].join('\n'),
    );
    try {
      const found = madePerCall(file).map((f) => f.slice(f.indexOf(':') + 1));
      expect(found).toEqual(['m/inMethod', 'm/(anonymous)', 'Module.field/(anonymous)', 'outer/arrow/inArrow', 'outer/Local', 'outer/g']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
