/** `second-opinion check-image`, run as a user would run it, on pictures of the image set (drawn in Chromium). */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromiumAvailable } from '../browser/launch';
import { renderImageSet, type ImageEntry } from '../fixtures/images/render';

const CLI = path.resolve(__dirname, '../../dist/cli/second-opinion.js');
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const maybe = chromiumAvailable() ? describe : describe.skip;

maybe('second-opinion check-image', () => {
  let images: ImageEntry[];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'so-check-image-'));
  beforeAll(async () => {
    images = await renderImageSet();
  }, 120_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const file = (id: string) => images.find((image) => image.id === id)!.file;

  it('says what a risky picture shows, where, and why; exit 1', () => {
    const r = run(['check-image', file('wristband-1')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^✗ .*wristband-1\.png \(800×420\): The picture shows text that is a risk: could identify a patient \(/);
    expect(r.out).toMatch(/HIGH {3}patient-identifier {2}“\d{3} \d{3} \d{4}” {2}\(nhs-number; in the picture at \d+,\d+–\d+,\d+\)/);
    expect(r.out).toMatch(/Why: GMC Using social media as a medical professional \(2024\), paragraph 18/);
  });

  it('passes a benign picture; exit 0', () => {
    const r = run(['check-image', file('conference-slide-1')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^✓ .*conference-slide-1\.png \(800×420\): Nothing in the text of the picture was flagged\./);
  });

  it('reminds about consent when the post\'s text (--draft) makes a clinical image likely', () => {
    const kinds = (args: string[]) => JSON.parse(run(['check-image', '--format', 'json', ...args, file('conference-slide-1')]).out).images[0].report.notes.map((n: { kind: string }) => n.kind);
    expect(kinds(['--draft', 'Look at this X-ray from today'])).toContain('consent');
    expect(kinds(['--draft', 'Lovely walk today'])).not.toContain('consent');
  });

  it('prints JSON with the findings, their boxes and the notes, and warns of an embedded location', () => {
    const located = images.find((image) => image.exif && image.risky)!;
    const r = run(['check-image', '--format', 'json', '--site', 'phpbb', located.file]);
    expect(r.code).toBe(1);
    const [image] = JSON.parse(r.out).images;
    expect(image.report.findings.length).toBeGreaterThan(0);
    for (const f of image.report.findings) expect(f.boxes.length).toBeGreaterThan(0);
    const location = image.report.notes.find((n: { kind: string }) => n.kind === 'location');
    expect(location.message).toMatch(/phpBB forums usually serve attachments exactly as uploaded/);
    expect(image.report.notes.map((n: { kind: string }) => n.kind)).toContain('owner');
  });

  it('says "could not read this image" for a bad file and still checks the others; exit 2', () => {
    const pdf = path.join(tmp, 'scan.pdf');
    fs.writeFileSync(pdf, '%PDF-1.7\n1 0 obj');
    const r = run(['check-image', pdf, path.join(tmp, 'missing.png'), file('conference-slide-1')]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${pdf}: could not read this image: it is a PDF, not a picture`);
    expect(r.out).toContain('missing.png: could not read this image: no such file');
    expect(r.out).toContain('conference-slide-1.png (800×420): Nothing in the text of the picture was flagged.');
  });

  it('refuses a site it does not know, naming the sites', () => {
    const r = run(['check-image', '--site', 'constructor', file('conference-slide-1')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--site: unknown site "constructor" \(sites: x, facebook/);
  });

  it('refuses a format it does not know, naming the choices', () => {
    const r = run(['check-image', '--format', 'xml', file('conference-slide-1')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/choices are human, json|Allowed choices are human, json/);
  });
});
