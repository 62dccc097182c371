import type { ReadonlySignal } from '@preact/signals';
import type { ErasureField, ErasureMatch, ErasureRecord } from '../core/erasure.ts';
import type { Clock, NewId } from '../core/ports.ts';
import { err, ok, type Result } from '../core/result.ts';
import { absoluteUrl } from '../core/settings.ts';
import type { VenueConnection, VenueProblem, VenueResult } from '../core/venue.ts';
import type { ErasureStore } from '../storage/erasure-store.ts';
import type { SettingsStore } from '../storage/settings-store.ts';
import { StorageError, toStorageError, type StorageProblem } from '../storage/storage-error.ts';

/** Why an erasure step did not happen: the venue server's answer, or this tablet's storage. */
export type ErasureProblem = VenueProblem | { kind: 'storage'; problem: StorageProblem };

/** The owner's erasure of a guest's details: search, erase the confirmed parties, and the list of past erasures. */
export interface Erasures {
  /** Where erasures happen: the venue server for every tablet, or this tablet's own stores. */
  where: 'server' | 'tablet';
  preview(field: ErasureField, value: string): Promise<Result<ErasureMatch[], ErasureProblem>>;
  /** Erases the confirmed parties that still match; the same `id` again (a retry) answers the same record. */
  erase(
    id: string,
    field: ErasureField,
    value: string,
    partyIds: readonly string[],
  ): Promise<Result<ErasureRecord, ErasureProblem>>;
  list(): Promise<Result<ErasureRecord[], ErasureProblem>>;
  /** An id for one confirmation (kept for its retries). */
  newId: NewId;
}

/** The venue server's erasure routes, as the pushed client gives them (the staff PIN goes with each). */
export interface ServerErasureApi {
  previewErasure(field: ErasureField, value: string): Promise<VenueResult<ErasureMatch[]>>;
  createErasure(
    id: string,
    field: ErasureField,
    value: string,
    partyIds: readonly string[],
  ): Promise<VenueResult<ErasureRecord>>;
  listErasures(): Promise<VenueResult<ErasureRecord[]>>;
}

/** Opens the erasure routes at a connection (its code loads when the owner first uses them). */
export type ConnectErasures = (connection: VenueConnection) => Promise<ServerErasureApi>;

/** A paired tablet's erasures: on the venue server, which sends each erased party to every tablet by the usual sync. */
export function serverErasures(deps: {
  settings: SettingsStore;
  ownOrigin: string;
  connect: ConnectErasures;
  staffPin(): string | null;
  newId: NewId;
  /** The server said this tablet was disconnected: the revoked banner's cue. */
  onRevoked?(): void;
}): Erasures {
  async function withApi<T>(
    call: (api: ServerErasureApi) => Promise<VenueResult<T>>,
  ): Promise<Result<T, ErasureProblem>> {
    let api: ServerErasureApi;
    try {
      const saved = await deps.settings.read();
      const staffPin = deps.staffPin();
      api = await deps.connect({
        baseUrl: absoluteUrl(saved.relayUrl, deps.ownOrigin),
        ...(saved.deviceToken ? { deviceToken: saved.deviceToken } : {}),
        ...(staffPin ? { staffPin } : {}),
      });
    } catch (error) {
      // Settings unreadable, or the client's code could not be loaded (offline before it was cached).
      return error instanceof StorageError
        ? err({ kind: 'storage', problem: toStorageError(error).problem })
        : err({ kind: 'unreachable', cause: 'network' });
    }
    const result = await call(api);
    if (!result.ok && result.error.kind === 'revoked') deps.onRevoked?.();
    return result;
  }
  return {
    where: 'server',
    preview: (field, value) => withApi((api) => api.previewErasure(field, value)),
    erase: (id, field, value, partyIds) => withApi((api) => api.createErasure(id, field, value, partyIds)),
    list: () => withApi((api) => api.listErasures()),
    newId: deps.newId,
  };
}

/** An unpaired tablet's erasures: over its own stores, by the same matching and erasing rules as the venue server's. */
export function localErasures(deps: {
  store: ErasureStore;
  clock: Clock;
  newId: NewId;
  /** Parties erased here: the board and the other tabs read them again. */
  onErased(partyIds: readonly string[]): void;
}): Erasures {
  const guarded = async <T>(run: () => Promise<T>): Promise<Result<T, ErasureProblem>> => {
    try {
      return ok(await run());
    } catch (error) {
      return err({ kind: 'storage', problem: toStorageError(error).problem });
    }
  };
  return {
    where: 'tablet',
    preview: (field, value) =>
      guarded(async () =>
        (await deps.store.find(field, value)).map((p) => ({
          partyId: p.id,
          joinedAt: p.joinedAt,
          size: p.size,
          status: p.status,
          name: p.name,
        })),
      ),
    erase: (id, field, value, partyIds) =>
      guarded(async () => {
        const record = await deps.store.erase({ id, at: deps.clock.now(), field, tablet: null }, value, partyIds);
        deps.onErased(partyIds);
        return record;
      }),
    list: () => guarded(() => deps.store.list()),
    newId: deps.newId,
  };
}

/** What Settings → Guests' data erases through: the venue server's routes while paired, this tablet's stores otherwise. */
export interface GuestDataPorts {
  /** Null until the tablet can reach a venue server's routes. */
  server: Erasures | null;
  tablet: Erasures;
  /** Whether the network is there: a paired tablet erases only through its venue server. */
  online: ReadonlySignal<boolean>;
}

/** Builds the Guests' data ports when the owner first opens them: their code stays off the first screen. */
export type LoadGuestData = () => Promise<GuestDataPorts>;
