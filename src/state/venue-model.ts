import { signal } from '@preact/signals';
import { parsePairingInput, relayUrlForPairing, type PairingCodeProblem } from '../core/pairing-code.ts';
import { NOT_PAIRED, type PushResult } from '../core/push-result.ts';
import { absoluteUrl, isDemoAccount, validateSettings, type VenueSettings } from '../core/settings.ts';
import type {
  CheckIn,
  ConnectVenue,
  DemoSync,
  HistoryDownload,
  PairingOffer,
  VenueApi,
  VenueChanges,
  VenueDevice,
  VenueInfo,
  VenueProblem,
  VenueResult,
} from '../core/venue.ts';
import type { ReportPeriod, VenueReport } from '../core/wire/report.ts';
import type { CheckInStore } from '../storage/check-in-store.ts';
import type { SettingsStore } from '../storage/settings-store.ts';

/** Why pairing did not happen: the code, the server's answer, or this tablet failing to keep the connection. */
export type PairProblem = PairingCodeProblem | VenueProblem | { kind: 'storage' };

/** What pairing did: the venue this tablet now sends for, and its name in the venue's list. */
export type PairOutcome = { ok: true; venueName: string; label: string } | { ok: false; problem: PairProblem };

export interface VenueModelDeps {
  /** The settings store: the only place the device token is read from and written to. */
  store: SettingsStore;
  /** Opens the venue server's API (the real client checks the build's allowed origins before sending). */
  connect: ConnectVenue;
  /** The kiosk's own origin (location.origin). */
  ownOrigin: string;
  /** Origins this build's security policy lets it connect to. */
  allowedOrigins: readonly string[];
  /** Called once a pairing is saved (with which venue and which tablet), so the settings screens re-read, the outbox tries again and sync starts. */
  onPaired?(paired: { venueId: string; deviceId: string }): void;
  /** Called once the venue's name, channel or link were mirrored into this tablet's settings. */
  onSettingsChanged?(): void;
  /** The staff PIN that opened Settings, while they are open (memory only): owner actions carry it. */
  staffPin?(): string | null;
  /** Where the venue's check-in page is kept between starts (none: memory only). */
  checkIns?: CheckInStore;
  /**
   * Still on the demo account, the server answered the start-up check: `demo` when it is the demo's
   * server sharing its board (sync with it), null when not (a private board). Unreached: not called.
   */
  onDemoSync?(demo: DemoSync | null): void;
}

/**
 * The venue server as Settings sees it: pairing this tablet, the venue's Pushed account, its
 * tablets, and whether this tablet was disconnected. The device token is read from storage for
 * each call and never leaves this model but in the Authorization header.
 */
export function createVenueModel(deps: VenueModelDeps) {
  const { store, connect, ownOrigin, allowedOrigins } = deps;
  /** True once the venue server said this tablet was disconnected; a new pairing clears it. */
  const revoked = signal(false);
  /** True once the venue server this app came from refused the demo token: this tablet is not paired with it yet. */
  const unpaired = signal(false);
  const venue = signal<VenueInfo | null>(null);
  /** The venue's check-in page for guests, as the venue server last said (null: none, or not heard yet). */
  const checkIn = signal<CheckIn | null>(null);
  const devices = signal<VenueDevice[] | null>(null);
  /** Why the venue or its tablets could not be read, if they could not. */
  const loadProblem = signal<VenueProblem | null>(null);

  const clientFor = (settings: VenueSettings, deviceToken?: string) => {
    const staffPin = deviceToken ? deps.staffPin?.() : null;
    return connect({
      baseUrl: absoluteUrl(settings.relayUrl, ownOrigin),
      ...(deviceToken ? { deviceToken } : {}),
      ...(staffPin ? { staffPin } : {}),
    });
  };

  /** One call with this tablet's token (from `known` settings, else read); a "disconnected" answer raises the banner. */
  async function withToken<T>(
    call: (client: VenueApi) => Promise<VenueResult<T>>,
    known?: VenueSettings,
  ): Promise<VenueResult<T>> {
    let settings: VenueSettings;
    try {
      settings = known ?? (await store.read());
    } catch {
      return { ok: false, error: { kind: 'unauthorized' } };
    }
    const result = await call(clientFor(settings, settings.deviceToken));
    if (!result.ok && result.error.kind === 'revoked') revoked.value = true;
    return result;
  }

  /** The check-in page as the server now names it, kept for the next start (a failed write only loses that). */
  async function keepCheckIn(next: CheckIn | null): Promise<void> {
    checkIn.value = next;
    await deps.checkIns?.save(next).catch(() => {});
  }

  /**
   * This tablet's settings with a new connection and the venue's name, channel and link; a detail
   * this tablet would refuse (too long…), or one the venue has not set, stays as it was.
   */
  function merged(
    saved: VenueSettings,
    connection: Partial<Pick<VenueSettings, 'route' | 'relayUrl' | 'deviceToken'>>,
    details: Pick<VenueInfo, 'name' | 'channelAlias' | 'subscriptionLink'>,
  ): VenueSettings | null {
    const named = {
      ...(details.name ? { venueName: details.name } : {}),
      ...(details.channelAlias ? { channelAlias: details.channelAlias } : {}),
      ...(details.subscriptionLink ? { subscriptionLink: details.subscriptionLink } : {}),
    };
    const whole = validateSettings({ ...saved, ...connection, ...named }, saved, allowedOrigins);
    if (whole.ok) return whole.value;
    const bare = validateSettings({ ...saved, ...connection }, saved, allowedOrigins);
    return bare.ok ? bare.value : null;
  }

  return {
    revoked,
    unpaired,
    checkIn,
    venue,
    devices,
    loadProblem,

    /** Pairs this tablet with a scanned link or typed code, then saves route, relay URL, token and the venue's details. */
    async pair(text: string, label: string): Promise<PairOutcome> {
      const code = parsePairingInput(text);
      if (!code.ok) return { ok: false, problem: code.error };
      const relayUrl = relayUrlForPairing(code.value, ownOrigin, allowedOrigins);
      if (!relayUrl.ok) return { ok: false, problem: relayUrl.error };
      let saved: VenueSettings;
      try {
        saved = await store.read();
      } catch {
        return { ok: false, problem: { kind: 'storage' } };
      }
      const paired = await clientFor({ ...saved, relayUrl: relayUrl.value }).pair(code.value.code, label);
      if (!paired.ok) return { ok: false, problem: paired.error };
      const { deviceToken, device, venue: info } = paired.value;
      const next = merged(saved, { route: 'relay', relayUrl: relayUrl.value, deviceToken }, info);
      if (!next) return { ok: false, problem: { kind: 'storage' } };
      try {
        await store.save(next);
      } catch {
        return { ok: false, problem: { kind: 'storage' } };
      }
      revoked.value = false;
      unpaired.value = false;
      venue.value = null;
      void keepCheckIn(null); // another venue's, maybe: read again with the next check
      devices.value = null;
      deps.onPaired?.({ venueId: info.id, deviceId: device.id });
      return { ok: true, venueName: info.name, label: device.label };
    },

    /**
     * Asks the venue server whether this tablet is still connected (at start-up): a tablet
     * disconnected while it was off says so at once, not only at its next message. Still on the demo
     * account, it asks whether the server it came from is the demo's (sharing its board or not) or a
     * venue's that has not paired it yet. The answer names the venue's check-in page too (asked again as the join screen opens).
     * Only for a tablet sending through a venue server; an unreachable server changes nothing.
     */
    async check(): Promise<void> {
      let settings: VenueSettings;
      try {
        settings = await store.read();
      } catch {
        return;
      }
      if (settings.route !== 'relay' || !settings.deviceToken) return keepCheckIn(null);
      // The page known at the last start shows at once (and offline): guests' phones reach it on their own network.
      if (!checkIn.value) checkIn.value = (await deps.checkIns?.read().catch(() => null)) ?? null;
      const answer = await withToken((c) => c.checkToken(), settings);
      const reached = answer.ok || (answer.error.kind !== 'unreachable' && answer.error.kind !== 'server_error');
      if (isDemoAccount(settings)) {
        unpaired.value = !answer.ok && answer.error.kind === 'unauthorized';
        if (reached) deps.onDemoSync?.(answer.ok ? answer.value.demoSync : null);
      } else if (answer.ok) revoked.value = false;
      // Unreachable, the last known page stays.
      if (answer.ok) await keepCheckIn(answer.value.checkIn);
      else if (reached) await keepCheckIn(null);
    },

    /** Reads the venue and its tablets (Settings → Venue server). */
    async load(): Promise<void> {
      const [v, d] = await Promise.all([withToken((c) => c.getVenue()), withToken((c) => c.listDevices())]);
      if (v.ok) venue.value = v.value;
      if (d.ok) devices.value = d.value;
      loadProblem.value = !v.ok ? v.error : !d.ok ? d.error : null;
      if (v.ok && d.ok) revoked.value = false;
    },

    /** Saves the venue's Pushed account on the server; its name, channel and link are mirrored on this tablet. */
    async saveVenue(changes: VenueChanges): Promise<VenueResult<VenueInfo>> {
      const result = await withToken((c) => c.putVenue(changes));
      if (!result.ok) return result;
      venue.value = result.value;
      try {
        const saved = await store.read();
        const next = merged(saved, {}, result.value);
        if (next) await store.save(next);
        deps.onSettingsChanged?.();
      } catch {
        // Saved on the server, which is what counts; this tablet's copy catches up on the next pairing.
      }
      return result;
    },

    /** Disconnects one of the venue's tablets (and those it paired, but `keep`), then re-reads the list. */
    async revoke(id: string, keep: readonly string[] = []): Promise<VenueResult<VenueDevice[]>> {
      const result = await withToken((c) => c.revokeDevice(id, keep));
      const list = await withToken((c) => c.listDevices());
      if (list.ok) devices.value = list.value;
      return result;
    },

    /** The owner's report of the night, week or month holding `date`, beside the one before (with the PIN that opened Settings). */
    report(period: ReportPeriod, date: string): Promise<VenueResult<VenueReport>> {
      return withToken((c) => c.getReport(period, date));
    },

    /** A new single-use code to pair another tablet. */
    newPairingCode(): Promise<VenueResult<PairingOffer>> {
      return withToken((c) => c.newPairingCode());
    },

    /** The venue's history from the venue server, as a CSV file (with the staff PIN that opened Settings). */
    downloadHistory(): Promise<VenueResult<HistoryDownload>> {
      return withToken((c) => c.downloadHistory());
    },

    /** Watches each push's result: the venue server holding one back because this tablet was disconnected, or is not paired, raises the banner. */
    notePush(result: PushResult): void {
      if (result.kind === 'held' && result.why === 'device_revoked') revoked.value = true;
      else if (result.kind === 'held' && result.why === 'not_paired') unpaired.value = true;
      else if (result.kind === 'delivered') revoked.value = false;
    },

    /**
     * A push held here, never sent, while this tablet is known not paired with the venue server and
     * still has the demo token: each refusal would spend its address's wrong attempts, and with them
     * the pairing of the tablets beside it. Null: send as usual.
     */
    holdBeforeSending(settings: VenueSettings): PushResult | null {
      return unpaired.value && settings.route === 'relay' && isDemoAccount(settings) ? NOT_PAIRED : null;
    },
  };
}

/** The venue server's model. */
export type VenueModel = ReturnType<typeof createVenueModel>;
