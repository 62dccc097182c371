import { err, ok, type Result } from './result.ts';
import type { VenueSettings } from './settings.ts';

/** The app secret, encrypted with a passphrase (PBKDF2-SHA256 → AES-GCM), all base64. */
export interface SealedSecret {
  iterations: number;
  salt: string;
  iv: string;
  ciphertext: string;
}

/** The shortest passphrase that may seal a secret. */
export const PASSPHRASE_MIN_LENGTH = 8;

/** A venue's configuration as a file, to set up a second or replacement tablet. */
export interface ConfigFile {
  format: 'waitbell-config';
  version: 1;
  settings: Omit<VenueSettings, 'appSecret' | 'deviceToken'>;
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

/** The secrets a file can carry, sealed together. */
export interface Secrets {
  appSecret: string;
  deviceToken: string;
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
