import { Field } from './Field.tsx';

interface Props {
  id: string;
  label: string;
  error: string | undefined;
  /** Whether a secret is already saved: it is never shown, the field can only replace it. */
  saved: boolean;
  /** What to say when none is saved yet. */
  missingHint: string;
  /** What to say when one is saved (hidden, only replaceable). */
  savedHint: string;
  /** The form's wiring for this field (value, handlers, aria). */
  control: Record<string, unknown>;
}

/** A secret (app secret, device token): typed once, then only ever replaced, never shown again. */
export function SecretField({ id, label, error, saved, missingHint, savedHint, control }: Props) {
  return (
    <Field id={id} label={label} error={error} hint={saved ? savedHint : missingHint}>
      <input type="password" autoComplete="new-password" placeholder={saved ? '••••••••••••' : ''} {...control} />
    </Field>
  );
}
