import { useEffect } from 'preact/hooks';
import type { TicketStatus } from './guest-api.ts';
import type { Alerts } from './ports.ts';
import { say, type Language } from './words.ts';
import './status-words.ts';

/** How fast the title flashes while the table is ready. */
const FLASH_MS = 1_000;

/**
 * Once per call (a new `calledAt`), "Your table is ready" reaches the guest however the phone can:
 * vibration, a beep, a system notification when the page is hidden; the title flashes until
 * the guest says they're on their way.
 */
export function useReadyAlerts(alerts: Alerts, status: TicketStatus | null, language: Language, title: string) {
  const calledAt = status?.state === 'called' ? status.calledAt : null;
  const flashing = calledAt !== null && !status?.onMyWayAt;

  useEffect(() => {
    if (calledAt === null || !status) return;
    alerts.vibrate();
    alerts.beep();
    alerts.notify(say(language, 'ready'), `${status.venue.name}: ${say(language, 'readyBody')}`);
  }, [calledAt]);

  useEffect(() => {
    document.title = title;
    if (!flashing) return;
    const ready = say(language, 'readyTitle');
    let on = true;
    document.title = ready;
    const timer = setInterval(() => {
      on = !on;
      document.title = on ? ready : title;
    }, FLASH_MS);
    return () => {
      clearInterval(timer);
      document.title = title;
    };
  }, [flashing, title, language]);
}
