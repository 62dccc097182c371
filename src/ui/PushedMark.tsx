import type { Party } from '../core/party.ts';
import { Icon } from './Icon.tsx';
import { t } from './strings.ts';

/** A row's mark for a guest who allowed the venue's Pushed app on their phone, or a warning once that permission was lost. */
export function PushedMark({ party }: { party: Pick<Party, 'pushedUser'> }) {
  const pushed = party.pushedUser;
  if (!pushed) return null;
  const lost = pushed.lostAt !== null;
  return (
    <span class={lost ? 'party-mark pushed-mark pushed-lost' : 'party-mark pushed-mark'}>
      <Icon name={lost ? 'warning' : 'pushed'} size={16} />
      <span class="mark-words">{lost ? t().rush.pushedLostMark : t().rush.pushedMark}</span>
    </span>
  );
}
