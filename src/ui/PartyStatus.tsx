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

/**
 * Where a message is in words; Retry (the row's, Table ready's) is offered only for Table ready. `pushedLost`: the
 * guest's Pushed permission was lost, which is why a message had nowhere to go.
 */
export function stateWords(
  { kind, delivery }: GuestMessage & { kind: MessageKind },
  online: boolean,
  pushedLost = false,
): string {
  if (pushedLost && delivery.state === 'not_sent' && delivery.why === 'no_contact')
    return t().messages.pushedLostNoContact;
  if (kind !== 'table_ready' && delivery.state === 'failed' && delivery.errorType === 'target_has_no_subscribers')
    return t().messages.notSubscribed;
  if (kind !== 'table_ready' && delivery.state === 'failed' && delivery.errorType === 'user_not_subscribed')
    return t().messages.userNotSubscribed;
  if (kind !== 'table_ready' && delivery.state === 'not_sent' && delivery.why === 'stale') return t().messages.tooLate;
  return t().deliveryText(delivery, online);
}

/** Where a message is in words, and how often it reached Pushed, past once. */
export const stateText = (message: GuestMessage & { kind: MessageKind }, online: boolean): string =>
  stateWords(message, online) + (message.sent > 1 ? ` (${t().timesSent(message.sent)})` : '');

/**
 * Two short lines on a row: what happened (called: how long ago, how often, late; not called: the
 * latest message's kind), then where the latest message is, icon and words. A called party's latest
 * message is its Table ready: the call line says so, and the words are there for screen readers.
 */
export function PartyStatus({
  call,
  message,
  online,
  onMyWay = false,
  pushedLost = false,
}: {
  call: CallInfo | null;
  /** The message queued last, or none to show. */
  message: (GuestMessage & { kind: MessageKind }) | null;
  online: boolean;
  /** The called guest said from their phone that they are coming: the second line says so instead. */
  onMyWay?: boolean;
  /** The guest's Pushed permission was lost: a message with nowhere to go says so. */
  pushedLost?: boolean;
}) {
  const delivery = message?.delivery;
  // How often it reached Pushed, past once: on the first line, where there is room, unless the call line is there.
  const sends = message && message.sent > 1 ? ` (${t().timesSent(message.sent)})` : '';
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
      {!call && message && (
        <span class="message-kind-line">
          {t().messages.kind[message.kind]}
          {sends}
        </span>
      )}
      {call && onMyWay && (
        <span class="on-way-line">
          <Icon name="walk" /> {t().rush.onTheWay}
        </span>
      )}
      {message && delivery && !(call && onMyWay) && (
        <span class={`delivery-line delivery-${delivery.state}`}>
          {call && <span class="visually-hidden">{t().messages.line(t().messages.kind[message.kind], '')}</span>}
          <Icon name={deliveryIcon(delivery)} /> {stateWords(message, online, pushedLost)}
          {call && sends}
        </span>
      )}
    </p>
  );
}
