import { t } from './strings.ts';

/**
 * Says plainly that this tablet does not send for the venue (the venue server disconnected it, or it
 * was never paired with the server it was opened from), that nothing was lost, and where to connect it.
 */
export function RevokedBanner({ onConnect, why = 'revoked' }: { onConnect(): void; why?: 'revoked' | 'unpaired' }) {
  const s = t().venue;
  return (
    <div class="problem revoked-banner" role="alert">
      <p>{why === 'revoked' ? s.revokedBanner : s.unpairedBanner}</p>
      <button type="button" class="button primary" onClick={onConnect}>
        {why === 'revoked' ? s.revokedAct : s.unpairedAct}
      </button>
    </div>
  );
}
