/**
 * The audit (src/audit/audit.ts) and `second-opinion audit` (src/cli/audit.ts): every post
 * checked by the engine, the reports, and bad archives refused with the file and entry named.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { audit, readerFor } from '../../src/audit/audit';
import { openArchive } from '../../src/audit/open-node';
import { csvCell, reportCsv, reportData } from '../../src/audit/report-data';
import { check } from '../../src/engine';
import { blueskyCar, CLEAN, facebookArchive, instagramArchive, linkedinArchive, mastodonArchive, RISKY, redditArchive, writeZip, xArchive } from '../fixtures/archives/build';

const CLI = path.resolve(__dirname, '../../dist/cli/second-opinion.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-audit-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('audit()', () => {
  it('checks every post with its own audience, and lists the flagged ones worst first with the same findings as a draft', async () => {
    const archives = [await openArchive(await xArchive(dir)), await openArchive(await facebookArchive(dir))];
    const result = await audit(archives, { check });
    await Promise.all(archives.map((a) => a.close()));
    expect(result.archives.map((a) => [a.site, a.posts])).toEqual([
      ['x', 5],
      ['facebook', 5],
    ]);
    expect(result.posts).toBe(10);
    for (const { post, findings } of result.flagged) expect(findings).toEqual(check({ text: post.text, site: post.site, audience: post.audience }));
    const texts = result.flagged.map((f) => f.post.text);
    expect(texts).toEqual(expect.arrayContaining([RISKY.alcohol, RISKY.identifier, `RT @medic_memes: ${RISKY.claim}`]));
    expect(texts.some((t) => CLEAN.includes(t))).toBe(false);
    const rank = { high: 3, medium: 2, low: 1 };
    const ranks = result.flagged.map((f) => rank[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // The group post is checked as a closed-group draft.
    expect(result.flagged.find((f) => f.post.text === RISKY.identifier)!.post.audience).toBe('closed-group');
  });

  it('keeps only posts from --since on, and applies the categories asked for', async () => {
    const archive = await openArchive(await xArchive(dir));
    const result = await audit([archive], { check, since: new Date('2021-01-01'), checkOptions: { categories: { 'colleague-criticism': false } } });
    await archive.close();
    expect(result.posts).toBe(3);
    expect(result.flagged.map((f) => f.post.id)).toEqual(['1004']);
  });

  it('says which platforms it reads when an archive is none of them, and refuses an empty one', async () => {
    const unknown = await openArchive(await writeZip(path.join(dir, 'holiday.zip'), { 'notes.txt': 'hello', 'photo.jpg': new Uint8Array([1, 2, 3]) }));
    await expect(readerFor(unknown)).rejects.toThrow(/holiday\.zip: is not an archive Second Opinion can read\. It reads the archives of X \(Twitter\), Facebook, Instagram, LinkedIn, Reddit, Mastodon/);
    const empty = await openArchive(await writeZip(path.join(dir, 'empty.zip'), {}));
    await expect(readerFor(empty)).rejects.toThrow(/empty\.zip: holds no files/);
    await Promise.all([unknown.close(), empty.close()]);
  });
});

describe('reports', () => {
  it('write CSV a spreadsheet cannot run as formulas', async () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('plain')).toBe('plain');
    const archive = await openArchive(await redditArchive(dir));
    const csv = reportCsv(reportData(await audit([archive], { check })));
    await archive.close();
    expect(csv.split('\r\n')[0]).toBe('site,date,kind,audience,severity,categories,link,search,text');
    expect(csv).toContain('https://www.reddit.com/r/doctorsUK/comments/abc1/rant/');
  });

  it('give the words to search for where the archive holds no link', async () => {
    const archive = await openArchive(await instagramArchive(dir));
    const data = reportData(await audit([archive], { check }));
    await archive.close();
    const item = data.items.find((i) => i.text.startsWith('Still drunk'))!;
    expect(item.url).toBeUndefined();
    expect(item.search).toBe('Still drunk from last night and starting my…');
  });
});

describe('second-opinion audit', () => {
  it('is built with no way to reach the network: no fetch, sockets or HTTP modules in the bundle', () => {
    const code = fs.readFileSync(CLI, 'utf8');
    expect(code).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket\(|sendBeacon/);
    expect(code).not.toMatch(/require\("(?:node:)?(?:http|https|http2|net|tls|dgram|dns)"\)/);
  });

  it('prints a summary and exits 1 when posts are flagged, 0 when none are', async () => {
    const flagged = run('audit', await linkedinArchive(dir));
    expect(flagged.status).toBe(1);
    expect(flagged.stdout).toMatch(/^3 posts checked in .*Basic_LinkedInDataExport_11-30-2026\.zip \(linkedin, 3\): 2 flagged\./);
    expect(flagged.stdout).toContain('https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A222');
    expect(flagged.stdout).toContain('add --out report.html');
    const clean = await writeZip(path.join(dir, 'clean-reddit.zip'), {
      'posts.csv': `id,permalink,date,ip,subreddit,gildings,title,url,body\nq1,https://www.reddit.com/r/a/comments/q1/,2022-01-01 00:00:00 UTC,,a,0,Hi,,${CLEAN[0]}\n`,
    });
    const none = run('audit', clean);
    expect(none.status).toBe(0);
    expect(none.stdout).toMatch(/1 posts checked .*: 0 flagged\./);
  });

  it('shows a progress bar on a terminal, and none when its output is read by a program', async () => {
    const archive = await xArchive(dir);
    // `script` gives the command a terminal of its own, as a user's shell would.
    const onTerminal = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} audit ${JSON.stringify(archive)} --format json > /dev/null`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
    expect(onTerminal.stdout).toMatch(/5\/5 posts checked/);
    expect(run('audit', archive, '--format', 'json').stderr).not.toMatch(/posts checked/);
  });

  it('writes the report the --out file names, as HTML, JSON or CSV', async () => {
    const archive = await mastodonArchive(dir);
    for (const [name, test] of [
      ['report.html', (text: string) => expect(text).toMatch(/^<!doctype html>[\s\S]*<mark>Still drunk/)],
      ['report.json', (text: string) => expect(JSON.parse(text)).toMatchObject({ posts: 3, archives: [{ site: 'mastodon', posts: 3 }] })],
      ['report.csv', (text: string) => expect(text).toContain('https://mastodon.example/@drsam/1')],
    ] as const) {
      const out = path.join(dir, name);
      const r = run('audit', archive, '--out', out);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`report written to ${out}`);
      test(fs.readFileSync(out, 'utf8'));
    }
    const json = run('audit', archive, '--format', 'json', '--only', 'alcohol-at-work');
    expect(JSON.parse(json.stdout).items.map((i: { categories: string[] }) => i.categories)).toEqual([['alcohol-at-work']]);
  });

  it('reads a Bluesky repository export, on its own or in a zip, with a link to each post', async () => {
    const car = blueskyCar(dir);
    const r = run('audit', car, '--format', 'json');
    expect(r.status).toBe(1);
    const data = JSON.parse(r.stdout);
    expect(data.archives).toEqual([{ label: car, site: 'bluesky', posts: 4 }]);
    const byText = new Map(data.items.map((i: { text: string }) => [i.text, i]));
    expect(byText.get(RISKY.alcohol)).toMatchObject({ kind: 'post', date: '2024-03-01T09:00:00.000Z', url: 'https://bsky.app/profile/did:plc:abcdefghijklmnopqrstuvwx/post/3kaaa' });
    expect(byText.get(RISKY.colleague)).toMatchObject({ kind: 'reply' });
    expect(byText.get(`So true 😂 ${RISKY.claim}`)).toMatchObject({ kind: 'quote' });
    const zipped = await writeZip(path.join(dir, 'bluesky-export.zip'), { 'repo': fs.readFileSync(car) });
    expect(JSON.parse(run('audit', zipped, '--format', 'json').stdout).archives[0]).toMatchObject({ site: 'bluesky', posts: 4 });
    // A record cut out of the export: the error names the file, and no report is written.
    const bytes = fs.readFileSync(car);
    const cut = path.join(dir, 'cut.car');
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 40));
    const broken = run('audit', cut, '--out', path.join(dir, 'cut.html'));
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/cut\.car: (?:is not a readable CAR file|is missing the block)/);
    expect(broken.stderr).not.toMatch(/cut\.car: cut\.car/);
    expect(fs.existsSync(path.join(dir, 'cut.html'))).toBe(false);
  });

  /** Audits through the built CLI in a fresh process: its exit code, the threads that checked, and the JSON report less its date. */
  let reports = 0;
  function auditInProcess(archive: string, env: Record<string, string> = {}, ...flags: string[]): { code: number; threads: number; report: Record<string, unknown> } {
    const out = path.join(dir, `report-${++reports}.json`);
    const probe = `const cli = require(${JSON.stringify(CLI)}); cli.main(['node', 'second-opinion', 'audit', ${JSON.stringify(archive)}, ${flags.map((f) => `${JSON.stringify(f)}, `).join('')}'--out', ${JSON.stringify(out)}]).then((code) => process.stdout.write(JSON.stringify({ code, threads: cli.lastCheckThreads() })));`;
    // The variable from whoever runs the tests is not inherited: each case sets its own. A hang fails, not blocks.
    const { SECOND_OPINION_WORKERS: _inherited, ...base } = process.env;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...base, ...env }, timeout: 60_000 });
    expect({ status: r.status, stderr: r.stderr.replace(/^second-opinion: .* report written to .*\n$/m, '') }).toEqual({ status: 0, stderr: '' });
    const { code, threads } = JSON.parse(r.stdout);
    const { generated: _generated, ...report } = JSON.parse(fs.readFileSync(out, 'utf8'));
    return { code, threads, report };
  }

  it('checks a large archive on every core, and the report is exactly the one a single thread writes', async () => {
    const posts = Array.from({ length: 5200 }, (_, i) => ({ id: String(50_000 + i), text: `${[...Object.values(RISKY), ...CLEAN][i % (Object.values(RISKY).length + CLEAN.length)]} (${i})`, created_at: 'Wed Oct 10 20:19:24 +0000 2018' }));
    const archive = await xArchive(dir, posts);
    const single = auditInProcess(archive, { SECOND_OPINION_WORKERS: '1' });
    const pooled = auditInProcess(archive);
    expect(single.threads).toBe(1);
    expect(pooled.threads).toBe(Math.min(os.availableParallelism(), 8));
    expect(pooled.code).toBe(1);
    expect((pooled.report as { posts: number }).posts).toBe(5200);
    expect(pooled.report).toEqual(single.report);
    // Asked for three threads, a small archive is checked by three, with the same report.
    const small = await xArchive(dir, posts.slice(0, 700));
    const three = auditInProcess(small, { SECOND_OPINION_WORKERS: '3' });
    expect(three.threads).toBe(3);
    expect(three.report).toEqual(auditInProcess(small, { SECOND_OPINION_WORKERS: '1' }).report);
    // No posts left (all before --since) with threads asked for: the report says so, as one thread's does.
    const none = auditInProcess(small, { SECOND_OPINION_WORKERS: '2' }, '--since', '2099-01-01');
    expect(none).toMatchObject({ code: 0, threads: 1, report: { posts: 0, flagged: 0 } });
  }, 120_000);

  it('refuses a bad SECOND_OPINION_WORKERS with exit 2 before reading anything', async () => {
    const archive = await xArchive(dir);
    const r = spawnSync(process.execPath, [CLI, 'audit', archive], { encoding: 'utf8', env: { ...process.env, SECOND_OPINION_WORKERS: 'lots' }, timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SECOND_OPINION_WORKERS must be a whole number from 1 to 64, not "lots"');
    expect(r.stdout).toBe('');
  });

  it('refuses bad input with exit 2, naming the file and the entry, and writes no report', async () => {
    const out = path.join(dir, 'never.html');
    const truncated = path.join(dir, 'truncated.zip');
    const whole = fs.readFileSync(await xArchive(dir));
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const wrongShape = await writeZip(path.join(dir, 'wrong-shape.zip'), {
      'data/tweets.js': `window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": 42, "created_at": "Mon Jan 02 09:00:00 +0000 2023"}}]`,
    });
    const empty = await writeZip(path.join(dir, 'nothing.zip'), {});
    const unknown = await writeZip(path.join(dir, 'photos.zip'), { 'IMG_0001.jpg': new Uint8Array([1, 2, 3]) });
    for (const [file, message] of [
      [truncated, /truncated\.zip: not a complete zip file \(truncated or damaged\)/],
      [wrongShape, /wrong-shape\.zip: data\/tweets\.js: is not the shape of an X archive's tweet \(item 0\) at tweet\.full_text/],
      [empty, /nothing\.zip: holds no files: an empty archive/],
      [unknown, /photos\.zip: is not an archive Second Opinion can read\. It reads the archives of X \(Twitter\), Facebook/],
      [path.join(dir, 'missing.zip'), /missing\.zip: no such file or folder/],
    ] as const) {
      const r = run('audit', await xArchive(dir), file, '--out', out);
      expect({ file, status: r.status }).toEqual({ file, status: 2 });
      expect(r.stderr).toMatch(message);
      expect(fs.existsSync(out)).toBe(false);
    }
    expect(run('audit', await xArchive(dir), '--since', '2021-13-40').stderr).toMatch(/--since: "2021-13-40" is not a date written as YYYY-MM-DD/);
  });
});
