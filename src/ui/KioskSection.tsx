import { useEffect, useState } from 'preact/hooks';
import type { KioskPort } from '../state/kiosk-port.ts';
import { language, LANGUAGE_NAMES, LANGUAGES, t } from './strings.ts';

/** The tablet part of Settings: language, storage, version, and how to set the tablet up as a kiosk. */
export function KioskSection({ kiosk }: { kiosk: KioskPort }) {
  const [storage, setStorage] = useState<{ persisted: boolean | null; usedBytes: number | null } | null>(null);
  useEffect(() => {
    void kiosk.storage().then(setStorage);
  }, [kiosk]);
  const s = t();
  return (
    <section class="kiosk-section" aria-labelledby="kiosk-title">
      <h3 id="kiosk-title">{s.kiosk.helpTitle}</h3>
      <label class="field">
        <span class="field-label">{s.kiosk.language}</span>
        <select value={language.value} onChange={(e) => kiosk.setLanguage(e.currentTarget.value)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <h4>{s.kiosk.storageTitle}</h4>
      <p class="storage-status">
        {storage?.persisted ? s.kiosk.storageKept : s.kiosk.storageNotKept}{' '}
        {typeof storage?.usedBytes === 'number' && s.kiosk.storageUsed((storage.usedBytes / 1_048_576).toFixed(1))}
      </p>
      <ul class="help-list">
        {[...s.kiosk.helpIpad, ...s.kiosk.helpAndroid].map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p class="version">{s.kiosk.version(__BUILD_ID__)}</p>
    </section>
  );
}
