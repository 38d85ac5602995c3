/** The built command-line checker, run as a user would run it. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { capFindings, formatFindings } from '../../src/cli/format';
import { createColors } from 'picocolors';
import { check } from '../../src/engine';

const CLI = path.resolve(__dirname, '../../dist/cli/second-opinion.js');
const run = (args: string[], input?: string, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'so-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const RISKY = 'Mrs Kaur in bed 12, NHS no 943 476 5919';

describe('second-opinion check', () => {
  it('explains each risk with the quoted span, why, the guidance and a suggestion, grouped by risk; exit 1', () => {
    const r = run(['check', RISKY]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^draft: \d+ risks found, in \d+ categor(y|ies)\n/);
    expect(r.out).toMatch(/HIGH\s+patient-identifier: \d+ findings/);
    expect(r.out).toMatch(/line 1, col 28 {2}“943 476 5919” {2}\(nhs-number\)/);
    expect(r.out).toMatch(/Why: GMC Using social media as a medical professional \(2024\), paragraph 18 https:\/\/www\.gmc-uk\.org/);
    expect(r.out).toMatch(/Try: /);
    // Each citation once per risk, however many findings share it.
    const group = r.out.split(/\n\n/).find((part) => part.includes('patient-identifier:'))!;
    const citations = group.split('\n').filter((line) => line.trim().startsWith('Why:'));
    expect(new Set(citations).size).toBe(citations.length);
  });

  it('prints each risk once: the same words flagged for a second kind of risk say so under the first', () => {
    // The README's quick-start draft, whose output ("4 risks found, in 2 categories") the README
    // shows: a name in a bed with a test value and an NHS number is a discussion of the patient
    // as well, folded under the identifier.
    const README_DRAFT = 'Mrs Kaur in bed 12 with a troponin of 48,213, NHS no 943 476 5919';
    const r = run(['check', README_DRAFT]);
    // Each quoted span once in the listing, with the second kind named under it.
    const quoted = r.out.split('\n').filter((line) => /^ {2}line \d+, col \d+/.test(line)).map((line) => line.replace(/ {2}\(.*$/, '').replace(/^.*?“/, '“'));
    expect(new Set(quoted).size).toBe(quoted.length);
    expect(r.out).toMatch(/“Mrs Kaur” {2}\(patient-name\)\n(?: {6}.*\n)*? {6}Also: patient-discussion \(named-patient\): /);
    expect(r.out).not.toMatch(/patient-discussion: \d+ finding/);
    expect(r.out).toMatch(/^draft: 4 risks found, in 2 categories/);
    // The JSON keeps a finding per kind of risk (the contract), the second marked as folded.
    const json = JSON.parse(run(['check', '--format', 'json', README_DRAFT]).out) as { findings: { category: string; rule: string; foldedInto?: string }[] };
    expect(json.findings.find((f) => f.rule === 'named-patient')?.foldedInto).toBe('patient-identifier');
  });

  it('caps the risks a person sees: a finding folded into another is printed or summarised with it, never counted alone', () => {
    const text = Array.from({ length: 60 }, () => 'Mrs Kaur in bed 12 again.').join('\n');
    const all = check({ text, audience: 'public' }, { findingLimits: { perRule: Infinity, total: Infinity } });
    expect(all.filter((f) => f.foldedInto).length).toBeGreaterThan(5);
    const { shown, omitted } = capFindings(text, all, 5);
    // Five of each risk a person sees, and the folded findings on those same words: no more.
    expect(shown.filter((f) => f.rule === 'patient-name')).toHaveLength(5);
    expect(shown.filter((f) => f.foldedInto)).toHaveLength(5);
    expect(omitted.every((o) => all.some((f) => f.rule === o.rule && f.foldedInto === undefined))).toBe(true);
    // Every folded finding printed has the finding it is folded into printed too.
    for (const f of shown.filter((x) => x.foldedInto)) expect(shown.some((x) => x.start === f.start && x.end === f.end && x.category === f.foldedInto)).toBe(true);
  });

  it('summarises what it does not print: a file with hundreds of one finding says how many more and on which lines', () => {
    const file = path.join(tmp, 'many.txt');
    fs.writeFileSync(file, Array.from({ length: 120 }, (_, i) => `Line ${i + 1}: NHS no 943 476 5919.`).join('\n'));
    const human = run(['check', file]);
    expect(human.code).toBe(1);
    expect(human.out).toMatch(/many\.txt: \d+ risks found/);
    expect(human.out).toContain('… and 70 more findings of nhs-number, on lines 51-120, not shown');
    const doc = JSON.parse(run(['check', file, '--format', 'json']).out);
    expect(doc.omitted).toEqual(expect.arrayContaining([{ rule: 'nhs-number', category: 'patient-identifier', count: 70, firstLine: 51, lastLine: 120 }]));
    expect(doc.summary.count).toBe(doc.summary.shown + doc.omitted.reduce((sum: number, o: { count: number }) => sum + o.count, 0));
  });

  it('exits 0 for a clean draft', () => {
    const r = run(['check', 'Lovely team today, thank you all']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/no risks found/);
  });

  it('reads a file, and standard input with -', () => {
    const file = path.join(tmp, 'draft.txt');
    fs.writeFileSync(file, RISKY);
    expect(run(['check', file]).out).toMatch(/draft\.txt: \d+ risks found/);
    const r = run(['check', '-'], RISKY);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/stdin: \d+ risks found/);
  });

  it.each([
    ['an empty argument', ['check', ''], undefined, /^second-opinion: the draft is empty: there is nothing to check\n$/],
    ['blank standard input', ['check', '-'], '  \n', /^second-opinion: stdin is empty: there is nothing to check\n$/],
  ])('refuses %s: exit 2, not "no risks found"', (_name, args, input, message) => {
    const r = run(args as string[], input as string | undefined);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message as RegExp);
    expect(r.out).toBe('');
  });

  it('prints one JSON document with --format json', () => {
    const r = run(['check', RISKY, '--format', 'json']);
    const doc = JSON.parse(r.out);
    expect(doc.findings).toEqual(check({ text: RISKY }));
    expect(doc.summary.count).toBe(doc.findings.length);
  });

  it('applies --audience and --local-term', () => {
    const doc = JSON.parse(run(['check', 'The man from Larkspur Close was brought in again', '--format', 'json', '--audience', 'closed-group', '--local-term', 'Larkspur Close']).out);
    const f = doc.findings.find((x: { rule: string }) => x.rule === 'local-term-with-patient');
    expect(f.message).toMatch(/closed group/);
  });

  it('uses no colour when NO_COLOR is set or output is not a terminal', () => {
    expect(run(['check', RISKY]).out).not.toMatch(/\u001b\[/);
    expect(run(['check', RISKY], undefined, { NO_COLOR: '1' }).out).not.toMatch(/\u001b\[/);
  });

  it('colours severities when colour is on', () => {
    const text = formatFindings('draft', RISKY, check({ text: RISKY }), createColors(true));
    expect(text).toMatch(/\u001b\[31m/);
  });

  it.each([
    [['check', 'missing-file.txt'], /^second-opinion: no such file: missing-file\.txt/],
    [['check', '--audience', 'everyone', 'hello'], /^second-opinion: --audience must be one of public, closed-group, direct \(got "everyone"\)\n$/],
    [['check', '--only', 'rudeness', 'hello'], /^second-opinion: --only: unknown category "rudeness"/],
    [['check', '--format', 'xml', 'hello'], /^second-opinion: option '-f, --format <format>' argument 'xml' is invalid/],
    [['check', '--bogus', 'hello'], /^second-opinion: unknown option '--bogus'/],
    [['check', '--jsonl', '--format', 'human'], /^second-opinion: option '-f, --format <format>' cannot be used with option '--jsonl'\n/],
    [['frobnicate'], /^second-opinion: unknown command 'frobnicate'/],
  ])('exits 2 with a one-line error naming the problem: %j', (args, message) => {
    const r = run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('refuses directories and binary files', () => {
    expect(run(['check', tmp]).err).toMatch(/is a directory/);
    const bin = path.join(tmp, 'image.png');
    fs.writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
    const r = run(['check', bin]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/looks like a binary file/);
  });

  it('prints help for every command', () => {
    for (const args of [['--help'], ['check', '--help'], ['entities', '--help']]) {
      const r = run(args);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Usage: second-opinion/);
    }
    expect(run(['check', '--help']).out).toMatch(/--jsonl/);
  });
});

describe('second-opinion check --jsonl', () => {
  it('answers each line in order and reports malformed lines without stopping', () => {
    const input = [
      JSON.stringify({ id: 'a', text: RISKY }),
      'not json',
      JSON.stringify({ id: 'b', text: 'Lovely team today' }),
      JSON.stringify({ text: 'no id' }),
      JSON.stringify({ id: 'c', text: 'hi', audience: 'everyone' }),
      JSON.stringify([1, 2]),
      '',
      JSON.stringify({ id: 'd', text: 'Hungover on the ward round', site: 'twitter', audience: 'direct' }),
    ].join('\n');
    const r = run(['check', '--jsonl'], input);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id ?? `line ${l.line}`)).toEqual(['a', 'line 2', 'b', 'line 4', 'line 5', 'line 6', 'd']);
    expect(lines[0].findings).toEqual(check({ text: RISKY }));
    expect(lines[2].findings).toEqual([]);
    expect(lines[1].error).toMatch(/not valid JSON/);
    expect(lines[3].error).toMatch(/"id"/);
    expect(lines[4].error).toMatch(/"audience" must be one of/);
    expect(lines[5].error).toMatch(/JSON object/);
    expect(lines[6].findings.length).toBeGreaterThan(0);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/4 lines could not be read/);
  });

  it('exits 0 when every line is good, and reads a file', () => {
    const file = path.join(tmp, 'posts.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ id: '1', text: RISKY })}\r\n${JSON.stringify({ id: '2', text: 'hello' })}\n`);
    const r = run(['check', '--jsonl', file]);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(2);
  });
});

describe('second-opinion entities', () => {
  it('lists entities per line in batch mode', () => {
    const r = run(['entities', '--jsonl'], `${JSON.stringify({ id: 'x', text: 'Margaret Hobbs, 84yo, LS6 2QT' })}\n`);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.out);
    expect(line).toEqual({ id: 'x', entities: [
      { type: 'PERSON', start: 0, end: 14, text: 'Margaret Hobbs' },
      { type: 'AGE', start: 16, end: 20, text: '84yo' },
      { type: 'POSTCODE', start: 22, end: 29, text: 'LS6 2QT' },
    ] });
  });

  it('lists entities of a single draft', () => {
    const doc = JSON.parse(run(['entities', 'NHS 943 476 5919']).out);
    expect(doc.entities[0].type).toBe('NHS_NUMBER');
  });
});

describe('output to a slow reader', () => {
  it('loses nothing when stdout is a pipe read more slowly than the checker writes', async () => {
    const { spawn } = await import('node:child_process');
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: String(i), text: `Mrs Kaur in bed ${i % 30} with a troponin of 48,213 (${i})` })).join('\n');
    const child = spawn(process.execPath, [CLI, 'check', '--jsonl'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.pause(); // let the pipe fill up before anything is read
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(lines);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stdout.resume();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const ids = out.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(Array.from({ length: 3000 }, (_, i) => String(i)));
  });
});

describe('input and output at their limits', () => {
  it('ends quietly when the reader closes the pipe ("| head -1")', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `p${i}`, text: `${RISKY} number ${i}` })).join('\n');
    const file = path.join(tmp, 'many.jsonl');
    fs.writeFileSync(file, lines);
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" check --jsonl < "${file}" | head -1; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/internal error|EPIPE/);
    expect(r.stderr).toMatch(/status 0/);
  });

  it('refuses binary data and invalid UTF-8 on standard input, naming the problem', () => {
    const binary = spawnSync(process.execPath, [CLI, 'check', '-'], { input: Buffer.from([0x68, 0x69, 0x00, 0xff]) });
    expect(binary.status).toBe(2);
    expect(binary.stderr.toString()).toMatch(/standard input looks like binary data, not text/);
    const latin1 = spawnSync(process.execPath, [CLI, 'check', '-'], { input: Buffer.from('caf\xe9 on the ward', 'latin1') });
    expect(latin1.status).toBe(2);
    expect(latin1.stderr.toString()).toMatch(/standard input is not valid UTF-8 text/);
  });

  it('refuses a draft longer than any post, saying how long it is; in a batch, only that line', () => {
    const long = 'a '.repeat(600_000);
    const r = run(['check', '-'], long);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/standard input is 1,200,000 characters; a draft can be at most 1,000,000/);
    const batch = run(['check', '--jsonl'], `${JSON.stringify({ id: 'long', text: long })}\n${JSON.stringify({ id: 'ok', text: 'Thank you all' })}\n`);
    expect(batch.code).toBe(2);
    const out = batch.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(out[0]).toEqual({ line: 1, error: expect.stringMatching(/at most 1,000,000/) });
    expect(out[1]).toEqual({ id: 'ok', findings: [] });
  });
});
