import { Field } from './Field.tsx';
import { t } from './strings.ts';
import { settingsWords } from './settings-words.ts';

interface Props {
  /** The form's wiring for the minutes field (value, handlers, aria). */
  lateAfterMinutes: Record<string, unknown>;
  autoNoShow: boolean;
  error: string | undefined;
  onAutoNoShow(on: boolean): void;
}

/** The venue's rules for called parties: when one counts as late, and whether late ones become no-shows by themselves. */
export function CallRulesFields({ lateAfterMinutes, autoNoShow, error, onAutoNoShow }: Props) {
  const s = settingsWords().owner.calls;
  return (
    <>
      <Field id="settings-lateAfterMinutes" label={t().fields.lateAfterMinutes} error={error} hint={s.lateAfterHint}>
        <input type="text" inputMode="numeric" autoComplete="off" {...lateAfterMinutes} />
      </Field>
      <div class="field">
        <label class="radio">
          <input
            id="settings-autoNoShow"
            type="checkbox"
            checked={autoNoShow}
            aria-describedby="settings-autoNoShow-hint"
            onChange={(e) => onAutoNoShow(e.currentTarget.checked)}
          />
          {s.autoNoShow}
        </label>
        <p class="field-hint" id="settings-autoNoShow-hint">
          {s.autoNoShowHint}
        </p>
      </div>
    </>
  );
}
