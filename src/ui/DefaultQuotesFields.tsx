import { DEFAULT_QUOTE_FIELDS, type DefaultQuoteField } from '../core/settings.ts';
import { Field } from './Field.tsx';
import { t } from './strings.ts';

interface Props {
  /** The form's wiring for each size class's field (value, handlers, aria). */
  control(field: DefaultQuoteField): Record<string, unknown>;
  errors: Partial<Record<DefaultQuoteField, string>>;
}

/** The venue's usual quote per size class (1–2, 3–4, 5–6, 7+): what Add party suggests while there is no history. */
export function DefaultQuotesFields({ control, errors }: Props) {
  const s = t().quotes.defaults;
  return (
    <fieldset class="default-quotes" aria-describedby="default-quotes-hint">
      <legend class="field-label">{s.legend}</legend>
      <div class="default-quotes-row">
        {DEFAULT_QUOTE_FIELDS.map((field, i) => (
          <Field key={field} id={`settings-${field}`} label={s.field(i)} error={errors[field]}>
            <input type="text" inputMode="numeric" autoComplete="off" {...control(field)} />
          </Field>
        ))}
      </div>
      <p class="field-hint" id="default-quotes-hint">
        {s.hint}
      </p>
    </fieldset>
  );
}
