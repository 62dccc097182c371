/** Tells the other tabs of this tablet that the waitlist changed, and hears when they change it. */
export interface ChangeFeed {
  /** Tells the other tabs; `partyId` when the change was to one party, so they re-read only that one. */
  announce(partyId?: string): void;
  /** Calls `onChange` for changes made in other tabs; returns a function that stops listening. */
  listen(onChange: (partyId?: string) => void): () => void;
}

/** A ChangeFeed over BroadcastChannel (same origin, every tab and window). */
export function broadcastChangeFeed(name = 'waitbell-changes'): ChangeFeed {
  const channel = new BroadcastChannel(name);
  return {
    announce: (partyId) => channel.postMessage({ partyId }),
    listen(onChange) {
      const handler = (event: MessageEvent<{ partyId?: unknown }>) => {
        const partyId = event.data?.partyId;
        onChange(typeof partyId === 'string' ? partyId : undefined);
      };
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
  };
}
