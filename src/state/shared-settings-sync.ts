import { signal } from '@preact/signals';
import { absoluteUrl, isPairedWithVenue, type VenueSettings } from '../core/settings.ts';
import {
  changedFields,
  checkSharedSettings,
  conflictingFields,
  mergeShared,
  pinHashOf,
  sameValue,
  SHARED_SETTINGS_FIELDS,
  sharedSettings,
  withPinHash,
  withShared,
  type SharedDoc,
  type SharedDocField,
  type SharedSettings,
} from '../core/shared-settings.ts';
import type { ConnectVenue, RemoteShared, VenueApi } from '../core/venue.ts';
import type { PinStore } from '../storage/pin-store.ts';
import type { SettingsStore } from '../storage/settings-store.ts';
import { NEVER_SYNCED, type SharedSyncStore } from '../storage/shared-sync-store.ts';

/** Where this tablet's shared settings stand with the venue server. */
export type SharedSyncStatus =
  /** Not paired with a venue server (or the demo): the settings are this tablet's alone, as before. */
  | { kind: 'unpaired' }
  | { kind: 'in_sync'; revision: number }
  /** The server could not be asked; changes made here wait (`waiting`) and go when it answers. */
  | { kind: 'offline'; waiting: boolean }
  /** The server refused this tablet's settings (its rules are newer, say): they stay here, not uploaded. */
  | { kind: 'refused'; fields: string[] };

export interface SharedSettingsSyncDeps {
  settings: SettingsStore;
  pins: PinStore;
  sync: SharedSyncStore;
  connect: ConnectVenue;
  /** The kiosk's own origin, for a relay URL that is a path. */
  ownOrigin: string;
  /** Called when settings or the PIN were replaced by the venue's: the screens re-read. */
  onAdopted?(): void;
  /** The staff PIN that opened Settings, while they are open (memory only): a new PIN's upload needs it. */
  staffPin?(): string | null;
  /** Called once a PIN chosen here reached the venue server. */
  onPinUploaded?(): void;
}

/** How many times a reconcile starts over when another tablet (or a host here) changed something meanwhile. */
const ROUNDS = 4;

/**
 * The venue's shared settings on this tablet (README, "Venue settings on every tablet"): saved here
 * first (it works offline), uploaded when the server answers; the server's taken for every field not
 * changed here. One reconcile at a time.
 */
export function createSharedSettingsSync(deps: SharedSettingsSyncDeps) {
  const status = signal<SharedSyncStatus>({ kind: 'unpaired' });
  /** Fields another tablet changed too, where this tablet's change stood: for the host to be told, until dismissed. */
  const conflict = signal<SharedDocField[] | null>(null);
  /** True once the venue server refused a PIN changed here (no current PIN went with it): the host sets it again online. */
  const pinRefused = signal(false);
  /** Other settings changed here that the venue server refused for want of the PIN: the venue's stand again. */
  const settingsRefused = signal<SharedDocField[]>([]);
  let running: Promise<SharedSyncStatus> = Promise.resolve(status.value);
  // The PIN that opened Settings when a change was made here, kept (in memory only) until that change is
  // up: Save closes Settings before the upload answers, and the venue server wants the PIN with it.
  let carried: string | null = null;

  const clientFor = (settings: VenueSettings): VenueApi => {
    const staffPin = deps.staffPin?.() ?? carried;
    return deps.connect({
      baseUrl: absoluteUrl(settings.relayUrl, deps.ownOrigin),
      deviceToken: settings.deviceToken,
      ...(staffPin ? { staffPin } : {}),
    });
  };

  /** The server's settings as this tablet can use them: a field it would refuse keeps this tablet's value. */
  function usable(remote: RemoteShared, local: SharedDoc): SharedDoc | null {
    if (remote.settings === null || typeof remote.settings !== 'object') return null;
    const given = remote.settings as Record<string, unknown>; // checked just below, field by field
    const whole = checkSharedSettings(given);
    if (whole.ok) return { settings: whole.value, pinHash: remote.pinHash };
    const bad = new Set<string>(whole.error.map((p) => p.field));
    const mixed = Object.fromEntries(
      SHARED_SETTINGS_FIELDS.map((f) => [f, bad.has(f) ? local.settings[f] : given[f]]),
    ) as SharedSettings; // every field, from one side or the other
    const checked = checkSharedSettings(mixed);
    return { settings: checked.ok ? checked.value : local.settings, pinHash: remote.pinHash };
  }

  /** Puts `target` into this tablet's settings and PIN record where they differ; true if anything changed. */
  async function adopt(settings: VenueSettings, local: SharedDoc, target: SharedDoc): Promise<boolean> {
    const changed = changedFields(local, target);
    if (changed.length === 0) return false;
    if (changed.some((f) => f !== 'pinHash')) await deps.settings.save(withShared(settings, target.settings));
    if (changed.includes('pinHash') && target.pinHash)
      await deps.pins.save(withPinHash(await deps.pins.read(), target.pinHash));
    else if (changed.includes('pinHash')) await deps.pins.clear();
    return true;
  }

  async function reconcile(): Promise<SharedSyncStatus> {
    for (let round = 0; round < ROUNDS; round++) {
      const settings = await deps.settings.read();
      if (!isPairedWithVenue(settings)) return { kind: 'unpaired' };
      const record = await deps.sync.read();
      const local: SharedDoc = { settings: sharedSettings(settings), pinHash: pinHashOf(await deps.pins.read()) };
      const api = clientFor(settings);
      const got = await api.getSharedSettings();
      if (!got.ok) return { kind: 'offline', waiting: record.edited.length > 0 };
      const server = usable(got.value, local);
      // The first tablet sets the venue up; a joining one takes the venue's, but for what it changed since pairing.
      const merged = server ? mergeShared(server, local, record.edited) : local;
      // The venue had a PIN and has none now: its owner cleared it on the venue server (nobody remembered it).
      const forgotten = !!record.base?.pinHash && !!server && !server.pinHash && !record.edited.includes('pinHash');
      const target = forgotten ? { ...merged, pinHash: null } : merged;
      const conflicts = server ? conflictingFields(record.base, server, local, record.edited) : [];
      // A host's save that came in meanwhile is newer than what was read: start over with it.
      if ((await deps.sync.read()).edits !== record.edits) continue;
      const adopted = await adopt(settings, local, target);
      let now = got.value;
      if (!server || changedFields(server, target).length > 0) {
        const put = await api.putSharedSettings(got.value.revision, target);
        if (!put.ok && put.error.kind === 'settings_changed') continue; // another tablet was first: merge again
        if (!put.ok && put.error.kind === 'settings_refused') return { kind: 'refused', fields: put.error.fields };
        if (!put.ok && server && (put.error.kind === 'staff_pin_required' || put.error.kind === 'staff_pin_wrong')) {
          // Changes uploaded without the PIN that opened Settings (they closed, the tablet restarted): the
          // venue's settings and PIN are taken back here and the host is told which, to make them again.
          const latest = await deps.sync.read();
          const now = await deps.settings.read();
          await adopt(now, { settings: sharedSettings(now), pinHash: pinHashOf(await deps.pins.read()) }, server);
          await deps.sync.save({ ...latest, revision: got.value.revision, base: server, edited: [] });
          if (latest.edited.includes('pinHash')) pinRefused.value = true;
          const others = latest.edited.filter((f): f is SharedDocField => f !== 'pinHash');
          if (others.length) settingsRefused.value = others;
          carried = null;
          deps.onAdopted?.();
          continue;
        }
        if (!put.ok) return { kind: 'offline', waiting: true };
        now = put.value;
        if (server?.pinHash && !sameValue(server.pinHash, target.pinHash)) deps.onPinUploaded?.();
        else if (!server?.pinHash && target.pinHash) deps.onPinUploaded?.();
      }
      const latest = await deps.sync.read();
      const untouched = latest.edits === record.edits;
      if (untouched) carried = null; // everything made here is up
      await deps.sync.save({
        revision: now.revision,
        base: usable(now, target) ?? target,
        edited: untouched ? [] : latest.edited,
        edits: latest.edits,
      });
      if (conflicts.length) conflict.value = conflicts;
      if (adopted) deps.onAdopted?.();
      return { kind: 'in_sync', revision: now.revision };
    }
    return { kind: 'offline', waiting: (await deps.sync.read()).edited.length > 0 };
  }

  /** Runs one reconcile after any running one; its failure (storage) leaves the status as it was. */
  function queued(): Promise<SharedSyncStatus> {
    running = running.then(
      () => reconcile(),
      () => reconcile(),
    );
    return running.then(
      (next) => (status.value = next),
      () => status.value,
    );
  }

  return {
    status,
    conflict,
    dismissConflict: () => void (conflict.value = null),
    pinRefused,
    dismissPinRefused: () => void (pinRefused.value = false),
    settingsRefused,
    dismissSettingsRefused: () => void (settingsRefused.value = []),
    /**
     * Notes a change the host made to the shared settings or the PIN, before it is saved here (so a
     * crash between the two uploads it again, never loses it). Only while paired with a venue server.
     */
    async noteChange(fields: readonly SharedDocField[], settings?: VenueSettings): Promise<void> {
      if (fields.length === 0 || !isPairedWithVenue(settings ?? (await deps.settings.read()))) return;
      carried = deps.staffPin?.() ?? carried;
      await deps.sync.noteEdited(fields);
    },
    /** The shared fields that differ between two of this tablet's settings. */
    changedSettings: (before: VenueSettings, after: VenueSettings): SharedDocField[] =>
      changedFields(
        { settings: sharedSettings(before), pinHash: null },
        { settings: sharedSettings(after), pinHash: null },
      ),
    /**
     * Forgets where this tablet stood with a venue (after pairing, maybe with another venue): the
     * next reconcile takes the venue's settings, or gives this tablet's to a venue that has none.
     */
    startOver: () => {
      const reset = running.then(
        () => deps.sync.save(NEVER_SYNCED),
        () => deps.sync.save(NEVER_SYNCED),
      );
      running = reset.then(() => status.value);
      return reset;
    },
    /** Takes what changed on the server (at start, and when the venue server says its settings changed). */
    pull: queued,
    /** Uploads what changed here (after a save, and when the network is back); merges first if needed. */
    push: queued,
  };
}

/** The shared settings' sync. */
export type SharedSettingsSync = ReturnType<typeof createSharedSettingsSync>;
