import {
  characterCount,
  DEFAULT_TEMPLATE,
  DEFAULT_TEMPLATES,
  longestMessageLength,
  renderMessage,
} from '../core/message-template.ts';
import { Field } from './Field.tsx';
import { language, t } from './strings.ts';

interface Props {
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

/** The message template with a preview and the live count Save checks against: the longest name, the biggest party. */
export function TemplateFields({ template, venueName, limit, limitInRange, error, control, onTemplate }: Props) {
  const standard = DEFAULT_TEMPLATES[language.value] ?? DEFAULT_TEMPLATE;
  const sample = renderMessage(template, { name: 'Ana', venue: venueName.trim(), size: 4 });
  const longest = longestMessageLength(template, venueName);
  return (
    <>
      <Field id="settings-template" label={t().fields.template} error={error} hint={t().fields.templateHint}>
        <textarea rows={3} {...control} />
        {template !== standard && (
          <button type="button" class="button" onClick={() => onTemplate(standard)}>
            {t().kiosk.useDefaultTemplate}
          </button>
        )}
      </Field>
      <div class="template-preview" aria-live="polite">
        <p>
          {t().fields.preview}: <q>{sample}</q>
        </p>
        <p class={longest > limit || !limitInRange ? 'count over' : 'count'}>
          {limitInRange
            ? t().owner.characterCount(characterCount(sample), longest, limit)
            : t().owner.characterCountNoLimit(characterCount(sample), longest, limit)}
        </p>
      </div>
    </>
  );
}
