import type { ComponentChildren } from 'preact';

interface Props {
  id: string;
  label: string;
  /** The message shown under the control when its value was refused. */
  error?: string | undefined;
  hint?: string | undefined;
  /** Stepper-like controls name themselves; the label then only captions the group. */
  labelFor?: boolean;
  children: ComponentChildren;
}

/** A labelled form control with its hint and its inline error. */
export function Field({ id, label, error, hint, labelFor = true, children }: Props) {
  return (
    <div class={error ? 'field invalid' : 'field'}>
      {labelFor ? (
        <label class="field-label" for={id}>
          {label}
        </label>
      ) : (
        <span class="field-label">{label}</span>
      )}
      {children}
      {hint && !error && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The id of whatever describes a field now: its error, else its hint. */
export const describedBy = (id: string, error: string | undefined, hasHint = false) =>
  error ? `${id}-error` : hasHint ? `${id}-hint` : undefined;
