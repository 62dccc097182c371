import { useEffect, useState } from 'preact/hooks';
import type { CheckIn } from '../core/venue.ts';
import type { SettingsModel } from '../state/settings-model.ts';
import { checkInAddress, JoinCard } from './JoinCard.tsx';
import { stringsFor, type Language } from './strings.ts';
import { useJoinCode } from './use-join-code.ts';

/** Goes back to the board by itself after this long: a kiosk left on the join code still shows the waitlist soon. */
const JOIN_SCREEN_TIMEOUT_MS = 90_000;

export interface JoinScreenProps {
  settings: SettingsModel;
  language: Language;
  /** Opened from a venue server that has not paired this tablet: no join code (the demo's is not this venue's), only the way to connect. */
  unpaired?: boolean;
  /** The venue's check-in page as its server names it (null: none); shown when the venue takes online joins. */
  checkIn?: CheckIn | null;
  /** Connect to the venue: the staff PIN, then Settings on the pairing step. */
  onConnect?(): void;
  onClose(): void;
}

/**
 * Full screen, for guests only: the venue's name, then the check-in page's QR code (join from the
 * phone, no app) when the venue takes online joins, and the Pushed channel's QR code with its two
 * steps (a notification) as the second way, or the only one.
 */
export function JoinScreen({
  settings,
  language,
  unpaired = false,
  checkIn = null,
  onConnect,
  onClose,
}: JoinScreenProps) {
  const [loaded, setLoaded] = useState(false);
  const current = settings.current.value;
  const link = unpaired ? '' : (current?.subscriptionLink ?? '');
  const code = useJoinCode(link);
  const checkInUrl = checkInAddress(checkIn, current, unpaired);
  const checkInCode = useJoinCode(checkInUrl);

  useEffect(() => {
    void settings.load().then(() => setLoaded(true));
  }, [settings]);

  useEffect(() => {
    const timer = setTimeout(onClose, JOIN_SCREEN_TIMEOUT_MS);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('keydown', onKey);
    };
  }, [onClose]);

  const s = stringsFor(language);
  return (
    <div
      class="join-screen"
      role="dialog"
      aria-modal="true"
      aria-labelledby={unpaired ? 'join-unpaired' : 'join-venue'}
      lang={language}
      onClick={onClose}
    >
      {unpaired ? (
        <div class="join-setup join-unpaired">
          <p id="join-unpaired" class="join-instruction">
            {s.venue.unpairedBanner}
          </p>
          {onConnect && (
            <button
              type="button"
              class="button primary"
              onClick={(e) => {
                e.stopPropagation(); // not also a tap on the screen, which closes it
                onConnect();
              }}
            >
              {s.venue.unpairedAct}
            </button>
          )}
        </div>
      ) : (
        <>
          <JoinCard
            venue={current?.venueName ?? ''}
            svg={code?.svg ?? null}
            language={language}
            demo={current?.demo ?? false}
            headingId="join-venue"
            checkIn={checkInUrl ? { url: checkInUrl, svg: checkInCode?.svg ?? null } : undefined}
          />
          {loaded && !link && !checkInUrl && (
            <div class="join-setup">
              <p class="join-instruction">{s.joinText.noLink}</p>
              <p>{s.join.setUp}</p>
            </div>
          )}
        </>
      )}
      <p class="join-back">{s.join.back}</p>
    </div>
  );
}
