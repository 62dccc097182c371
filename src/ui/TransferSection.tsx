import { useEffect, useState } from 'preact/hooks';
import { PASSPHRASE_MIN_LENGTH } from '../core/config-file.ts';
import type { ImportProblem, SettingsModel } from '../state/settings-model.ts';
import { t } from './strings.ts';
import { settingsWords } from './settings-words.ts';

/** Export and import of the venue configuration, to set up another tablet in a minute. */
export function TransferSection({ settings, onImported }: { settings: SettingsModel; onImported(): void }) {
  const [passphrase, setPassphrase] = useState('');
  const [download, setDownload] = useState<{ url: string; name: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const s = t().kiosk;
  useEffect(() => () => void (download && URL.revokeObjectURL(download.url)), [download]);

  async function exportConfig(withSecret: boolean) {
    if (withSecret && passphrase.length < PASSPHRASE_MIN_LENGTH)
      return setMessage(s.shortPassphrase(PASSPHRASE_MIN_LENGTH));
    const text = await settings.exportConfig(withSecret ? passphrase : undefined);
    if (text === null) return setMessage(storageMessage());
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    setDownload({ url, name: withSecret ? 'waitbell-settings-with-secret.json' : 'waitbell-settings.json' });
    setMessage(null);
  }

  async function importConfig(file: File | undefined) {
    if (!file) return;
    const outcome = await settings.importConfig(await file.text(), passphrase);
    if (!outcome.ok) return setMessage(importMessage(outcome.problem));
    setMessage(outcome.recoveryAdopted ? settingsWords().owner.recovery.adopted : s.imported);
    onImported();
  }

  // A storage failure is the model's problem, said here too: this is where the host is looking.
  const storageMessage = () => {
    const problem = settings.problem.value;
    return problem ? t().problemMessage(problem) : s.importFailed;
  };
  const importMessage = (problem: ImportProblem) =>
    problem === 'need_passphrase'
      ? s.needPassphrase
      : problem === 'wrong_passphrase'
        ? s.wrongPassphrase
        : problem === 'storage'
          ? storageMessage()
          : s.importFailed;

  return (
    <section class="kiosk-section" aria-labelledby="transfer-title">
      <h3 id="transfer-title">{s.exportTitle}</h3>
      <label class="field">
        <span class="field-label">{s.passphrase(PASSPHRASE_MIN_LENGTH)}</span>
        <input
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onInput={(e) => setPassphrase(e.currentTarget.value)}
        />
      </label>
      <div class="sheet-actions start">
        <button type="button" class="button" onClick={() => void exportConfig(false)}>
          {s.exportPlain}
        </button>
        <button type="button" class="button" onClick={() => void exportConfig(true)}>
          {s.exportWithSecret}
        </button>
        {download && (
          <a class="button primary" href={download.url} download={download.name}>
            {download.name}
          </a>
        )}
      </div>
      <label class="field">
        <span class="field-label">{s.importFile}</span>
        <input
          type="file"
          accept="application/json,.json"
          onChange={(e) => {
            const input = e.currentTarget;
            void importConfig(input.files?.[0]).finally(() => (input.value = '')); // the same file can be picked again, after typing the passphrase
          }}
        />
      </label>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
