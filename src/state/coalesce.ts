/**
 * Wraps a read so that at most one runs and one waits behind it: a burst of calls (a replay of the
 * outbox, another tab's changes) costs two runs, not one per call, and every caller still sees a
 * run that started after it asked.
 */
export function coalesce(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const call = (): Promise<void> => {
    if (!running) return (running = run().finally(() => (running = null)));
    return (queued ??= running.then(() => {
      queued = null;
      return call();
    }));
  };
  return call;
}
