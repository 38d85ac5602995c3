/**
 * rules/images.yaml: what is said about an attached picture beyond the text in it (its
 * metadata, a consent reminder for clinical images, what each site does with metadata).
 * Validated at build time into build/images.json, which src/ocr reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { guidanceFileSchema } from './schema';

const nonEmpty = z.string().trim().min(1);
const noteSchema = z.strictObject({ message: nonEmpty, suggestion: nonEmpty.optional(), guidance: z.array(nonEmpty).min(1) });

export const imagesFileSchema = z.strictObject({
  images: z.strictObject({
    consent: noteSchema.extend({
      acknowledge: nonEmpty,
      cues: z.array(nonEmpty).min(5),
      examples: z.strictObject({ flag: z.array(nonEmpty).min(2), pass: z.array(nonEmpty).min(2) }),
    }),
    location: noteSchema,
    owner: noteSchema,
    metadata: z.record(nonEmpty, z.strictObject({ handling: z.enum(['strips', 'keeps', 'varies']), note: nonEmpty })),
  }),
});

export type ImageRules = z.infer<typeof imagesFileSchema>['images'];

/** The validated image rules, with their guidance resolved; every problem named by file and field. */
export function compileImageRules(rulesDir: string, siteIds: readonly string[]): ImageRules & { guidance: z.infer<typeof guidanceFileSchema>['guidance'] } {
  const file = path.join(rulesDir, 'images.yaml');
  const parsed = imagesFileSchema.safeParse(parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`rules/images.yaml: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const images = parsed.data.images;
  const { guidance } = guidanceFileSchema.parse(parse(fs.readFileSync(path.join(rulesDir, 'guidance.yaml'), 'utf8')));
  const problems: string[] = [];
  const cited = [...images.consent.guidance, ...images.location.guidance, ...images.owner.guidance];
  for (const id of cited) if (!guidance[id]) problems.push(`unknown guidance id "${id}"`);
  for (const site of siteIds) if (!images.metadata[site]) problems.push(`metadata: no entry for site "${site}"`);
  for (const site of Object.keys(images.metadata)) if (!siteIds.includes(site)) problems.push(`metadata: "${site}" is not a site module`);
  if (problems.length) throw new Error(`rules/images.yaml: ${problems.join('; ')}`);
  return { ...images, guidance: Object.fromEntries(cited.map((id) => [id, guidance[id]!])) };
}
