/** What the archive readers share: reading an entry as JSON or CSV, and checking its shape. */
import { parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import { ArchiveError, type Archive, type ArchiveEntry } from '../types';

/** The entries whose path matches, in path order. */
export function entriesNamed(archive: Archive, pattern: RegExp): ArchiveEntry[] {
  return archive.entries.filter((entry) => pattern.test(entry.name)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

const texts = new WeakMap<ArchiveEntry, Promise<string>>();
const bytes = new WeakMap<ArchiveEntry, Promise<Uint8Array>>();

/**
 * An entry's text, inflated once however many readers look at it: finding the platform
 * tries each reader in turn (LinkedIn's and Reddit's both read every CSV's header), and
 * the one that answers then reads the same files again.
 */
export function textOf(entry: ArchiveEntry): Promise<string> {
  let text = texts.get(entry);
  if (!text) texts.set(entry, (text = entry.text()));
  return text;
}

/** The same for an entry's bytes. */
export function bytesOf(entry: ArchiveEntry): Promise<Uint8Array> {
  let data = bytes.get(entry);
  if (!data) bytes.set(entry, (data = entry.bytes()));
  return data;
}

/** An entry's JSON; a clear error naming the entry when it is not JSON. */
export async function readJson(archive: Archive, entry: ArchiveEntry): Promise<unknown> {
  const source = await textOf(entry);
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new ArchiveError(archive.label, `is not valid JSON (${(error as Error).message})`, entry.name);
  }
}

/** The value checked against a zod schema: an error naming the entry and what is wrong where. */
export function shaped<T>(archive: Archive, entry: ArchiveEntry, schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new ArchiveError(archive.label, `is not the shape of ${what}${where}: ${issue.message}`, entry.name);
}

/** An entry's CSV rows as objects keyed by its header. */
export async function readCsv(archive: Archive, entry: ArchiveEntry): Promise<Record<string, string>[]> {
  const text = await textOf(entry);
  try {
    return parseCsv(text, { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as Record<string, string>[];
  } catch (error) {
    throw new ArchiveError(archive.label, `is not a readable CSV file (${(error as Error).message})`, entry.name);
  }
}

/** The header of a CSV entry: its first line. */
export async function csvHeader(entry: ArchiveEntry): Promise<string[]> {
  if (entry.size > 500 * 1024 * 1024) return [];
  const text = await textOf(entry);
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
}

/**
 * Meta's archives (Facebook, Instagram) write each UTF-8 byte of a text as its own
 * character ("cafÃ©" for "café", "ð\x9f\x98\x82" for 😂). Such a string holds only
 * characters below 256; read as bytes and decoded as UTF-8 it is the text again. A string
 * that is not valid UTF-8 that way was not written so, and is left as it is.
 */
export function fixMetaText(text: string): string {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 255) return text;
    bytes[i] = code;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return text;
  }
}

/** A Unix time in seconds as ISO 8601. */
export function isoFromSeconds(seconds: number | undefined): string | undefined {
  return seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 ? undefined : new Date(seconds * 1000).toISOString();
}

/** A date as the archives write it ("2023-05-04 10:22:11 UTC", "Wed Oct 10 20:19:24 +0000 2018") as ISO 8601. */
export function isoFromText(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const normalised = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?( UTC)?$/.test(text.trim()) ? `${text.trim().replace(' UTC', '').replace(' ', 'T')}Z` : text;
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
