import { useRef, useState } from 'preact/hooks';
import type { PublicSettings } from '../state/settings-model.ts';
import type { VenueModel } from '../state/venue-model.ts';
import { settingsWords } from './settings-words.ts';

type Step = { kind: 'idle' } | { kind: 'downloading' } | { kind: 'said'; message: string; ok: boolean };

/** Hands a file to the browser's downloads, as a link to it would. */
function save(csv: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; a minute is room for a slow tablet.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Settings → the venue's history, from the venue server, as a CSV file (an owner action: the PIN that opened Settings). */
export function HistoryDownloadSection({ venue, saved }: { venue: VenueModel; saved: PublicSettings }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const busy = useRef(false); // a double tap downloads once
  const s = settingsWords().historyExport;

  async function download() {
    if (busy.current) return;
    busy.current = true;
    setStep({ kind: 'downloading' });
    try {
      const result = await venue.downloadHistory();
      if (!result.ok) return setStep({ kind: 'said', message: s.problem(result.error), ok: false });
      save(result.value.csv, result.value.fileName);
      setStep({ kind: 'said', message: s.downloaded(result.value.fileName), ok: true });
    } finally {
      busy.current = false;
    }
  }

  // Only a tablet paired with a venue server (not the demo's account, not disconnected) has its history there.
  if (saved.route !== 'relay' || !saved.hasDeviceToken || saved.demo || venue.revoked.value) return null;
  return (
    <section class="kiosk-section" aria-labelledby="history-download-title">
      <h3 id="history-download-title">{s.title}</h3>
      <p>{s.why}</p>
      <div class="sheet-actions start">
        <button type="button" class="button" disabled={step.kind === 'downloading'} onClick={() => void download()}>
          {step.kind === 'downloading' ? s.downloading : s.download}
        </button>
      </div>
      {step.kind === 'said' && (
        <p class={step.ok ? 'venue-ok' : 'problem-text'} role={step.ok ? 'status' : 'alert'}>
          {step.message}
        </p>
      )}
    </section>
  );
}
