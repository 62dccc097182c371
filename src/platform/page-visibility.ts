/** Calls `fn` whenever the page becomes visible again; returns a function that stops listening. */
export function onPageVisible(fn: () => void, doc: Document = document): () => void {
  const handler = () => {
    if (doc.visibilityState === 'visible') fn();
  };
  doc.addEventListener('visibilitychange', handler);
  return () => doc.removeEventListener('visibilitychange', handler);
}
