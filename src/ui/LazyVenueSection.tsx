import type { ComponentProps } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { VenueSection } from './VenueSection.tsx';

type Section = typeof VenueSection;

let loading: Promise<Section> | undefined;

/**
 * Settings → Venue server, loaded when Settings first open: pairing, the venue's Pushed account
 * and its tablets are owner's work, so they stay off the host's first screen. (The service worker
 * precaches the chunk: it opens offline too.)
 */
export function LazyVenueSection(props: ComponentProps<Section>) {
  const [Loaded, setLoaded] = useState<Section | null>(null);
  useEffect(() => {
    let open = true;
    loading ??= import('./VenueSection.tsx').then((m) => m.VenueSection);
    loading.then(
      (section) => open && setLoaded(() => section),
      () => (loading = undefined), // tried again the next time Settings open
    );
    return () => void (open = false);
  }, []);
  return Loaded ? <Loaded {...props} /> : null;
}
