/** What the screens may ask of the tablet itself (built from platform/kiosk.ts in main.tsx). */
export interface KioskPort {
  isFullscreen(): boolean;
  toggleFullscreen(): Promise<void>;
  storage(): Promise<{ persisted: boolean | null; usedBytes: number | null }>;
  /** Switches the kiosk's language and remembers it on this tablet. */
  setLanguage(language: string): void;
}
