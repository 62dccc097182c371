import { signal } from '@preact/signals';
import { parseConfigFile, readSecrets, settingsInputFrom, toConfigFile, type Secrets } from '../core/config-file.ts';
import {
  validateSettings,
  withOtherRouteAsSaved,
  type SettingsInput,
  type SettingsProblem,
  type VenueSettings,
} from '../core/settings.ts';
import {
  checkRetention,
  type RetentionInput,
  type RetentionProblem,
  type RetentionSettings,
} from '../core/retention.ts';
import { err, type Result } from '../core/result.ts';
import { openSecret, sealSecret } from '../platform/config-crypto.ts';
import type { PinStore } from '../storage/pin-store.ts';
import type { PublicSettings, SettingsStore } from '../storage/settings-store.ts';
import { createProblemReport } from './problem.ts';
import type { SharedSettingsSync, SharedSyncStatus } from './shared-settings-sync.ts';

export type { PublicSettings };

/** Why an import did not happen; 'storage' means the file was fine but saving failed (see the model's `problem`). */
export type ImportProblem = 'not_config' | 'need_passphrase' | 'wrong_passphrase' | 'invalid_settings' | 'storage';

/** What an import did; `recoveryAdopted` means the file's PIN recovery code now works on this tablet. */
export type ImportOutcome = { ok: true; recoveryAdopted: boolean } | { ok: false; problem: ImportProblem };

/** The result of saving the settings form; `fields` is empty when storage failed (see the model's `problem`). */
export type SaveOutcome = { ok: true } | { ok: false; fields: SettingsProblem[] };

/** The venue settings as the screens see them: never a saved secret, only whether one is saved. */
export function createSettingsModel({
  store,
  pins,
  allowedOrigins,
  shared,
}: {
  store: SettingsStore;
  /** The venue's shared settings on the venue server: changes here are uploaded, the venue's taken. */
  shared?: SharedSettingsSync;
  /** The staff PIN's store, whose recovery code hash travels sealed with the secrets. */
  pins?: PinStore;
  allowedOrigins?: readonly string[];
}) {
  const current = signal<PublicSettings | null>(null);
  const problems = createProblemReport();
  const reload = async () => {
    try {
      current.value = await store.readPublic();
      problems.clear();
    } catch (error) {
      problems.fail(error);
    }
  };
  /** One reconcile with the venue server, then `current` shows what this tablet now has. */
  const reconciled = async (run: () => Promise<SharedSyncStatus>): Promise<SharedSyncStatus> => {
    const outcome = await run();
    await reload();
    return outcome;
  };
  /** Saves settings checked here: a change to the venue's shared ones is noted first, then uploaded. */
  const saveChecked = async (next: VenueSettings) => {
    await shared?.noteChange(shared.changedSettings(await store.read(), next), next);
    await store.save(next);
    if (shared) void shared.push().then(reload);
  };
  return {
    current,
    /** Where the venue's shared settings stand with the venue server (absent when the tablet has no sync). */
    sharedStatus: shared?.status,
    /** Fields another tablet changed too, where this tablet's change stood (for the host to be told). */
    sharedConflict: shared?.conflict,
    /** True once a PIN changed here was refused by the venue server: this tablet uses the venue's PIN again. */
    sharedPinRefused: shared?.pinRefused,
    dismissSharedPinRefused: () => shared?.dismissPinRefused(),
    /** Other settings changed here that the venue server refused for want of the staff PIN: the venue's stand again. */
    sharedSettingsRefused: shared?.settingsRefused,
    dismissSharedSettingsRefused: () => shared?.dismissSettingsRefused(),
    /** The host has read the conflict notice. */
    dismissSharedConflict: () => shared?.dismissConflict(),
    /** Takes the venue's shared settings from the server (at start, and when told they changed there). */
    pullSettings: () => (shared ? reconciled(shared.pull) : Promise.resolve<SharedSyncStatus>({ kind: 'unpaired' })),
    /** After pairing (maybe with another venue): takes that venue's settings, or sets it up with this tablet's. */
    settingsPaired: () =>
      shared
        ? shared.startOver().then(() => reconciled(shared.pull))
        : Promise.resolve<SharedSyncStatus>({ kind: 'unpaired' }),
    /** Uploads this tablet's changes to the shared settings (and takes the others'). */
    pushSettings: () => (shared ? reconciled(shared.push) : Promise.resolve<SharedSyncStatus>({ kind: 'unpaired' })),
    problem: problems.problem,
    dismissProblem: problems.clear,
    /** The venue configuration as a file's text: without the secret, or with it sealed by `passphrase`; null when storage failed. */
    async exportConfig(passphrase?: string): Promise<string | null> {
      try {
        const settings = await store.read();
        const recovery = (await pins?.read())?.recovery;
        const secrets: Secrets = {
          appSecret: settings.appSecret,
          deviceToken: settings.deviceToken,
          ...(recovery ? { recovery } : {}),
        };
        const secret = passphrase ? await sealSecret(JSON.stringify(secrets), passphrase) : undefined;
        return JSON.stringify(toConfigFile(settings, secret), null, 2);
      } catch (error) {
        problems.fail(error);
        return null;
      }
    },
    /** Saves a configuration file's settings; its secret too when the passphrase opens it, else the saved one stays. */
    async importConfig(text: string, passphrase: string): Promise<ImportOutcome> {
      const refused = (problem: ImportProblem) => ({ ok: false, problem }) as const;
      const file = parseConfigFile(text);
      if (!file.ok) return refused(file.error);
      try {
        const saved = await store.read();
        let secrets: Secrets = { appSecret: saved.appSecret, deviceToken: saved.deviceToken };
        if (file.value.secret) {
          if (!passphrase) return refused('need_passphrase');
          const opened = await openSecret(file.value.secret, passphrase);
          if (opened === null) return refused('wrong_passphrase');
          const sealed = readSecrets(opened);
          if (sealed === null) return refused('not_config');
          secrets = sealed;
        }
        const checked = validateSettings(settingsInputFrom(file.value, saved, secrets), saved, allowedOrigins);
        if (!checked.ok) return refused('invalid_settings');
        await saveChecked(checked.value);
        const pin = secrets.recovery && (await pins?.read());
        if (pin && secrets.recovery) {
          await shared?.noteChange(['pinHash']); // the venue's PIN record carries the recovery code's hash
          await pins?.save({ ...pin, recovery: secrets.recovery });
          if (shared) void shared.push();
        }
        current.value = await store.readPublic();
        problems.clear();
        return { ok: true, recoveryAdopted: !!pin };
      } catch (error) {
        problems.fail(error);
        return refused('storage');
      }
    },
    /** Reads the saved settings into `current`; a storage failure shows as `problem`. */
    load: reload,
    /** Checks and saves the venue's retention alone (a shared setting: every tablet and the venue server get it). */
    async saveRetention(input: RetentionInput): Promise<Result<RetentionSettings, RetentionProblem[] | null>> {
      const checked = checkRetention(input);
      if (!checked.ok) return checked;
      try {
        await saveChecked({ ...(await store.read()), retention: checked.value });
        current.value = await store.readPublic();
        return checked;
      } catch (error) {
        problems.fail(error);
        return err(null);
      }
    },
    /** Checks and saves the form for the route it chose (the other route's fields stay as saved); an empty secret keeps the saved one. */
    async save(input: SettingsInput): Promise<SaveOutcome> {
      try {
        const saved = await store.read();
        const checked = validateSettings(withOtherRouteAsSaved(input, saved), saved, allowedOrigins);
        if (!checked.ok) return { ok: false, fields: checked.error };
        await saveChecked(checked.value);
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
