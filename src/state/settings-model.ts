import { signal } from '@preact/signals';
import { parseConfigFile, toConfigFile, type Secrets } from '../core/config-file.ts';
import { validateSettings, withOtherRouteAsSaved, type SettingsInput, type SettingsProblem } from '../core/settings.ts';
import { openSecret, sealSecret } from '../platform/config-crypto.ts';
import type { PublicSettings, SettingsStore } from '../storage/settings-store.ts';
import { createProblemReport } from './problem.ts';

export type { PublicSettings };

/** Why an import did not happen; 'storage' means the file was fine but saving failed (see the model's `problem`). */
export type ImportProblem = 'not_config' | 'need_passphrase' | 'wrong_passphrase' | 'invalid_settings' | 'storage';

/** The result of saving the settings form; `fields` is empty when storage failed (see the model's `problem`). */
export type SaveOutcome = { ok: true } | { ok: false; fields: SettingsProblem[] };

/** The venue settings as the screens see them: never a saved secret, only whether one is saved. */
export function createSettingsModel({
  store,
  allowedOrigins,
}: {
  store: SettingsStore;
  allowedOrigins?: readonly string[];
}) {
  const current = signal<PublicSettings | null>(null);
  const problems = createProblemReport();
  return {
    current,
    problem: problems.problem,
    dismissProblem: problems.clear,
    /** The venue configuration as a file's text: without the secret, or with it sealed by `passphrase`; null when storage failed. */
    async exportConfig(passphrase?: string): Promise<string | null> {
      try {
        const settings = await store.read();
        const secrets: Secrets = { appSecret: settings.appSecret, deviceToken: settings.deviceToken };
        const secret = passphrase ? await sealSecret(JSON.stringify(secrets), passphrase) : undefined;
        return JSON.stringify(toConfigFile(settings, secret), null, 2);
      } catch (error) {
        problems.fail(error);
        return null;
      }
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
        problems.clear();
        return null;
      } catch (error) {
        problems.fail(error);
        return 'storage';
      }
    },
    /** Reads the saved settings into `current`; a storage failure shows as `problem`. */
    async load(): Promise<void> {
      try {
        current.value = await store.readPublic();
        problems.clear();
      } catch (error) {
        problems.fail(error);
      }
    },
    /** Checks and saves the form for the route it chose (the other route's fields stay as saved); an empty secret keeps the saved one. */
    async save(input: SettingsInput): Promise<SaveOutcome> {
      try {
        const saved = await store.read();
        const checked = validateSettings(withOtherRouteAsSaved(input, saved), saved, allowedOrigins);
        if (!checked.ok) return { ok: false, fields: checked.error };
        await store.save(checked.value);
        current.value = await store.readPublic();
        problems.clear();
        return { ok: true };
      } catch (error) {
        problems.fail(error);
        return { ok: false, fields: [] };
      }
    },
  };
}

/** The settings model. */
export type SettingsModel = ReturnType<typeof createSettingsModel>;
