import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every TypeScript file under `dir`, for the tests that read the sources themselves. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}
