/** What the engine needs from the settings: categories on or off, local terms, muted rules and words, blocked categories. */
import type { Category, CheckOptions } from '../engine/types';
import type { Settings } from './schema';

export function checkOptions(settings: Settings): CheckOptions {
  return {
    categories: Object.fromEntries(Object.entries(settings.categories).map(([category, mode]) => [category, mode !== 'off'])),
    localTerms: settings.localTerms,
    mutedRules: settings.mutedRules,
    mutedPhrases: settings.mutedPhrases,
    blockingCategories: (Object.entries(settings.categories) as [Category, string][]).filter(([, mode]) => mode === 'block').map(([category]) => category),
  };
}
