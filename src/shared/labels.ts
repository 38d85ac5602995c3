/** Message keys derived from ids (kept apart from i18n.ts so Node tests can use them without a browser). */

/** The message key of a category's label: `category_patient_identifier`. */
export function categoryLabelKey(category: string): string {
  return `category_${category.replace(/-/g, '_')}`;
}
