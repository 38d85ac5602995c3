import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { check } from '../../src/engine';
import { corpusTexts } from '../fixtures/corpus/posts';

// dist/engine/node.cjs is built by `npm test` before jest runs (see package.json).
const NODE_ENGINE = path.resolve(__dirname, '../../dist/engine/node.cjs');
const corpus = corpusTexts();

describe('the engine as Node runs it (src/node/engine.ts)', () => {
  it('gives exactly the findings of the engine in src/engine, reading its rules from the file beside it', () => {
    // A separate process: the Node entry sets a V8 flag for the whole process.
    const script = `const e = require(${JSON.stringify(NODE_ENGINE)}); const texts = JSON.parse(require('fs').readFileSync(0, 'utf8')); process.stdout.write(JSON.stringify(texts.map((text) => e.check({ text }))));`;
    const out = execFileSync(process.execPath, ['-e', script], { input: JSON.stringify(corpus), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(JSON.parse(out)).toEqual(corpus.map((text) => check({ text })));
  });

  it('turns off V8\'s regular-expression tier-up, and only in Node', () => {
    expect(fs.readFileSync(path.resolve(__dirname, '../../src/node/engine.ts'), 'utf8')).toMatch(/setFlagsFromString\('--no-regexp-tier-up'\)/);
    expect(fs.readFileSync(path.resolve(__dirname, '../../dist/engine/second-opinion-engine.js'), 'utf8')).not.toMatch(/setFlagsFromString|node:v8/);
  });
});
