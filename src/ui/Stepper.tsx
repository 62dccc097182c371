interface Props {
  id: string;
  label: string;
  fewerLabel: string;
  moreLabel: string;
  value: string;
  min: number;
  max: number;
  invalid: boolean;
  describedBy?: string | undefined;
  onChange(value: string): void;
}

/** A number with big − and + buttons, for one thumb; the number can still be typed. */
export function Stepper({ id, label, fewerLabel, moreLabel, value, min, max, invalid, describedBy, onChange }: Props) {
  const current = Number.parseInt(value, 10);
  const step = (by: number) => {
    const base = Number.isFinite(current) ? current : min;
    onChange(String(Math.min(max, Math.max(min, base + by))));
  };
  return (
    <div class="stepper">
      <button
        type="button"
        class="button step"
        aria-label={fewerLabel}
        disabled={current <= min}
        onClick={() => step(-1)}
      >
        −
      </button>
      <input
        id={id}
        class="stepper-value"
        type="text"
        inputMode="numeric"
        aria-label={label}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        value={value}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      <button
        type="button"
        class="button step"
        aria-label={moreLabel}
        disabled={current >= max}
        onClick={() => step(1)}
      >
        +
      </button>
    </div>
  );
}
