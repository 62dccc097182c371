import { t } from './strings.ts';

/** Says plainly that the venue server disconnected this tablet, that nothing was lost, and where to connect it again. */
export function RevokedBanner({ onConnect }: { onConnect(): void }) {
  return (
    <div class="problem revoked-banner" role="alert">
      <p>{t().venue.revokedBanner}</p>
      <button type="button" class="button primary" onClick={onConnect}>
        {t().venue.revokedAct}
      </button>
    </div>
  );
}
