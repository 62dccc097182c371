import { err, ok, type Result } from './result.ts';

/** The placeholders a notification template may use. */
const PLACEHOLDERS = ['name', 'venue', 'size'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** The best-supported Pushed content limit (see shared/docs/pushed-api.md); a setting. */
export const DEFAULT_CONTENT_LIMIT = 140;
/** The content limit a venue may set, at least. */
export const CONTENT_LIMIT_MIN = 20;
/** The content limit a venue may set, at most: Pushed refuses longer content (shared/docs/pushed-api.md). */
export const CONTENT_LIMIT_MAX = 140;
/** The guest's name length a template must fit with: a long name, as hosts type them. */
export const WORST_CASE_NAME_LENGTH = 30;
/** The party size a template must fit with: the largest party, two digits. */
export const WORST_CASE_SIZE = '20';

/** What the guest reads when their table is ready, unless the venue changes it. */
export const DEFAULT_TEMPLATE = '{name}, your table at {venue} is ready! Please come to the host stand.';

/** The standard message in each kiosk language. */
export const DEFAULT_TEMPLATES: Record<string, string> = {
  en: DEFAULT_TEMPLATE,
  es: '{name}, ¡tu mesa en {venue} está lista! Acércate al mostrador de recepción.',
};

/** Why a template cannot be used. */
export type TemplateProblem =
  | { kind: 'empty' }
  | { kind: 'unknown_placeholder'; placeholder: string }
  | { kind: 'too_long'; longest: number; limit: number };

/** Characters as a person counts them (code points), which is what the limit is about. */
export const characterCount = (text: string): number => [...text].length;

/** Checks a template: not empty, and only known placeholders. */
export function checkTemplate(template: string): Result<string, TemplateProblem> {
  if (template.trim() === '') return err({ kind: 'empty' });
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1] ?? '';
    if (!(PLACEHOLDERS as readonly string[]).includes(name))
      return err({ kind: 'unknown_placeholder', placeholder: `{${name}}` });
  }
  return ok(template.trim());
}

/** Fills a template's placeholders. */
export function renderMessage(template: string, values: Record<Placeholder, string | number>): string {
  return template.replace(/\{(name|venue|size)\}/g, (_, key: Placeholder) => String(values[key]));
}

/** The length of the message for a guest with a WORST_CASE_NAME_LENGTH name and a party of WORST_CASE_SIZE at this venue. */
export const longestMessageLength = (template: string, venueName: string): number =>
  characterCount(
    renderMessage(template.trim(), {
      name: 'x'.repeat(WORST_CASE_NAME_LENGTH),
      venue: venueName.trim(),
      size: WORST_CASE_SIZE,
    }),
  );
