import { GETTING_CLOSE_OFF, GETTING_CLOSE_POSITION_MAX } from '../core/guest-message.ts';
import type { TemplateField } from '../core/settings.ts';
import { describedBy, Field } from './Field.tsx';
import { TemplateFields } from './TemplateFields.tsx';
import { t } from './strings.ts';

interface Props {
  venueName: string;
  limit: number;
  limitInRange: boolean;
  onListMessage: boolean;
  onListTemplate: string;
  gettingClosePosition: string;
  gettingCloseTemplate: string;
  errors: Partial<Record<TemplateField | 'gettingClosePosition', string>>;
  /** The form's wiring for a template field. */
  control(field: 'onListTemplate' | 'gettingCloseTemplate'): Record<string, unknown>;
  onOnListMessage(on: boolean): void;
  onGettingClosePosition(position: string): void;
  onTemplate(field: 'onListTemplate' | 'gettingCloseTemplate', template: string): void;
}

const POSITIONS = Array.from({ length: GETTING_CLOSE_POSITION_MAX + 1 }, (_, n) => n);

/** The messages guests get before their table is ready: On the list (on or off) and Getting close (at which place). */
export function GuestMessageFields(props: Props) {
  const m = t().messages;
  const { errors } = props;
  const shared = { venueName: props.venueName, limit: props.limit, limitInRange: props.limitInRange };
  return (
    <fieldset class="guest-messages">
      <legend class="field-label">{m.settingsTitle}</legend>
      <div class="field">
        <label class="radio">
          <input
            id="settings-onListMessage"
            type="checkbox"
            checked={props.onListMessage}
            aria-describedby="settings-onListMessage-hint"
            onChange={(e) => props.onOnListMessage(e.currentTarget.checked)}
          />
          {m.onListMessage}
        </label>
        <p class="field-hint" id="settings-onListMessage-hint">
          {m.onListHint}
        </p>
      </div>
      <TemplateFields
        kind="on_list"
        label={t().fields.onListTemplate}
        template={props.onListTemplate}
        {...shared}
        error={errors.onListTemplate}
        control={props.control('onListTemplate')}
        onTemplate={(text) => props.onTemplate('onListTemplate', text)}
      />
      <Field
        id="settings-gettingClosePosition"
        label={t().fields.gettingClosePosition}
        error={errors.gettingClosePosition}
        hint={m.gettingCloseHint}
      >
        <select
          id="settings-gettingClosePosition"
          value={props.gettingClosePosition}
          aria-invalid={errors.gettingClosePosition ? true : undefined}
          aria-describedby={describedBy('settings-gettingClosePosition', errors.gettingClosePosition, true)}
          onChange={(e) => props.onGettingClosePosition(e.currentTarget.value)}
        >
          {POSITIONS.map((n) => (
            <option key={n} value={String(n)}>
              {n === GETTING_CLOSE_OFF ? m.positionOff : m.positionOption(n)}
            </option>
          ))}
        </select>
      </Field>
      <TemplateFields
        kind="getting_close"
        label={t().fields.gettingCloseTemplate}
        template={props.gettingCloseTemplate}
        {...shared}
        error={errors.gettingCloseTemplate}
        control={props.control('gettingCloseTemplate')}
        onTemplate={(text) => props.onTemplate('gettingCloseTemplate', text)}
      />
    </fieldset>
  );
}
