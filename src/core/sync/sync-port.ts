import type { Party } from '../party.ts';
import type { Result } from '../result.ts';
import type { ChangeRef, MutationOutcome } from './merge.ts';
import type { Mutation } from './mutation.ts';

/** Why a sync call got no useful answer. */
export type SyncProblem =
  /** No answer: the server is down, the network is, or the address is wrong. */
  | { kind: 'unreachable' }
  /** This tablet was disconnected from the venue (its token revoked): it stops syncing until paired again. */
  | { kind: 'revoked' }
  /** The server does not know this tablet's token. */
  | { kind: 'unauthorized' }
  /** The server syncs by other merge rules (another protocol): this tablet applies nothing until Waitbell is updated. */
  | { kind: 'update_required' }
  /** The server answered, but not as the contract says (or failed: 5xx, a proxy's page). */
  | { kind: 'server_error'; status: number };

/** Labels of the venue's tablets by id, for saying where a change was made. */
export type TabletLabels = Readonly<Record<string, string>>;

/** The answer to a push: the version it made, and what became of each mutation (same order). */
export interface PushAnswer {
  version: number;
  outcomes: MutationOutcome[];
  tablets: TabletLabels;
}

/** One party as the server holds it. */
export interface ServerParty {
  party: Party;
  lastChange: ChangeRef | null;
  version: number;
}

/** A page of what changed: rows after `since`, in version order. */
export interface ChangesAnswer {
  /** The version this page reaches (page again from it while `more`). */
  version: number;
  /** The venue's version when this page was read (absent from older servers). */
  current?: number;
  parties: ServerParty[];
  more: boolean;
  /** Rows left after this page (of the board, while a board read has `more`). */
  remaining: number;
  tablets: TabletLabels;
}

/** The venue server's sync routes as the tablet uses them; every outcome is a result, never a throw. */
export interface SyncApi {
  push(mutations: readonly Mutation[]): Promise<Result<PushAnswer, SyncProblem>>;
  changes(since: number, options?: { limit?: number; scope?: 'board' }): Promise<Result<ChangesAnswer, SyncProblem>>;
  /**
   * Listens to the venue's versions: `onVersion` at once with the current one, then on each newer one,
   * until the stream ends (resolves null), fails (resolves the problem), is replaced by a newer stream of
   * this tablet (another tab: resolves `replaced`) or `signal` aborts (resolves null); `onSettings` when
   * the venue's shared settings changed; `onAnnouncements` when its announcements did.
   */
  events(
    onVersion: (version: number) => void,
    signal: AbortSignal,
    onSettings?: () => void,
    onAnnouncements?: () => void,
  ): Promise<SyncProblem | { kind: 'replaced' } | null>;
}
