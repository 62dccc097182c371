import type { SettingsModel } from '../state/settings-model.ts';
import { settingsWords } from './settings-words.ts';

/** One notice at the top of Settings, until the host has read it. */
function Notice({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  return (
    <div class="problem shared-notice" role="status">
      <p>{text}</p>
      <button type="button" class="button" onClick={onDismiss}>
        {settingsWords().shared.conflictDismiss}
      </button>
    </div>
  );
}

/**
 * Tells the host that another tablet had changed some of the same venue settings, and which; or that
 * changes made here were refused by the venue server for want of the staff PIN.
 */
export function SharedSettingsNotice({ settings }: { settings: SettingsModel }) {
  const words = settingsWords().shared;
  const refused = settings.sharedSettingsRefused?.value ?? [];
  if (refused.length)
    return <Notice text={words.settingsRefused(refused)} onDismiss={() => settings.dismissSharedSettingsRefused()} />;
  if (settings.sharedPinRefused?.value)
    return <Notice text={words.pinRefused} onDismiss={() => settings.dismissSharedPinRefused()} />;
  const fields = settings.sharedConflict?.value;
  if (!fields?.length) return null;
  return <Notice text={words.conflict(fields)} onDismiss={() => settings.dismissSharedConflict()} />;
}
