import type { OnlineJoinsField } from '../core/online-joins.ts';
import { Field } from './Field.tsx';
import { settingsWords } from './settings-words.ts';
import { t } from './strings.ts';

interface Props {
  enabled: boolean;
  /** The time zone the hours are saved in: this tablet's. */
  timeZone: string;
  /** The form's wiring for each field (value, handlers, aria). */
  control(field: OnlineJoinsField, hasHint?: boolean): Record<string, unknown>;
  errors: Partial<Record<OnlineJoinsField, string>>;
  onEnabled(on: boolean): void;
}

/** Settings → Online check-in: whether guests may join from their phone, how many at once, how large, and when. */
export function OnlineJoinsFields({ enabled, timeZone, control, errors, onEnabled }: Props) {
  const s = settingsWords().online;
  const f = t().fields;
  return (
    <fieldset class="online-joins" aria-describedby="online-joins-why">
      <legend class="field-label">{s.title}</legend>
      <p class="field-hint" id="online-joins-why">
        {s.why}
      </p>
      <div class="field">
        <label class="radio">
          <input
            id="settings-onlineEnabled"
            type="checkbox"
            checked={enabled}
            aria-describedby="settings-onlineEnabled-hint"
            onChange={(e) => onEnabled(e.currentTarget.checked)}
          />
          {s.enabled}
        </label>
        <p class="field-hint" id="settings-onlineEnabled-hint">
          {s.enabledHint}
        </p>
      </div>
      <Field
        id="settings-onlineMaxWaiting"
        label={f.onlineMaxWaiting}
        error={errors.onlineMaxWaiting}
        hint={s.maxWaitingHint}
      >
        <input type="text" inputMode="numeric" autoComplete="off" {...control('onlineMaxWaiting', true)} />
      </Field>
      <Field id="settings-onlineMaxSize" label={f.onlineMaxSize} error={errors.onlineMaxSize} hint={s.maxSizeHint}>
        <input type="text" inputMode="numeric" autoComplete="off" {...control('onlineMaxSize', true)} />
      </Field>
      <div class="online-hours">
        <Field id="settings-onlineHoursFrom" label={f.onlineHoursFrom} error={errors.onlineHoursFrom}>
          <input type="time" {...control('onlineHoursFrom')} />
        </Field>
        <Field id="settings-onlineHoursTo" label={f.onlineHoursTo} error={errors.onlineHoursTo}>
          <input type="time" {...control('onlineHoursTo')} />
        </Field>
      </div>
      <p class="field-hint">
        {s.hoursHint} {s.timeZone(timeZone)}
      </p>
    </fieldset>
  );
}
