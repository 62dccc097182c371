import { signal } from '@preact/signals';
import { canNotifyPushedUser, type Party } from '../../core/party.ts';
import type { MutationOutcome, SyncRejection } from '../../core/sync/merge.ts';
import { GUEST_PAGE_DEVICE, type Mutation } from '../../core/sync/mutation.ts';
import type { SyncProblem, TabletLabels } from '../../core/sync/sync-port.ts';
import type { PendingMutation } from '../../storage/tablet-sync-store.ts';

/** The notices kept at once (the screen shows the last few). */
export const NOTICES_KEPT = 20;

/** What the connection badge says. */
export type SyncState = 'in_sync' | 'syncing' | 'offline' | 'unreachable' | 'disconnected' | 'update_required';

/** The badge's truth: the state, and how many of this tablet's changes wait to reach the server. */
export interface SyncStatus {
  state: SyncState;
  pending: number;
}

/** A change of this tablet the server refused, for the host to read (the row already shows the server's truth). */
export interface SyncNotice {
  /** The refused mutation's id (a notice's key). */
  id: string;
  partyName: string;
  /** How many people, when the tablet still holds the party (two parties may share a name). */
  partySize: number | null;
  /** What the host did here. */
  change: Mutation;
  reason: SyncRejection;
  /** The label of the tablet the reason names, when it names one. */
  tablet: string | null;
  /** The reason names the guest's own phone (the venue's check-in page), not a tablet. */
  byGuest?: boolean;
  /** Whether the guest can get a message (a PushedID, an email, or Pushed allowed on their phone); true when this tablet no longer holds the party. */
  reachable: boolean;
}

/** A party on this tablet's board the guest took off the list from their own phone (every tablet says so). */
export interface GuestCancel {
  /** The party's id (the notice's key). */
  id: string;
  partyName: string;
  partySize: number;
}

/** A pushed mutation the server refused, with the party it was about as this tablet held it. */
export interface Rejected {
  m: PendingMutation;
  outcome: Extract<MutationOutcome, { outcome: 'rejected' }>;
  party: Pick<Party, 'name' | 'size' | 'pushedId' | 'email' | 'pushedUser'> | undefined;
  /** The party is off the list because its guest cancelled from their phone (as the server has it now). */
  guestCancelled?: boolean;
}

/** The tablet's side of the wire: without its place in the store. */
export const onWire = ({ seq: _seq, ...m }: PendingMutation): Mutation => m;

/** What the badge says, from where the engine stands. */
export function syncState(at: {
  outdated: boolean;
  revoked: boolean;
  online: boolean;
  problem: SyncProblem | null;
  pending: number;
}): SyncState {
  if (at.outdated) return 'update_required';
  if (at.revoked) return 'disconnected';
  if (!at.online) return 'offline';
  // The server does not know this tablet's token: retrying keeps trying, but it is not the network.
  if (at.problem?.kind === 'unauthorized') return 'disconnected';
  if (at.problem) return 'unreachable';
  return at.pending > 0 ? 'syncing' : 'in_sync';
}

/** The host's notices of refused changes and of guests' cancels: the latest few, each dismissed by hand. */
export function createSyncNotices() {
  const notices = signal<SyncNotice[]>([]);
  const cancels = signal<GuestCancel[]>([]);
  return {
    notices,
    cancels,
    /** Adds a notice per refusal; the rows already show the truth, and a host who never dismisses them must not grow a list. */
    add(rejected: readonly Rejected[], labels: TabletLabels): void {
      notices.value = [...notices.value, ...rejected.map((r) => noticeOf(r, labels))].slice(-NOTICES_KEPT);
    },
    /** Adds a notice per guest's cancel (one per party, however often it is read). */
    addCancels(cancelled: readonly GuestCancel[]): void {
      const fresh = cancelled.filter((c) => !cancels.value.some((k) => k.id === c.id));
      if (fresh.length > 0) cancels.value = [...cancels.value, ...fresh].slice(-NOTICES_KEPT);
    },
    dismiss(id: string): void {
      notices.value = notices.value.filter((n) => n.id !== id);
      cancels.value = cancels.value.filter((n) => n.id !== id);
    },
  };
}

function noticeOf({ m, outcome, party, guestCancelled }: Rejected, labels: TabletLabels): SyncNotice {
  const { reason } = outcome;
  const tablet = 'tablet' in reason ? reason.tablet : null;
  return {
    id: m.id,
    partyName: party?.name ?? '',
    partySize: party?.size ?? null,
    change: onWire(m),
    reason,
    tablet: tablet === null ? null : (labels[tablet] ?? null),
    byGuest: tablet === GUEST_PAGE_DEVICE || (reason.kind === 'already_finished' && guestCancelled === true),
    reachable: party ? party.pushedId !== null || party.email !== null || canNotifyPushedUser(party) : true,
  };
}
