import { t } from './strings.ts';

/** Online, or offline with how many notifications are waiting to go. Words and a shape, not colour alone. */
export function ConnectionBadge({ online, waiting }: { online: boolean; waiting: number }) {
  return (
    <p class={online ? 'connection online' : 'connection offline'} role="status" aria-label={t().connectionLabel}>
      <span aria-hidden="true">{online ? '●' : '○'}</span> {online ? t().online : t().offline(waiting)}
      {online && waiting > 0 && <span> · {t().toSend(waiting)}</span>}
    </p>
  );
}
