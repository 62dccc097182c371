import { useState } from 'preact/hooks';
import type { PublicSettings } from '../state/settings-model.ts';
import type { VenueModel } from '../state/venue-model.ts';
import { lazy } from './lazy.tsx';
import { reportWords } from './report-words.ts';

// The report's screen, charts and answer reader: a chunk of its own, fetched when the owner opens it.
const ReportDialog = lazy(() => import('./ReportDialog.tsx').then((m) => m.ReportDialog));

/** Settings → Report: opens the owner's report, which the venue server works out (a tablet on its own has none). */
export function ReportSection({ venue, saved }: { venue: VenueModel; saved: PublicSettings }) {
  const [open, setOpen] = useState(false);
  const paired = saved.route === 'relay' && saved.hasDeviceToken && !saved.demo && !venue.revoked.value;
  const s = reportWords();
  return (
    <section class="kiosk-section" aria-labelledby="report-section-title">
      <h3 id="report-section-title">{s.sectionTitle}</h3>
      <p>{paired ? s.sectionWhy : s.needsServer}</p>
      {paired && (
        <div class="sheet-actions start">
          <button
            type="button"
            class="button"
            aria-haspopup="dialog"
            onClick={() => setOpen(true)}
            onPointerDown={ReportDialog.preload}
          >
            {s.open}
          </button>
        </div>
      )}
      {open && <ReportDialog load={venue.report} onClose={() => setOpen(false)} onUnavailable={() => setOpen(false)} />}
    </section>
  );
}
