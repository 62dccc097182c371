import { signal } from '@preact/signals';
import { parseConfigFile, toConfigFile, type Secrets } from '../core/config-file.ts';
import { validateSettings, type SettingsInput, type SettingsProblem } from '../core/settings.ts';
import { openSecret, sealSecret } from '../platform/config-crypto.ts';
import type { PublicSettings, SettingsStore } from '../storage/settings-store.ts';
import { toStorageError, type StorageProblem } from '../storage/storage-error.ts';

export type { PublicSettings };

/** Why an import did not happen. */
export type ImportProblem = 'not_config' | 'need_passphrase' | 'wrong_passphrase' | 'invalid_settings' | StorageProblem;

/** The result of saving the settings form. */
export type SaveOutcome = { ok: true } | { ok: false; fields: SettingsProblem[] } | { ok: false; storage: StorageProblem };

/** The venue settings as the screens see them: never a saved secret, only whether one is saved. */
export function createSettingsModel({ store, allowedOrigins }: { store: SettingsStore; allowedOrigins?: readonly string[] }) {
  const current = signal<PublicSettings | null>(null);
  return {
    current,
    /** The venue configuration as a file's text: without the secret, or with it sealed by `passphrase`. */
    async exportConfig(passphrase?: string): Promise<string> {
      const settings = await store.read();
      const secrets: Secrets = { appSecret: settings.appSecret, deviceToken: settings.deviceToken };
      const secret = passphrase ? await sealSecret(JSON.stringify(secrets), passphrase) : undefined;
      return JSON.stringify(toConfigFile(settings, secret), null, 2);
    },
    /** Saves a configuration file's settings; its secret too when the passphrase opens it, else the saved one stays. */
    async importConfig(text: string, passphrase: string): Promise<ImportProblem | null> {
      const file = parseConfigFile(text);
      if (!file.ok) return file.error;
      try {
        const saved = await store.read();
        let secrets: Secrets = { appSecret: saved.appSecret, deviceToken: saved.deviceToken };
        if (file.value.secret) {
          if (!passphrase) return 'need_passphrase';
          const opened = await openSecret(file.value.secret, passphrase);
          if (opened === null) return 'wrong_passphrase';
          secrets = JSON.parse(opened) as Secrets; // sealed by exportConfig above, checked by AES-GCM
        }
        const checked = validateSettings({ ...file.value.settings, ...secrets }, saved, allowedOrigins);
        if (!checked.ok) return 'invalid_settings';
        await store.save(checked.value);
        current.value = await store.readPublic();
        return null;
      } catch (error) {
        return toStorageError(error).problem;
      }
    },
    async load(): Promise<StorageProblem | null> {
      try {
        current.value = await store.readPublic();
        return null;
      } catch (error) {
        return toStorageError(error).problem;
      }
    },
    /** Checks and saves the form; an empty secret keeps the saved one. */
    async save(input: SettingsInput): Promise<SaveOutcome> {
      try {
        const checked = validateSettings(input, await store.read(), allowedOrigins);
        if (!checked.ok) return { ok: false, fields: checked.error };
        await store.save(checked.value);
        current.value = await store.readPublic();
        return { ok: true };
      } catch (error) {
        return { ok: false, storage: toStorageError(error).problem };
      }
    },
  };
}

/** The settings model. */
export type SettingsModel = ReturnType<typeof createSettingsModel>;
