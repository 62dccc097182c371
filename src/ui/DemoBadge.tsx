import { useState } from 'preact/hooks';
import { DemoInfoDialog } from './DemoInfoDialog.tsx';
import { t } from './strings.ts';

/** The header's "Demo" badge while the built-in sandbox account is in use; tapping it says how to connect a real one. */
export function DemoBadge({ onOpenSettings }: { onOpenSettings(): void }) {
  const [open, setOpen] = useState(false);
  const s = t().demo;
  return (
    <>
      <button
        type="button"
        class="button demo-badge"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        {s.badge}
      </button>
      {open && (
        <DemoInfoDialog
          onClose={() => setOpen(false)}
          onOpenSettings={() => {
            setOpen(false);
            onOpenSettings();
          }}
        />
      )}
    </>
  );
}
