import { err, ok, type Result } from './result.ts';
import {
  DEFAULT_QUOTE_FIELDS,
  SANDBOX_SETTINGS,
  validateSettings,
  type SettingsInput,
  type SettingsProblem,
  type VenueSettings,
} from './settings.ts';
import { isSlowHash, type SlowHash, type StaffPinRecord } from './staff-pin.ts';
import { ONLINE_JOINS_DEFAULTS, readOnlineJoins } from './online-joins.ts';
import { DEFAULT_RETENTION, readRetention } from './retention.ts';

/**
 * The venue settings every tablet of a venue shares through the venue server: the name,
 * the guest messages, the call rules, the usual quotes, the channel and its link. Everything else
 * of VenueSettings (how this tablet connects, and any Pushed secret) stays on the tablet.
 */
export const SHARED_SETTINGS_FIELDS = [
  'venueName',
  'channelAlias',
  'subscriptionLink',
  'template',
  'contentLimit',
  'lateAfterMinutes',
  'autoNoShow',
  'onListMessage',
  'onListTemplate',
  'gettingClosePosition',
  'gettingCloseTemplate',
  'defaultQuotes',
  'onlineJoins',
  'retention',
] as const satisfies readonly (keyof VenueSettings)[];

export type SharedSettingsField = (typeof SHARED_SETTINGS_FIELDS)[number];
export type SharedSettings = Pick<VenueSettings, SharedSettingsField>;

/** The staff PIN as every tablet of the venue knows it: its hash (and the recovery code's), never the PIN, never the counters. */
export interface SharedPinHash extends SlowHash {
  recovery?: SlowHash;
}

/** What the venue server keeps for a venue: its shared settings and its PIN's hash (null while none was chosen). */
export interface SharedDoc {
  settings: SharedSettings;
  pinHash: SharedPinHash | null;
}

/** A field of the shared document: a setting, or the PIN. */
export type SharedDocField = SharedSettingsField | 'pinHash';

/** The shared part of a tablet's settings. */
export const sharedSettings = (settings: VenueSettings): SharedSettings =>
  Object.fromEntries(SHARED_SETTINGS_FIELDS.map((field) => [field, settings[field]])) as SharedSettings; // every field, copied by name

/** The tablet's settings with the venue's shared part in place; its own (route, token, secret…) stay. */
export const withShared = (settings: VenueSettings, shared: SharedSettings): VenueSettings => ({
  ...settings,
  ...sharedSettings({ ...settings, ...shared }), // only the shared fields, even if `shared` carried more
});

/** The PIN record's shareable part: hashes only, the lockout counters stay on the tablet. */
export function pinHashOf(record: StaffPinRecord | null): SharedPinHash | null {
  if (!record) return null;
  const { salt, hash, iterations, recovery } = record;
  return { salt, hash, iterations, ...(recovery ? { recovery: { ...recovery } } : {}) };
}

/** This tablet's PIN record with the venue's PIN hash: its own lockout counters are kept. */
export const withPinHash = (record: StaffPinRecord | null, pinHash: SharedPinHash): StaffPinRecord => {
  const { salt, hash, iterations, recovery } = pinHash;
  const counters = {
    failures: record?.failures ?? 0,
    lockouts: record?.lockouts ?? 0,
    lockedUntil: record?.lockedUntil ?? 0,
  };
  return { ...counters, salt, hash, iterations, ...(recovery ? { recovery } : {}) };
};

/** Why shared settings from the wire were refused: the form's own problems, or a field of the wrong kind. */
export type SharedSettingsProblem = SettingsProblem | { field: SharedSettingsField; problem: 'wrong_type' };

/** The kind of value each shared setting holds (the wire's schema, src/core/wire/venue.ts, is built from it). */
export const SHARED_SETTINGS_KINDS = {
  venueName: 'string',
  channelAlias: 'string',
  subscriptionLink: 'string',
  template: 'string',
  contentLimit: 'number',
  lateAfterMinutes: 'number',
  autoNoShow: 'boolean',
  onListMessage: 'boolean',
  onListTemplate: 'string',
  gettingClosePosition: 'number',
  gettingCloseTemplate: 'string',
  defaultQuotes: 'quotes',
  onlineJoins: 'onlineJoins',
  retention: 'retention',
} as const satisfies Record<
  SharedSettingsField,
  'string' | 'number' | 'boolean' | 'quotes' | 'onlineJoins' | 'retention'
>;

const isKind = (value: unknown, kind: (typeof SHARED_SETTINGS_KINDS)[SharedSettingsField]) =>
  kind === 'quotes'
    ? Array.isArray(value) && value.length === DEFAULT_QUOTE_FIELDS.length && value.every((v) => typeof v === 'number')
    : kind === 'onlineJoins'
      ? readOnlineJoins(value).ok
      : kind === 'retention'
        ? readRetention(value).ok
        : typeof value === kind;

/**
 * Checks shared settings as they arrive (a tablet's upload, the server's answer) with the settings
 * form's own rules (validateSettings): the same venue name, template and range checks on the server
 * as on the tablet. Returns them trimmed as the form would save them.
 */
export function checkSharedSettings(value: unknown): Result<SharedSettings, SharedSettingsProblem[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return err(SHARED_SETTINGS_FIELDS.map((field) => ({ field, problem: 'wrong_type' as const })));
  const given = value as Record<string, unknown>; // each field's kind is checked below before use
  const wrong = SHARED_SETTINGS_FIELDS.filter((field) => !isKind(given[field], SHARED_SETTINGS_KINDS[field]));
  if (wrong.length) return err(wrong.map((field) => ({ field, problem: 'wrong_type' as const })));
  const shared = Object.fromEntries(SHARED_SETTINGS_FIELDS.map((f) => [f, given[f]])) as SharedSettings; // kinds checked
  const onlineJoins = readOnlineJoins(given.onlineJoins);
  const retention = readRetention(given.retention);
  // The tablet-only fields come from the built-in settings, which pass: only the shared ones can be refused.
  const input: SettingsInput = {
    ...SANDBOX_SETTINGS,
    appSecret: '',
    deviceToken: '',
    ...shared,
    onlineJoins: onlineJoins.ok ? onlineJoins.value : ONLINE_JOINS_DEFAULTS,
    retention: retention.ok ? retention.value : DEFAULT_RETENTION,
  };
  const checked = validateSettings(input, SANDBOX_SETTINGS);
  return checked.ok ? ok(sharedSettings(checked.value)) : err(checked.error);
}

const BASE64 = /^[A-Za-z0-9+/]{8,200}={0,2}$/;
const HASH_KEYS: readonly string[] = ['salt', 'hash', 'iterations', 'recovery'];
const isHash = (v: unknown): v is SlowHash =>
  isSlowHash(v) &&
  Object.keys(v).every((key) => HASH_KEYS.includes(key)) &&
  BASE64.test(v.salt) &&
  BASE64.test(v.hash) &&
  Number.isInteger(v.iterations) &&
  v.iterations >= 1_000 &&
  v.iterations <= 10_000_000;

/** A PIN hash as it arrives, or null when it is not one, or has a field more (never says what it held). */
export function readPinHash(value: unknown): SharedPinHash | null {
  if (!isHash(value)) return null;
  const recovery = (value as { recovery?: unknown }).recovery;
  if (recovery !== undefined && !isHash(recovery)) return null;
  const { salt, hash, iterations } = value;
  return { salt, hash, iterations, ...(recovery ? { recovery: pick(recovery) } : {}) };
}
const pick = ({ salt, hash, iterations }: SlowHash): SlowHash => ({ salt, hash, iterations });

/** Whether two plain values (strings, numbers, arrays, records) are the same, whatever their keys' order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

const docField = (doc: SharedDoc, field: SharedDocField): unknown =>
  field === 'pinHash' ? doc.pinHash : doc.settings[field];

export const SHARED_DOC_FIELDS: readonly SharedDocField[] = [...SHARED_SETTINGS_FIELDS, 'pinHash'];

/** The fields where two documents differ. */
export const changedFields = (from: SharedDoc, to: SharedDoc): SharedDocField[] =>
  SHARED_DOC_FIELDS.filter((field) => !sameValue(docField(from, field), docField(to, field)));

/**
 * The merge of the venue's settings on the server with this tablet's own edits (README, "Venue
 * settings on every tablet"): every field this tablet edited since it last agreed with the server
 * takes its value (it reaches the server later); every other field takes the server's. The PIN
 * hash is never lost: while the server has none, this tablet's fills it.
 */
export function mergeShared(server: SharedDoc, local: SharedDoc, edited: readonly SharedDocField[]): SharedDoc {
  const settings = { ...server.settings };
  for (const field of edited) if (field !== 'pinHash') Object.assign(settings, { [field]: local.settings[field] });
  const pinHash = (edited.includes('pinHash') || !server.pinHash) && local.pinHash ? local.pinHash : server.pinHash;
  return { settings, pinHash };
}

/**
 * The fields both this tablet and another changed since they last agreed (`base`, the server's copy
 * then), to different values: this tablet's value stands, and the host is told which.
 */
export const conflictingFields = (
  base: SharedDoc | null,
  server: SharedDoc,
  local: SharedDoc,
  edited: readonly SharedDocField[],
): SharedDocField[] =>
  base
    ? edited.filter(
        (f) =>
          !sameValue(docField(server, f), docField(base, f)) && !sameValue(docField(server, f), docField(local, f)),
      )
    : [];
