/**
 * The policy schema browsers read (Chrome's `storage.managed_schema`, a subset of JSON
 * Schema draft 03), generated from the zod settings model so the two cannot drift.
 * Chrome accepts only `type`, `properties`, `items`, `description`, `title`, `enum`,
 * `additionalProperties`, `id`/`$ref`, `pattern`; no `required`, no `format`.
 * We emit types, properties, items and descriptions only.
 */
import { z } from 'zod';
import { PolicyOnlySchema } from './layers';
import { SettingsSchema } from './schema';

type JsonSchema = Record<string, unknown>;

/** Chrome's subset of one JSON Schema node. */
function toChromeSchema(node: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  let type = node.type;
  if (node.enum) type ??= typeof (node.enum as unknown[])[0] === 'string' ? 'string' : 'integer';
  if (type) out.type = type;
  if (typeof node.description === 'string') out.description = node.description;
  // No `enum`: Chrome would drop a misspelt value silently, before the extension sees it.
  // Letting it through means our own validation can ignore that one key and tell the user
  // and admin which key and why (the options page lists policy problems).
  if (node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties as Record<string, JsonSchema>).map(([key, value]) => [key, toChromeSchema(value)]));
  }
  if (node.items) out.items = toChromeSchema(node.items as JsonSchema);
  return out;
}

/** Settings that users may change, offered by the trust as recommended values. */
export function policyJsonSchema(): JsonSchema {
  const settings = z.toJSONSchema(SettingsSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const trust = z.toJSONSchema(PolicyOnlySchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  // The categories record becomes one property per category, which Chrome can validate.
  const properties = { ...(settings.properties as Record<string, JsonSchema>) };
  const categories = properties.categories!;
  const modes = SettingsSchema.shape.categories.def.valueType;
  properties.categories = {
    type: 'object',
    description: categories.description,
    properties: Object.fromEntries(
      (SettingsSchema.shape.categories.def.keyType as z.ZodEnum).options.map((category) => [category, z.toJSONSchema(modes)]),
    ),
  };
  // Pauses are the user's alone; a trust decides whether pausing is allowed at all.
  delete properties.pausedHosts;
  delete properties.mutedRules;
  delete properties.mutedPhrases;
  const recommended = { type: 'object', description: 'Values the user starts with and may change (same keys as the enforced settings above).', properties };
  return {
    type: 'object',
    properties: { ...properties, ...(trust.properties as Record<string, JsonSchema>), recommended },
  };
}

export function managedSchema(): JsonSchema {
  return toChromeSchema(policyJsonSchema());
}
