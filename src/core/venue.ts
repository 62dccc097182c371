import type { Result } from './result.ts';
import type { SharedDoc, SharedPinHash } from './shared-settings.ts';
import type { ReportPeriod, VenueReport } from './wire/report.ts';

/** The venue as the server describes it; its Pushed app secret never comes back, only whether one is saved. */
export interface VenueInfo {
  id: string;
  name: string;
  appKey: string;
  hasAppSecret: boolean;
  channelAlias: string;
  subscriptionLink: string;
}

/** The venue's check-in page for guests: its code, and its address when the server has a public one (null: none to show). */
export interface CheckIn {
  code: string;
  url: string | null;
}

/** The demo's server sharing its board with the demo tablet: its venue, and the demo tablet there. */
export interface DemoSync {
  venueId: string;
  deviceId: string;
}

/** What the start-up check learns besides the token being known: the check-in page, and whether the demo's board is shared. */
export interface TokenCheck {
  checkIn: CheckIn | null;
  /** Only the demo's server (`npm start`) says so; null from any other. */
  demoSync: DemoSync | null;
}

/** One tablet of the venue, as the owner sees it in Settings. */
export interface VenueDevice {
  id: string;
  label: string;
  /** Milliseconds since the epoch. */
  pairedAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
  /** This tablet. */
  current: boolean;
  /** The tablet whose pairing code paired this one; null: the command line. */
  pairedBy: string | null;
  /** The tablet that disconnected this one; null: connected, or the command line did it. */
  revokedBy: string | null;
  /** This tablet's last owner action, and when (milliseconds since the epoch). */
  lastOwnerAction: { action: OwnerActionKind; at: number } | null;
}

/** An owner action: changed the Pushed account, made a pairing code, disconnected a tablet, changed the PIN. */
export type OwnerActionKind = 'venue' | 'settings' | 'pairing_code' | 'revoke' | 'pin';

/** The connected tablets a disconnection of `id` takes with it: those it paired, and they paired, oldest first. */
export function pairedFrom(devices: readonly VenueDevice[], id: string): VenueDevice[] {
  const gone = new Set([id]);
  // The list is oldest first, and a tablet is paired after the one that paired it: one pass finds them all.
  for (const d of devices) if (d.pairedBy !== null && gone.has(d.pairedBy)) gone.add(d.id);
  return devices.filter((d) => d.id !== id && gone.has(d.id) && d.revokedAt === null);
}

/** What pairing gives: this tablet's token (a secret: only storage keeps it), its name there, and the venue. */
export interface Paired {
  deviceToken: string;
  device: { id: string; label: string };
  venue: Pick<VenueInfo, 'id' | 'name' | 'channelAlias' | 'subscriptionLink'>;
}

/** A fresh code for pairing another tablet: single use, until `expiresAt`. */
export interface PairingOffer {
  code: string;
  url: string;
  expiresAt: number;
}

/** The venue settings' fields the server checks, and what it found wrong with each. */
export type VenueField = 'name' | 'appKey' | 'appSecret' | 'channelAlias' | 'subscriptionLink';
export type VenueFieldProblem = 'required' | 'too_long' | 'bad_characters' | 'not_https';

/** The changes Save sends; an absent or empty app secret keeps the saved one. */
export type VenueChanges = Partial<Record<VenueField, string>>;

/** Why a call to the venue server did not do what was asked, in terms the screens put into words. */
export type VenueProblem =
  /** Not the shape of a pairing code. */
  | { kind: 'bad_code' }
  | { kind: 'unknown_code' }
  | { kind: 'used_code' }
  | { kind: 'expired_code' }
  /** Too many wrong codes from this address: wait before trying again. */
  | { kind: 'too_many_attempts'; retryAfterMs: number | null }
  /** This tablet was disconnected from the venue (its token revoked): nothing on it is lost. */
  | { kind: 'revoked' }
  /** The server does not know this tablet's token (typed by hand, or from another server). */
  | { kind: 'unauthorized' }
  /** The tablet asked for is not one of this venue's. */
  | { kind: 'not_found' }
  /** An owner action without the staff PIN (Settings were opened without one, or closed since). */
  | { kind: 'staff_pin_required' }
  /** The venue server does not know the PIN that opened Settings (changed on another tablet, say). */
  | { kind: 'staff_pin_wrong'; triesLeft: number | null }
  /** Too many wrong PINs for the venue: owner actions wait. */
  | { kind: 'staff_pin_locked'; retryAfterMs: number | null }
  | { kind: 'invalid_fields'; fields: { field: VenueField; problem: VenueFieldProblem }[] }
  /** No answer: the server is down, the network is, or the address is wrong. */
  | { kind: 'unreachable'; cause: 'timeout' | 'network' }
  /** This build's security policy does not let the kiosk connect to that server at all. */
  | { kind: 'not_allowed'; origin: string }
  /** The server does not take tablets from the address this kiosk was opened at (`origin`; '' if unknown): its owner's settings do not list it. */
  | { kind: 'address_refused'; origin: string }
  /** The server answered, but not as the contract says (or failed: 5xx, a proxy's page). */
  | { kind: 'server_error'; status: number };

export type VenueResult<T> = Result<T, VenueProblem>;

/** The venue's shared settings as the server gives them: `settings` is checked by the tablet before use; null while none. */
export interface RemoteShared {
  settings: unknown;
  pinHash: SharedPinHash | null;
  revision: number;
  updatedAt: number | null;
}

/** Why an upload of the shared settings did not happen: another tablet changed them first (here they are), refused fields, or the usual. */
export type SharedUploadProblem =
  VenueProblem | { kind: 'settings_changed'; current: RemoteShared } | { kind: 'settings_refused'; fields: string[] };

/** How to reach the venue server: its API base (absolute), and this tablet's token for all but pairing. */
export interface VenueConnection {
  baseUrl: string;
  deviceToken?: string;
  /** The staff PIN that opened Settings (memory only), sent with owner actions; never logged. */
  staffPin?: string;
}

/** The venue server's API as the kiosk uses it (its routes: src/server/routes.ts); every outcome is a result, never a throw. */
export interface VenueApi {
  /** Pairs this tablet with a code (as normalizePairingCode gives it); `label` names it in the venue's list. */
  pair(code: string, label?: string): Promise<VenueResult<Paired>>;
  /** The venue's settings (its app secret only as "saved or not"). */
  getVenue(): Promise<VenueResult<VenueInfo>>;
  /**
   * Whether the server knows this tablet's token (revoked, unknown, or not reached, as a problem);
   * reads no venue, only its guests' check-in page when the server has one (null: none), and whether
   * it is the demo's server sharing its board.
   */
  checkToken(): Promise<VenueResult<TokenCheck>>;
  /** Saves changes to the venue's settings; an empty app secret keeps the saved one. */
  putVenue(changes: VenueChanges): Promise<VenueResult<VenueInfo>>;
  /** The venue's tablets, oldest first. */
  listDevices(): Promise<VenueResult<VenueDevice[]>>;
  /** Disconnects one of the venue's tablets and those it paired but `keep`: every tablet revoked, the one named first. */
  revokeDevice(id: string, keep?: readonly string[]): Promise<VenueResult<VenueDevice[]>>;
  /** A new single-use code (and its link, for the QR) to pair another tablet. */
  newPairingCode(): Promise<VenueResult<PairingOffer>>;
  /** The venue's shared settings and staff PIN hash. */
  getSharedSettings(): Promise<VenueResult<RemoteShared>>;
  /** Uploads them over `revision` (the one last read); a newer one on the server is `settings_changed`. */
  putSharedSettings(revision: number, doc: SharedDoc): Promise<Result<RemoteShared, SharedUploadProblem>>;
  /** The venue's history as the server's CSV file (an owner action: the staff PIN goes with it). */
  downloadHistory(): Promise<VenueResult<HistoryDownload>>;
  /** The owner's report (with the staff PIN) of the night, week or month holding `date` (YYYY-MM-DD), beside the one before. */
  getReport(period: ReportPeriod, date: string): Promise<VenueResult<VenueReport>>;
}

/** The venue's history file as downloaded: its text and the name the server gave it. */
export interface HistoryDownload {
  csv: string;
  fileName: string;
}

/** Opens the venue API at a connection (the composition root gives the real client, tests a fake). */
export type ConnectVenue = (connection: VenueConnection) => VenueApi;
