import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/** A component fetched the first time it is shown; `preload()` fetches it ahead (the tap before). */
export type Lazy<P> = ComponentType<P & { onUnavailable?: () => void }> & { preload(): void };

/**
 * A component fetched the first time it is shown. The owner's screens (the PIN pad, Settings,
 * announcements, the venue server) are not the host's first screen, so they stay out of its
 * JavaScript; the service worker precaches their chunks, so they open offline too, in a moment.
 * If a chunk cannot be had (offline before the app finished installing), `onUnavailable` is told,
 * and the next showing fetches it again.
 */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): Lazy<P> {
  let loading: Promise<ComponentType<P>> | undefined;
  let loaded: ComponentType<P> | undefined;
  const fetchOnce = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = undefined; // tried again the next time it is shown
        throw error;
      },
    ));

  function Lazy({ onUnavailable, ...props }: P & { onUnavailable?: () => void }) {
    const [Loaded, setLoaded] = useState(() => loaded);
    const unavailable = useRef(onUnavailable);
    unavailable.current = onUnavailable; // the latest, whenever the fetch ends
    useEffect(() => {
      if (Loaded) return;
      let shown = true;
      fetchOnce().then(
        (component) => shown && setLoaded(() => component),
        () => shown && unavailable.current?.(),
      );
      return () => void (shown = false);
    }, []);
    return Loaded ? <Loaded {...(props as P)} /> : null;
  }
  Lazy.preload = () => void fetchOnce().catch(() => {});
  return Lazy;
}
