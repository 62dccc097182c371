import { useEffect, useState } from 'preact/hooks';
import type { Alerts } from './ports.ts';
import { say, type Language } from './words.ts';
import './status-words.ts';

/** Sound (unlocked by the guest's first tap anywhere on the page) and system notifications, offered while waiting. */
export function PhoneAlerts({ alerts, language }: { alerts: Alerts; language: Language }) {
  const [sound, setSound] = useState(alerts.soundOn());
  const [permission, setPermission] = useState(alerts.permission());

  useEffect(() => {
    if (sound) return;
    // On click, not pointerdown: the chip's swap moves what is below it only after the tap has landed.
    const unlock = () => setSound(alerts.unlockSound());
    document.addEventListener('click', unlock, true);
    document.addEventListener('keydown', unlock, true);
    return () => {
      document.removeEventListener('click', unlock, true);
      document.removeEventListener('keydown', unlock, true);
    };
  }, [sound]);

  return (
    <div class="alerts">
      {sound ? (
        <p class="hint">{say(language, 'soundOn')}</p>
      ) : (
        <button type="button" class="chip" onClick={() => setSound(alerts.unlockSound())}>
          {say(language, 'soundChip')}
        </button>
      )}
      {permission === 'default' && (
        <button type="button" class="chip" onClick={() => void alerts.requestPermission().then(setPermission)}>
          {say(language, 'notifyMe')}
        </button>
      )}
      {permission === 'granted' && <p class="hint">{say(language, 'notifyOn')}</p>}
      {permission === 'denied' && <p class="hint">{say(language, 'notifyBlocked')}</p>}
    </div>
  );
}
