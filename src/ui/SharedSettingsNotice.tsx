import type { SettingsModel } from '../state/settings-model.ts';
import { settingsWords } from './settings-words.ts';

/**
 * Tells the host that another tablet had changed some of the same venue settings, and which; or that
 * changes made here were refused by the venue server for want of the staff PIN.
 */
export function SharedSettingsNotice({ settings }: { settings: SettingsModel }) {
  const fields = settings.sharedConflict?.value;
  const refused = settings.sharedSettingsRefused?.value ?? [];
  if (refused.length)
    return (
      <div class="problem shared-notice" role="status">
        <p>{settingsWords().shared.settingsRefused(refused)}</p>
        <button type="button" class="button" onClick={() => settings.dismissSharedSettingsRefused()}>
          {settingsWords().shared.conflictDismiss}
        </button>
      </div>
    );
  if (settings.sharedPinRefused?.value)
    return (
      <div class="problem shared-notice" role="status">
        <p>{settingsWords().shared.pinRefused}</p>
        <button type="button" class="button" onClick={() => settings.dismissSharedPinRefused()}>
          {settingsWords().shared.conflictDismiss}
        </button>
      </div>
    );
  if (!fields?.length) return null;
  return (
    <div class="problem shared-notice" role="status">
      <p>{settingsWords().shared.conflict(fields)}</p>
      <button type="button" class="button" onClick={() => settings.dismissSharedConflict()}>
        {settingsWords().shared.conflictDismiss}
      </button>
    </div>
  );
}
