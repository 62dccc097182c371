import type { MessageKind } from './guest-message.ts';
import { err, ok, type Result } from './result.ts';
import { isSafeText } from './wire/safe-text.ts';

/** The placeholders a message template may use, whatever its kind. */
const PLACEHOLDERS = ['name', 'venue', 'size', 'position', 'quote'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** What a message is filled with; `position` and `quote` may be unknown (no quote given). */
export type MessageValues = Record<'name' | 'venue', string> &
  Record<'size', string | number> &
  Partial<Record<'position' | 'quote', string | number | null>>;

/** The best-supported Pushed content limit (its WordPress plugin cuts there: longer content is refused); a setting. */
export const DEFAULT_CONTENT_LIMIT = 140;
/** The content limit a venue may set, at least. */
export const CONTENT_LIMIT_MIN = 20;
/** The content limit a venue may set, at most: Pushed refuses longer content. */
export const CONTENT_LIMIT_MAX = 140;
/** The guest's name length a template must fit with: a long name, as hosts type them. */
export const WORST_CASE_NAME_LENGTH = 30;
/** The party size a template must fit with: the largest party, two digits. */
export const WORST_CASE_SIZE = '20';
/** The place in line a template must fit with: two digits. */
export const WORST_CASE_POSITION = '99';
/** The quote a template must fit with: three digits of minutes. */
export const WORST_CASE_QUOTE = '999';

/** What the guest reads when their table is ready, unless the venue changes it. */
export const DEFAULT_TEMPLATE = '{name}, your table at {venue} is ready! Please come to the host stand.';

/** The standard message in each kiosk language. */
export const DEFAULT_TEMPLATES: Record<string, string> = {
  en: DEFAULT_TEMPLATE,
  es: '{name}, ¡tu mesa en {venue} está lista! Acércate al mostrador de recepción.',
};

/** The standard message of each kind in each kiosk language (Table ready's are DEFAULT_TEMPLATES). */
export const DEFAULT_MESSAGE_TEMPLATES: Record<MessageKind, Record<string, string>> = {
  on_list: {
    en: "You're on the list at {venue}: #{position}, about {quote} min",
    es: 'Estás en la lista de {venue}: puesto {position}, unos {quote} min',
  },
  getting_close: {
    en: "{name}, you're nearly up at {venue}: please stay close.",
    es: '{name}, ya casi te toca en {venue}: quédate cerca.',
  },
  table_ready: DEFAULT_TEMPLATES,
};

/** Why a template cannot be used. */
export type TemplateProblem =
  | { kind: 'empty' }
  /** A tab, NUL or other control character (a line break is fine), or half a character: no store or phone takes it. */
  | { kind: 'bad_characters' }
  | { kind: 'unknown_placeholder'; placeholder: string }
  | { kind: 'too_long'; longest: number; limit: number };

/** Characters as a person counts them (code points), which is what the limit is about. */
export const characterCount = (text: string): number => [...text].length;

/** Checks a template: not empty, safe text (line breaks allowed), and only known placeholders. */
export function checkTemplate(template: string): Result<string, TemplateProblem> {
  if (template.trim() === '') return err({ kind: 'empty' });
  if (!isSafeText(template, true)) return err({ kind: 'bad_characters' });
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1] ?? '';
    if (!(PLACEHOLDERS as readonly string[]).includes(name))
      return err({ kind: 'unknown_placeholder', placeholder: `{${name}}` });
  }
  return ok(template.trim());
}

// The part of a sentence holding {quote}: from the punctuation before it to the next (or the end).
const QUOTE_CLAUSE = /[,;:]?[^,;:.!?]*\{quote\}[^,;:.!?]*/g;

/**
 * Fills a template's placeholders. With no quote, the part of the sentence that holds `{quote}` (from
 * the comma or colon before it to the next punctuation) is left out: "…: #3, about {quote} min" reads
 * "…: #3". Unknown values (none given) stay as they are typed.
 */
export function renderMessage(template: string, values: MessageValues): string {
  let text = template;
  if (values.quote === null) {
    const without = template.replace(QUOTE_CLAUSE, '').replace(/^[\s,;:]+/, '');
    text = without.trim() === '' ? template.replaceAll('{quote}', '?') : without;
  }
  return text.replace(/\{(name|venue|size|position|quote)\}/g, (whole, key: Placeholder) => {
    const value = values[key];
    return value === undefined || value === null ? whole : String(value);
  });
}

/**
 * The length of the longest message this template can make at this venue: a WORST_CASE_NAME_LENGTH
 * name, a party of WORST_CASE_SIZE, at WORST_CASE_POSITION, quoted WORST_CASE_QUOTE minutes.
 */
export const longestMessageLength = (template: string, venueName: string): number =>
  characterCount(
    renderMessage(template.trim(), {
      name: 'x'.repeat(WORST_CASE_NAME_LENGTH),
      venue: venueName.trim(),
      size: WORST_CASE_SIZE,
      position: WORST_CASE_POSITION,
      quote: WORST_CASE_QUOTE,
    }),
  );
