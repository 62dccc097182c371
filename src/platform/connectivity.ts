/** Whether the device has a network, and when that changes. */
export interface Connectivity {
  isOnline(): boolean;
  /** Calls `fn` on every change; returns a function that stops listening. */
  onChange(fn: (online: boolean) => void): () => void;
}

/** Connectivity from the browser's online/offline events. "Online" only means a network exists, not that Pushed answers. */
export function browserConnectivity(target: Window = window): Connectivity {
  return {
    isOnline: () => target.navigator.onLine,
    onChange(fn) {
      const online = () => fn(true);
      const offline = () => fn(false);
      target.addEventListener('online', online);
      target.addEventListener('offline', offline);
      return () => {
        target.removeEventListener('online', online);
        target.removeEventListener('offline', offline);
      };
    },
  };
}
