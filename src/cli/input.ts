/** Reading drafts for the CLI: an argument, a file, or standard input; JSONL batch lines. */
import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { z } from 'zod';
import { AUDIENCES, type Audience } from '../engine/types';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface DraftSource {
  text: string;
  /** Where it came from, for messages: a file name, `stdin` or `draft` (given as an argument). */
  label: string;
  fromFile: boolean;
}

const looksLikePath = (s: string) => !/\s/.test(s) && (/[\\/]/.test(s) || /\.[A-Za-z0-9]{1,5}$/.test(s));

/**
 * The longest draft checked, in characters: longer than any social-media post or forum reply
 * (the bench checks drafts up to this size), and a bound on the memory one draft takes.
 */
export const MAX_DRAFT_CHARS = 1_000_000;

/** A draft's text from its bytes: refuses binary data and invalid UTF-8 instead of guessing. */
export function decodeText(buf: Buffer, where: string): string {
  if (buf.includes(0)) throw new UsageError(`${where} looks like binary data, not text`);
  if (!isUtf8(buf)) throw new UsageError(`${where} is not valid UTF-8 text; save it as UTF-8 and try again`);
  return buf.toString('utf8');
}

/** Refuses a draft longer than any post can be, saying how long it is. */
export function checkLength(text: string, where: string): string {
  if (text.length > MAX_DRAFT_CHARS) {
    throw new UsageError(`${where} is ${text.length.toLocaleString('en-GB')} characters; a draft can be at most ${MAX_DRAFT_CHARS.toLocaleString('en-GB')} (longer than any post)`);
  }
  return text;
}

export function readStdin(): string {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(0);
  } catch (e) {
    throw new UsageError(`could not read standard input: ${(e as Error).message}`);
  }
  return decodeText(buf, 'standard input');
}

export function readFileText(file: string): string {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`no such file: ${file}`);
    if (code === 'EISDIR') throw new UsageError(`${file} is a directory, not a file`);
    throw new UsageError(`could not read ${file}: ${(e as Error).message}`);
  }
  if (buf.includes(0)) throw new UsageError(`${file} looks like a binary file, not text`);
  return decodeText(buf, file);
}

/**
 * `check "text"`, `check FILE` or `check -`. An argument that names an existing
 * file is read; one that looks like a path but does not exist is an error rather
 * than a silently clean "draft" consisting of the file name.
 */
export function resolveDraftArgument(arg: string | undefined): DraftSource {
  const source = readDraftArgument(arg);
  // Nothing to check is a mistake (an empty file, an unset variable), not a clean draft.
  if (!source.text.trim()) throw new UsageError(`${source.label === 'draft' ? 'the draft' : source.label} is empty: there is nothing to check`);
  return source;
}

function readDraftArgument(arg: string | undefined): DraftSource {
  if (arg === undefined) {
    if (process.stdin.isTTY) throw new UsageError('give the draft as an argument, a file name, or - to read standard input');
    return { text: checkLength(readStdin(), 'standard input'), label: 'stdin', fromFile: false };
  }
  if (arg === '-') return { text: checkLength(readStdin(), 'standard input'), label: 'stdin', fromFile: false };
  if (fs.existsSync(arg) && fs.statSync(arg).isFile()) return { text: checkLength(readFileText(arg), arg), label: arg, fromFile: true };
  if (fs.existsSync(arg)) throw new UsageError(`${arg} is a directory, not a file`);
  if (looksLikePath(arg)) throw new UsageError(`no such file: ${arg} (to check text that looks like a file name, pipe it: echo '${arg}' | second-opinion check -)`);
  return { text: arg, label: 'draft', fromFile: false };
}

export const jsonlLineSchema = z.object({
  id: z.string({ error: 'needs an "id" string' }),
  text: z.string({ error: 'needs a "text" string' }),
  site: z.string({ error: '"site" must be a string' }).optional(),
  audience: z.enum(AUDIENCES, { error: `"audience" must be one of ${AUDIENCES.join(', ')}` }).optional(),
});
export type JsonlLine = z.infer<typeof jsonlLineSchema>;

/** Parse one JSONL line; returns the record or a one-line reason. */
export function parseJsonlLine(line: string): { ok: true; value: JsonlLine } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, error: 'each line must be a JSON object' };
  const result = jsonlLineSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { ok: false, error: issue.message };
  }
  if (result.data.text.length > MAX_DRAFT_CHARS) return { ok: false, error: `"text" is ${result.data.text.length.toLocaleString('en-GB')} characters; a draft can be at most ${MAX_DRAFT_CHARS.toLocaleString('en-GB')}` };
  return { ok: true, value: result.data };
}

export function parseAudience(value: string | undefined): Audience | undefined {
  if (value === undefined) return undefined;
  if (!(AUDIENCES as readonly string[]).includes(value)) throw new UsageError(`--audience must be one of ${AUDIENCES.join(', ')} (got "${value}")`);
  return value as Audience;
}
