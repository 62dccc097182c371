import { isDemoAccount, SANDBOX_SETTINGS, withDefaults, type VenueSettings } from '../core/settings.ts';
import type { WaitbellDb } from './open-db.ts';
import { SETTINGS_KEY } from './schema.ts';
import { guarded } from './storage-error.ts';

/** The settings as the screens may see them: every secret replaced by whether one is saved, and whether it is the demo account. */
export type PublicSettings = Omit<VenueSettings, 'appSecret' | 'deviceToken'> & {
  hasAppSecret: boolean;
  hasDeviceToken: boolean;
  demo: boolean;
};

/** The venue settings store. Only `read` returns secrets, and only the sender calls it. */
export interface SettingsStore {
  /** The saved settings, or the sandbox defaults on a new tablet. Secrets included: for the sender only. */
  read(): Promise<VenueSettings>;
  readPublic(): Promise<PublicSettings>;
  save(settings: VenueSettings): Promise<void>;
}

/** Strips the secret out of settings for display. */
function toPublicSettings(settings: VenueSettings): PublicSettings {
  const { appSecret, deviceToken, ...rest } = settings;
  return { ...rest, hasAppSecret: appSecret !== '', hasDeviceToken: deviceToken !== '', demo: isDemoAccount(settings) };
}

/** The settings store over an open database. */
export function settingsStore(db: WaitbellDb): SettingsStore {
  const read = () =>
    guarded(async () => {
      const saved = await db.get('settings', SETTINGS_KEY);
      return saved ? withDefaults(saved) : SANDBOX_SETTINGS;
    });
  return {
    read,
    readPublic: async () => toPublicSettings(await read()),
    save: (settings) => guarded(async () => void (await db.put('settings', settings, SETTINGS_KEY))),
  };
}
