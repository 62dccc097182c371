import { useState } from 'preact/hooks';
import type { GuestDataPorts, LoadGuestData } from '../state/erasure-model.ts';
import type { PublicSettings, SettingsModel } from '../state/settings-model.ts';
import type { VenueModel } from '../state/venue-model.ts';
import { guestDataWords } from './guest-data-words.ts';
import { lazy } from './lazy.tsx';

// Retention, erasing a guest and past erasures: a chunk of its own, fetched when the owner opens it.
const GuestDataDialog = lazy(() => import('./GuestDataDialog.tsx').then((m) => m.GuestDataDialog));

/** Settings → Guests' data: how long guests' details are kept, and erasing one guest's (behind the PIN, like all Settings). */
export function GuestDataSection({
  load,
  settings,
  saved,
  venue,
}: {
  load: LoadGuestData;
  settings: SettingsModel;
  saved: PublicSettings;
  venue?: VenueModel | undefined;
}) {
  const [open, setOpen] = useState(false);
  const [ports, setPorts] = useState<GuestDataPorts | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const show = () =>
    void load().then(
      (loaded) => (setUnavailable(false), setPorts(loaded), setOpen(true)),
      () => setUnavailable(true),
    );
  // Paired (not the demo, not disconnected): the venue server erases, so every tablet does; otherwise this tablet alone.
  const paired = saved.route === 'relay' && saved.hasDeviceToken && !saved.demo && !venue?.revoked.value;
  const s = guestDataWords();
  return (
    <section class="kiosk-section" aria-labelledby="guest-data-section-title">
      <h3 id="guest-data-section-title">{s.sectionTitle}</h3>
      <p>{s.sectionWhy}</p>
      <div class="sheet-actions start">
        <button
          type="button"
          class="button"
          aria-haspopup="dialog"
          onClick={show}
          onPointerDown={() => (GuestDataDialog.preload(), void load().catch(() => {}))}
        >
          {s.open}
        </button>
      </div>
      {unavailable && (
        <p class="problem-text" role="alert">
          {s.unavailable}
        </p>
      )}
      {open && ports && (
        <GuestDataDialog
          erasures={paired && ports.server ? ports.server : ports.tablet}
          online={ports.online.value}
          settings={settings}
          retention={saved.retention}
          onClose={() => setOpen(false)}
          onUnavailable={() => setOpen(false)}
        />
      )}
    </section>
  );
}
