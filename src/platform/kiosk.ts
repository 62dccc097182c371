/** The tablet-as-kiosk capabilities: screen awake, full screen, storage that is not evicted. */
export interface KioskControls {
  isFullscreen(): boolean;
  toggleFullscreen(): Promise<void>;
  /** Whether the browser promised not to clear our storage, and how much is used (bytes), where it says. */
  storage(): Promise<{ persisted: boolean | null; usedBytes: number | null }>;
}

/** Keeps the screen on (Screen Wake Lock), taking the lock again whenever the page is visible again. */
export function keepScreenAwake(doc: Document = document): () => void {
  let lock: WakeLockSentinel | null = null;
  const acquire = async () => {
    if (doc.visibilityState !== 'visible' || !('wakeLock' in navigator)) return;
    try {
      lock = await navigator.wakeLock.request('screen');
    } catch {
      // Refused (battery saver, no user gesture yet): the next visibility change tries again.
    }
  };
  const onVisible = () => void acquire();
  doc.addEventListener('visibilitychange', onVisible);
  void acquire();
  return () => {
    doc.removeEventListener('visibilitychange', onVisible);
    void lock?.release();
  };
}

/** Asks the browser to keep Waitbell's data even when space runs short. */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

/** The browser's kiosk controls. */
export function browserKiosk(doc: Document = document): KioskControls {
  return {
    isFullscreen: () => doc.fullscreenElement !== null,
    async toggleFullscreen() {
      if (doc.fullscreenElement) await doc.exitFullscreen();
      else await doc.documentElement.requestFullscreen?.({ navigationUI: 'hide' });
    },
    async storage() {
      const [persisted, estimate] = await Promise.all([
        navigator.storage?.persisted?.().catch(() => null) ?? null,
        navigator.storage?.estimate?.().catch(() => null) ?? null,
      ]);
      return { persisted, usedBytes: estimate?.usage ?? null };
    },
  };
}

const LANGUAGE_KEY = 'waitbell.language';
/** The language chosen in Settings on this tablet, if any. */
export const savedLanguage = (): string | null => localStorage.getItem(LANGUAGE_KEY);
/** Remembers the language chosen in Settings. */
export const saveLanguage = (language: string) => localStorage.setItem(LANGUAGE_KEY, language);
