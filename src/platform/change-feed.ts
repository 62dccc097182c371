/** Tells the other tabs of this tablet that the waitlist changed, and hears when they change it. */
export interface ChangeFeed {
  announce(): void;
  /** Calls `onChange` for changes made in other tabs; returns a function that stops listening. */
  listen(onChange: () => void): () => void;
}

/** A ChangeFeed over BroadcastChannel (same origin, every tab and window). */
export function broadcastChangeFeed(name = 'waitbell-changes'): ChangeFeed {
  const channel = new BroadcastChannel(name);
  return {
    announce: () => channel.postMessage('changed'),
    listen(onChange) {
      const handler = () => onChange();
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
  };
}
