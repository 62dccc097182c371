import { useState } from 'preact/hooks';
import { describedBy } from './Field.tsx';

/** A form's values and inline errors, and the wiring every text control of it shares. */
export function useForm<T extends { [K in keyof T]: string | number | boolean }>(initial: T, idPrefix: string) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof T, string>>>({});

  const set = (field: keyof T) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors(({ [field]: _cleared, ...rest }) => rest as Partial<Record<keyof T, string>>); // the rest of the same record
  };

  /** Props for a text input or textarea bound to `field`. */
  const control = (field: keyof T & string, hasHint = false) => ({
    id: `${idPrefix}-${field}`,
    value: String(values[field]),
    'aria-invalid': !!errors[field],
    'aria-describedby': describedBy(`${idPrefix}-${field}`, errors[field], hasHint),
    onInput: (e: Event) => set(field)((e.currentTarget as HTMLInputElement).value), // an input or a textarea: both have .value
  });

  return { values, setValues, errors, setErrors, set, control };
}
