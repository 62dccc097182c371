import type { Clock, NewId } from '../../core/ports.ts';
import type { Result } from '../../core/result.ts';
import type { MutationOutcome } from '../../core/sync/merge.ts';
import { isActive } from '../../core/party.ts';
import type { ServerParty, SyncApi, SyncProblem, TabletLabels } from '../../core/sync/sync-port.ts';
import type { PendingMutation, TabletSyncStore } from '../../storage/tablet-sync-store.ts';
import { onWire, type GuestCancel, type Rejected } from './sync-status.ts';

/** Mutations per push: the contract's limit. */
export const PUSH_BATCH = 500;

/** Thrown inside a round when a call got no useful answer. */
export class SyncFailure extends Error {
  constructor(readonly problem: SyncProblem) {
    super(`sync failed: ${problem.kind}`);
  }
}

/** The answer's value, or a SyncFailure thrown with its problem. */
export const unwrap = <T>(r: Result<T, SyncProblem>): T => {
  if (!r.ok) throw new SyncFailure(r.error);
  return r.value;
};

export interface RoundDeps {
  store: TabletSyncStore;
  api: SyncApi;
  clock: Clock;
  newId: NewId;
  /** Parties rewritten from the server's truth. */
  changed(partyIds: readonly string[]): void;
  /** The newest version pulled so far, raised as pages arrive. */
  reached(version: number): void;
  /** Before each batch goes up: the badge counts what is still pending. */
  beforeBatch(): Promise<void>;
}

/**
 * One round: what this tablet holds goes up (once), every pending change goes up oldest first, then
 * what changed comes down. Resolves with the changes the server refused and the tablets they name;
 * throws a SyncFailure when a call gets no useful answer.
 */
export async function pushAndPull(
  deps: RoundDeps,
): Promise<{ rejected: Rejected[]; labels: TabletLabels; cancelled: GuestCancel[] }> {
  const { store, api, clock, newId } = deps;
  if ((await store.readMeta()).uploadedExisting === false) await store.queueExisting(newId, clock.now());
  const answered: { m: PendingMutation; outcome: MutationOutcome }[] = [];
  const labels: Record<string, string> = {};
  let after: number | undefined;
  let size = PUSH_BATCH;
  for (;;) {
    const batch = await store.readPending(size, after);
    if (batch.length === 0) break;
    await deps.beforeBatch();
    const pushed = await api.push(batch.map(onWire));
    if (!pushed.ok && pushed.error.kind === 'server_error' && pushed.error.status === 413 && size > 1) {
      size = Math.ceil(size / 2); // too big for the server (a batch of whole parties): smaller batches
      continue;
    }
    const answer = unwrap(pushed);
    batch.forEach((m, i) => answered.push({ m, outcome: answer.outcomes[i]! })); // one outcome per mutation, checked by the client
    Object.assign(labels, answer.tablets);
    after = batch[batch.length - 1]!.seq;
  }
  const rejected = answered.filter(
    (a): a is { m: PendingMutation; outcome: Rejected['outcome'] } => a.outcome.outcome === 'rejected',
  );
  // A new party the full board refused: its one notice says so, not one more per change made to it since.
  const leftOut = new Set(
    rejected.filter((r) => r.m.kind === 'add' && r.outcome.reason.kind === 'board_full').map((r) => r.m.partyId),
  );
  // A guest the owner erased: one line says so, whatever number of this tablet's changes to them were dropped.
  const erased = new Set<string>();
  const refused = rejected.filter((r) => {
    if (leftOut.has(r.m.partyId) && r.outcome.reason.kind === 'unknown_party') return false;
    if (r.outcome.reason.kind !== 'erased') return true;
    return erased.has(r.m.partyId) ? false : (erased.add(r.m.partyId), true);
  });
  // Read before the pull rewrites them: the notice names the party as the host knew it.
  const parties = await Promise.all(refused.map(({ m }) => store.getParty(m.partyId)));
  const cancelled = await pull(
    deps,
    answered.map(({ m }) => m.id),
  );
  // A change the guest's own cancel beat: the host is told so, not that some tablet did it.
  const now = await Promise.all(refused.map(({ m }) => store.getParty(m.partyId)));
  return {
    rejected: refused.map((r, i) => ({
      ...r,
      party: r.outcome.reason.kind === 'erased' ? undefined : parties[i], // the owner erased the name: no notice keeps it
      ...(now[i]?.finishReason === 'guest_cancelled' ? { guestCancelled: true } : {}),
    })),
    labels,
    cancelled,
  };
}

/**
 * The parties of a page the guest cancelled from their phone that were on this tablet's board until
 * now (read before the page rewrites them).
 */
async function guestCancels(store: TabletSyncStore, rows: readonly ServerParty[]): Promise<GuestCancel[]> {
  const cancels = rows.filter(({ party }) => party.status === 'removed' && party.finishReason === 'guest_cancelled');
  const held = await Promise.all(cancels.map(({ party }) => store.getParty(party.id)));
  return held.flatMap((p) => (p && isActive(p.status) ? [{ id: p.id, partyName: p.name, partySize: p.size }] : []));
}

/**
 * Pulls what changed since our version, dropping the answered mutations on the last page. A new tablet
 * reads the board first, page by page, then what changed since the board's first page was read.
 * Resolves with the parties on this board the guest cancelled meanwhile.
 */
async function pull({ store, api, changed, reached }: RoundDeps, answered: readonly string[]): Promise<GuestCancel[]> {
  const cancelled: GuestCancel[] = [];
  const meta = await store.readMeta();
  let since = meta.version;
  if (!meta.boardLoaded) {
    let from = 0;
    let start: number | undefined;
    for (;;) {
      const page = unwrap(await api.changes(from, { scope: 'board' }));
      // Whatever changes while the board is read comes after the first page's version: it is read next.
      start ??= page.current ?? page.version;
      const last = !page.more;
      changed(
        await store.applyPull({
          rows: page.parties,
          answered: [],
          meta: last ? { version: start, boardLoaded: true } : {},
        }),
      );
      if (last) break;
      from = page.version;
    }
    since = start;
    reached(start);
  }
  for (;;) {
    const page = unwrap(await api.changes(since));
    const last = !page.more;
    cancelled.push(...(await guestCancels(store, page.parties)));
    changed(
      await store.applyPull({ rows: page.parties, answered: last ? answered : [], meta: { version: page.version } }),
    );
    since = page.version;
    reached(page.version);
    if (last) return cancelled;
  }
}
