/**
 * Reads the labelled training posts in `rules/training/*.jsonl` (one JSON object a line:
 * id, text, site, audience, labels). A bad line stops the build with its file and line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { AUDIENCES, CATEGORIES } from '../engine/types';
import type { TrainingPost } from './train';

export class TrainingDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`Training data is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TrainingDataError';
  }
}

const postSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z]+-[A-Za-z0-9-]+$/, 'ids look like "tra-0012": the prefix names the author')
    // The rules' examples train under this prefix (src/rules/train.ts), never held out.
    .refine((id) => !id.startsWith('rule-'), 'the prefix "rule-" is kept for the rules\' own examples'),
  text: z.string().min(1),
  site: z.string().optional(),
  audience: z.enum(AUDIENCES).optional(),
  labels: z.array(z.enum(CATEGORIES)),
});

export function readTrainingPosts(dir: string): TrainingPost[] {
  const problems: string[] = [];
  const posts: TrainingPost[] = [];
  const ids = new Set<string>();
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort() : [];
  for (const f of files) {
    const lines = fs.readFileSync(path.join(dir, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const where = `rules/training/${f}: line ${i + 1}`;
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch (e) {
        problems.push(`${where}: not JSON (${(e as Error).message})`);
        return;
      }
      const r = postSchema.safeParse(data);
      if (!r.success) {
        problems.push(`${where}: ${r.error.issues.map((x) => `${x.path.join('.') || 'post'}: ${x.message}`).join('; ')}`);
        return;
      }
      if (ids.has(r.data.id)) problems.push(`${where}: id "${r.data.id}" is used twice`);
      ids.add(r.data.id);
      posts.push(r.data);
    });
  }
  if (problems.length) throw new TrainingDataError(problems);
  return posts;
}
