import type { Delivery } from '../core/delivery.ts';
import { t } from './strings.ts';

const ICONS: Record<Delivery['state'], string> = {
  queued: '⏳',
  sending: '↗',
  sent: '✓',
  failed: '⚠',
  unknown: '?',
  not_sent: '–',
};

interface Props {
  delivery: Delivery;
  online: boolean;
  notifyCount: number;
  /** Sends the notification again (Retry after a failure, Resend when the outcome is unknown). */
  onSendAgain(): void;
}

/** Where the party's "Table ready" notification is, in words and an icon, with the one button that helps. */
export function DeliveryLine({ delivery, online, notifyCount, onSendAgain }: Props) {
  const again =
    delivery.state === 'failed' || (delivery.state === 'not_sent' && delivery.why === 'stale')
      ? t().retry
      : delivery.state === 'unknown'
        ? t().resend
        : null;
  return (
    <div class={`delivery delivery-${delivery.state}`}>
      <p class="delivery-text">
        <span class="delivery-icon" aria-hidden="true">
          {ICONS[delivery.state]}
        </span>{' '}
        {t().deliveryText(delivery, online)}
        {notifyCount > 1 && <span class="delivery-count"> ({t().timesSent(notifyCount)})</span>}
      </p>
      {again && (
        <button type="button" class="button" onClick={onSendAgain}>
          {again}
        </button>
      )}
    </div>
  );
}
