import type { CallInfo } from '../core/calls.ts';
import type { Delivery } from '../core/delivery.ts';
import type { GuestMessage, MessageKind } from '../core/guest-message.ts';
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

/** The words for where a message is: its kind named, then its state (and how often it reached Pushed, past once). */
export const messageLine = (message: GuestMessage & { kind: MessageKind }, online: boolean): string =>
  t().messages.line(t().messages.kind[message.kind], t().deliveryText(message.delivery, online)) +
  (message.sent > 1 ? ` (${t().timesSent(message.sent)})` : '');

/** One line on a row: called (how long ago, how often, late) and where the latest message is, icon and words. */
export function PartyStatus({
  call,
  message,
  online,
}: {
  call: CallInfo | null;
  /** The message queued last, or none to show. */
  message: (GuestMessage & { kind: MessageKind }) | null;
  online: boolean;
}) {
  const delivery = message?.delivery;
  if (!call && !message) return <p class="party-status" />;
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
      {message && delivery && (
        <span class={`delivery-line delivery-${delivery.state}`}>
          <Icon name={deliveryIcon(delivery)} /> {messageLine(message, online)}
        </span>
      )}
    </p>
  );
}
