import type { MessageKind } from '../core/guest-message.ts';
import {
  characterCount,
  DEFAULT_MESSAGE_TEMPLATES,
  longestMessageLength,
  renderMessage,
} from '../core/message-template.ts';
import { TEMPLATE_FIELDS } from '../core/settings.ts';
import { Field } from './Field.tsx';
import { language, t } from './strings.ts';
import { settingsWords } from './settings-words.ts';

interface Props {
  /** Which message this template writes: it names the field and its standard text. */
  kind: MessageKind;
  label: string;
  /** Said under the field, before which placeholders it may use. */
  hint?: string;
  template: string;
  venueName: string;
  /** The limit Save checks the template against (limitForTemplate of what is typed). */
  limit: number;
  /** False while the limit typed is out of range: the count says it is checked against the most Pushed takes. */
  limitInRange: boolean;
  error: string | undefined;
  /** The form's wiring for the template field (value, handlers, aria). */
  control: Record<string, unknown>;
  onTemplate(template: string): void;
}

/** A message template with a preview and the live count Save checks against: the worst case (core's WORST_CASE_*). */
export function TemplateFields({
  kind,
  label,
  hint,
  template,
  venueName,
  limit,
  limitInRange,
  error,
  control,
  onTemplate,
}: Props) {
  const standard = DEFAULT_MESSAGE_TEMPLATES[kind][language.value] ?? DEFAULT_MESSAGE_TEMPLATES[kind].en!;
  const sample = renderMessage(template, { name: 'Ana', venue: venueName.trim(), size: 4, position: 3, quote: 20 });
  const longest = longestMessageLength(template, venueName);
  const id = `settings-${TEMPLATE_FIELDS[kind]}`;
  return (
    <>
      <Field id={id} label={label} error={error} hint={[hint, t().fields.templateHint].filter(Boolean).join(' ')}>
        <textarea rows={3} {...control} />
        {template !== standard && (
          <button type="button" class="button" onClick={() => onTemplate(standard)}>
            {t().kiosk.useDefaultTemplate}
          </button>
        )}
      </Field>
      <div class="template-preview" aria-live="polite" id={`${id}-count`}>
        <p>
          {t().fields.preview}: <q>{sample}</q>
        </p>
        <p class={longest > limit || !limitInRange ? 'count over' : 'count'}>
          {limitInRange
            ? settingsWords().owner.characterCount(characterCount(sample), longest, limit)
            : settingsWords().owner.characterCountNoLimit(characterCount(sample), longest, limit)}
        </p>
      </div>
    </>
  );
}
