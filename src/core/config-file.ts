import { err, ok, type Result } from './result.ts';
import type { SettingsInput, VenueSettings } from './settings.ts';
import { isSlowHash, type SlowHash } from './staff-pin.ts';

/** The app secret, encrypted with a passphrase (PBKDF2-SHA256 → AES-GCM), all base64. */
export interface SealedSecret {
  iterations: number;
  salt: string;
  iv: string;
  ciphertext: string;
}

/** The shortest passphrase that may seal a secret. */
export const PASSPHRASE_MIN_LENGTH = 8;

/** Settings added after the first files were written: a file may lack them. */
type AddedLater =
  | 'lateAfterMinutes'
  | 'autoNoShow'
  | 'onListMessage'
  | 'onListTemplate'
  | 'gettingClosePosition'
  | 'gettingCloseTemplate'
  | 'defaultQuotes';

/** A venue's configuration as a file, to set up a second or replacement tablet. */
export interface ConfigFile {
  format: 'waitbell-config';
  version: 1;
  settings: Omit<VenueSettings, 'appSecret' | 'deviceToken' | AddedLater> & Partial<Pick<VenueSettings, AddedLater>>;
  /** Present only when the owner chose to include the secret. */
  secret?: SealedSecret;
}

const SETTINGS_KEYS = [
  'venueName',
  'route',
  'relayUrl',
  'apiBaseUrl',
  'appKey',
  'channelAlias',
  'subscriptionLink',
  'template',
  'contentLimit',
] as const;

/** Settings keys a file may lack (written before they existed), with the type each has when present. */
const LATER_KEYS = {
  lateAfterMinutes: 'number',
  autoNoShow: 'boolean',
  onListMessage: 'boolean',
  onListTemplate: 'string',
  gettingClosePosition: 'number',
  gettingCloseTemplate: 'string',
} as const;

/** The secrets a file can carry, sealed together. */
export interface Secrets {
  appSecret: string;
  deviceToken: string;
  /** The staff PIN's recovery code, as its hash only; absent in files from before recovery codes. */
  recovery?: SlowHash;
}

/** Secrets as opened from a file, or null when they do not have the shape exportConfig sealed. */
export function readSecrets(text: string): Secrets | null {
  try {
    const value = JSON.parse(text) as Partial<Secrets> | null; // every field checked below
    if (!value || typeof value.appSecret !== 'string' || typeof value.deviceToken !== 'string') return null;
    if (value.recovery !== undefined && !isSlowHash(value.recovery)) return null;
    return {
      appSecret: value.appSecret,
      deviceToken: value.deviceToken,
      ...(value.recovery ? { recovery: value.recovery } : {}),
    };
  } catch {
    return null;
  }
}

/** The form an imported file fills: settings it lacks (older files) stay as saved on this tablet. */
export function settingsInputFrom(file: ConfigFile, saved: VenueSettings, secrets: Secrets): SettingsInput {
  return {
    lateAfterMinutes: saved.lateAfterMinutes,
    autoNoShow: saved.autoNoShow,
    onListMessage: saved.onListMessage,
    onListTemplate: saved.onListTemplate,
    gettingClosePosition: saved.gettingClosePosition,
    gettingCloseTemplate: saved.gettingCloseTemplate,
    defaultQuotes: saved.defaultQuotes,
    ...file.settings,
    // A file from before online joins keeps this tablet's; one with them is checked like the form.
    onlineJoins: file.settings.onlineJoins ?? saved.onlineJoins,
    appSecret: secrets.appSecret,
    deviceToken: secrets.deviceToken,
  };
}

/** The file for these settings; the secrets only if sealed. */
export function toConfigFile(
  { appSecret: _secret, deviceToken: _token, ...settings }: VenueSettings,
  secret?: SealedSecret,
): ConfigFile {
  return { format: 'waitbell-config', version: 1, settings, ...(secret ? { secret } : {}) };
}

/** Reads a configuration file; anything else is refused (its fields are checked again by validateSettings on import). */
export function parseConfigFile(text: string): Result<ConfigFile, 'not_config'> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err('not_config');
  }
  const file = json as Partial<ConfigFile> | null;
  if (
    !file ||
    file.format !== 'waitbell-config' ||
    file.version !== 1 ||
    typeof file.settings !== 'object' ||
    file.settings === null
  ) {
    return err('not_config');
  }
  const settings = file.settings as Record<string, unknown>;
  for (const key of SETTINGS_KEYS) {
    if (typeof settings[key] !== (key === 'contentLimit' ? 'number' : 'string')) return err('not_config');
  }
  for (const [key, type] of Object.entries(LATER_KEYS)) {
    if (settings[key] !== undefined && typeof settings[key] !== type) return err('not_config');
  }
  const quotes = settings.defaultQuotes;
  if (
    quotes !== undefined &&
    !(Array.isArray(quotes) && quotes.length === 4 && quotes.every((q) => typeof q === 'number'))
  )
    return err('not_config');
  const secret = file.secret as Partial<SealedSecret> | undefined;
  if (
    secret !== undefined &&
    !(
      typeof secret.iterations === 'number' &&
      [secret.salt, secret.iv, secret.ciphertext].every((v) => typeof v === 'string')
    )
  ) {
    return err('not_config');
  }
  return ok(file as ConfigFile);
}
