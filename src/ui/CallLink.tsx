import { Icon } from './Icon.tsx';
import { t } from './strings.ts';

/** The guest's phone number as a link that dials it; a tap on it is not also a tap on the row. */
export function CallLink({ name, phone }: { name: string; phone: string }) {
  return (
    <a
      class="party-call"
      href={`tel:${phone}`}
      aria-label={t().rush.callWho(name, phone)}
      onClick={(e) => e.stopPropagation()}
    >
      <Icon name="phone" size={16} />
      <span class="mark-words">{t().rush.call}</span>
    </a>
  );
}
