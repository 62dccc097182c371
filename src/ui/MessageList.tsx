import { messagesOf } from '../core/guest-message.ts';
import type { Party } from '../core/party.ts';
import { Icon } from './Icon.tsx';
import { deliveryIcon, stateText } from './PartyStatus.tsx';
import { t } from './strings.ts';

/** Every message sent to a party, one line each: its kind (and round past the first), when it was queued, where it is. */
export function MessageList({ party, online }: { party: Party; online: boolean }) {
  // "No PushedID" is said once, in the facts above: a message with nowhere to go is not listed.
  const messages = messagesOf(party).filter(
    (m) => !(m.delivery.state === 'not_sent' && m.delivery.why === 'no_contact'),
  );
  if (messages.length === 0) return null;
  return (
    <section class="message-list" aria-labelledby="message-list-title">
      <h3 id="message-list-title">{t().messages.listTitle}</h3>
      <ul>
        {messages.map((m) => (
          <li key={m.kind} class={`delivery-${m.delivery.state}`}>
            <span class="message-kind">
              {t().messages.kind[m.kind]}
              {m.round > 1 && <span class="message-round"> · {t().messages.round(m.round)}</span>}
            </span>
            <time class="message-time" dateTime={new Date(m.at).toISOString()}>
              {t().messages.queuedAt(m.at)}
            </time>
            <span class="message-state">
              <Icon name={deliveryIcon(m.delivery)} /> {stateText(m, online)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
