/**
 * The one settings model. Everything else derives from it: the TypeScript types, the
 * runtime validation of stored and imported settings and of managed policy, the Chrome
 * `managed_schema` (scripts/policy-templates.mjs), the deployment templates and the
 * settings table in docs/deploying.md.
 *
 * Each key carries a `description` (shown to admins) via zod's metadata.
 */
import { z } from 'zod';
import { CATEGORIES } from '../engine/types';

import { CATEGORY_MODES } from './defaults';

export { CATEGORY_MODES, DEFAULT_SETTINGS, categoryMode, type CategoryMode } from './defaults';

export const CategoryModeSchema = z.enum(CATEGORY_MODES);

/** A site pattern the user or trust adds: an https origin, optionally with a leading `*.` wildcard. */
export const SITE_PATTERN = /^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/$/;

export const SettingsSchema = z.object({
  categories: z
    .partialRecord(z.enum(CATEGORIES), CategoryModeSchema)
    .describe('Per risk category: "off" (not checked), "warn" (underlined, and the last check lists high risks) or "block" (the post cannot go until the clinician confirms they have reviewed it against the guidance).'),
  mutedRules: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/).max(100)).max(1000).describe('Rule ids that are not flagged ("Don\'t flag this again").'),
  mutedPhrases: z
    .array(z.string().trim().min(1).max(200))
    .max(1000)
    .describe('Words that are not flagged, whatever the rule ("Don\'t flag these words again"), in lower case. A category the trust blocks is flagged whatever the user muted.'),
  disabledSites: z.array(z.string().regex(/^[a-z0-9-]+$/).max(40)).max(100).describe('Site ids on which Second Opinion does not run (x, facebook, reddit, whatsapp, linkedin, bluesky, mastodon, discourse, phpbb, xenforo, generic).'),
  pausedHosts: z.array(z.string().max(253)).max(1000).describe('Host names the user has paused from the popup.'),
  extraSites: z.array(z.string().regex(SITE_PATTERN).max(260)).max(200).describe('Extra forums to check, as https origins such as "https://forum.example.nhs.uk/" or "https://*.example.org/". The browser asks the user to allow each.'),
  imageCheck: CategoryModeSchema.describe(
    'Pictures attached to a post: "off" (not read), "warn" (the text in the picture is read on this device and checked like the draft; the last check lists what it found) or "block" (the post cannot go until the clinician confirms they have reviewed the picture, and, for a clinical image, that they have the patient\'s written consent). Default "warn".',
  ),
  localTerms: z.array(z.string().trim().min(2).max(80)).max(2000).describe('Local names to treat as patient identifiers: ward names, hospital names, local places.'),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type SettingKey = keyof Settings;
