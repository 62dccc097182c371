import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component fetched the first time it is shown. The owner's screens (the PIN pad, Settings,
 * announcements, the venue server) are not the host's first screen, so they stay out of its
 * JavaScript; the service worker precaches their chunks, so they open offline too, in a moment.
 * If a chunk cannot be had, `failed` hears of it (a sheet closes, so the next tap tries again).
 */
export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  failed?: (props: P) => void,
): ComponentType<P> {
  let loading: Promise<ComponentType<P>> | undefined;
  let loaded: ComponentType<P> | undefined;
  return function Lazy(props: P) {
    const [Loaded, setLoaded] = useState(() => loaded);
    useEffect(() => {
      if (Loaded) return;
      let open = true;
      loading ??= load().then((component) => (loaded = component));
      loading.then(
        (component) => open && setLoaded(() => component),
        () => {
          loading = undefined; // tried again the next time it is shown
          if (open) failed?.(props);
        },
      );
      return () => void (open = false);
    }, []);
    return Loaded ? <Loaded {...props} /> : null;
  };
}
