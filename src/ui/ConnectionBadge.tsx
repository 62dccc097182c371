import { t } from './strings.ts';

/** Where this tablet stands with the venue server, when it is connected to one; `pending`: its changes not yet on the server. */
export interface SyncBadge {
  state: 'in_sync' | 'syncing' | 'offline' | 'unreachable' | 'disconnected' | 'update_required';
  pending: number;
}

const MARK: Record<SyncBadge['state'], string> = {
  in_sync: '●',
  syncing: '◐',
  offline: '○',
  unreachable: '△',
  disconnected: '✕',
  update_required: '↻',
};

/**
 * Online, or offline with how many notifications are waiting to go; on a tablet connected to the
 * venue server, whether its changes have reached the others. Words and a shape, not colour alone.
 */
export function ConnectionBadge({ online, waiting, sync }: { online: boolean; waiting: number; sync?: SyncBadge }) {
  if (!sync) {
    return (
      <p class={online ? 'connection online' : 'connection offline'} role="status" aria-label={t().connectionLabel}>
        <span aria-hidden="true">{online ? '●' : '○'}</span> {online ? t().online : t().offline(waiting)}
        {online && waiting > 0 && <span> · {t().toSend(waiting)}</span>}
      </p>
    );
  }
  const words = t().connection;
  const { state, pending } = sync;
  const text =
    state === 'in_sync'
      ? words.inSync
      : state === 'syncing'
        ? words.syncing(pending)
        : state === 'offline'
          ? words.offline(pending)
          : state === 'unreachable'
            ? words.unreachable(pending)
            : state === 'update_required'
              ? words.updateRequired
              : words.disconnected;
  const quiet = state === 'in_sync' || state === 'syncing';
  return (
    <p
      class={`connection ${quiet ? 'online' : 'offline'} sync-${state}`}
      role="status"
      aria-label={t().connectionLabel}
      title={words.explain[state]}
    >
      <span aria-hidden="true">{MARK[state]}</span> {text}
      {quiet && waiting > 0 && <span> · {t().toSend(waiting)}</span>}
    </p>
  );
}
