import { useEffect } from 'preact/hooks';

/**
 * Gives the focus back when a sheet goes: to what had it when the sheet opened, else to `fallback()`.
 * Call it before the effect that opens the dialog, so it sees the focus from before.
 */
export function useReturnFocus(fallback?: () => HTMLElement | null | undefined): void {
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => {
      // After the dialog has left the page: while it is modal, everything outside it is inert.
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if (active && active !== document.body) return; // something else has taken the focus meanwhile
        const target = before?.isConnected && before !== document.body ? before : fallback?.();
        target?.focus();
      });
    };
    // Only on open and close: the fallback looks for its element when the sheet goes.
  }, []);
}
