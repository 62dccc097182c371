import { signal } from '@preact/signals';
import { validateSettings, type SettingsInput, type SettingsProblem } from '../core/settings.ts';
import type { PublicSettings, SettingsStore } from '../storage/settings-store.ts';
import { toStorageError, type StorageProblem } from '../storage/storage-error.ts';

export type { PublicSettings };

/** The result of saving the settings form. */
export type SaveOutcome = { ok: true } | { ok: false; fields: SettingsProblem[] } | { ok: false; storage: StorageProblem };

/** The venue settings as the screens see them: never a saved secret, only whether one is saved. */
export function createSettingsModel({ store, allowedOrigins }: { store: SettingsStore; allowedOrigins?: readonly string[] }) {
  const current = signal<PublicSettings | null>(null);
  return {
    current,
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
