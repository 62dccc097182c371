import type { CallInfo } from '../core/calls.ts';
import type { Delivery } from '../core/delivery.ts';
import { Icon, type IconName } from './Icon.tsx';
import { t } from './strings.ts';

const DELIVERY_ICONS: Record<Delivery['state'], IconName> = {
  queued: 'clock',
  sending: 'send',
  sent: 'check',
  failed: 'warning',
  unknown: 'question',
  not_sent: 'dash',
};

/** The icon for where a notification is. */
export const deliveryIcon = (delivery: Delivery): IconName => DELIVERY_ICONS[delivery.state];

/** One line on a row: called (how long ago, how often, late) and where the notification is, icon and words. */
export function PartyStatus({
  call,
  delivery,
  online,
  sends,
}: {
  call: CallInfo | null;
  delivery: Delivery | null;
  online: boolean;
  /** How many notifications reached Pushed: said when more than one did. */
  sends: number;
}) {
  if (!call && !delivery) return <p class="party-status" />;
  const problem = delivery?.state === 'failed' || delivery?.state === 'unknown';
  return (
    <p class={`party-status${call?.late ? ' late' : call ? ' called' : ''}${problem ? ' delivery-problem' : ''}`}>
      {call && (
        <span class="call-line">
          <Icon name={call.late ? 'late' : 'bell'} />{' '}
          {call.late ? t().rush.late(call.minutesSinceCall) : t().rush.called(call.minutesSinceCall)}
          {call.calls > 1 && ` · ${t().rush.calls(call.calls)}`}
        </span>
      )}
      {delivery && (
        <span class={`delivery-line delivery-${delivery.state}`}>
          <Icon name={deliveryIcon(delivery)} /> {t().deliveryText(delivery, online)}
          {sends > 1 && ` (${t().timesSent(sends)})`}
        </span>
      )}
    </p>
  );
}
