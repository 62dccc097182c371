/** The Pushed sandbox's own API, as the tests drive it (from Node, so the browser's offline mode does not touch it). */
export function sandboxClient(appUrl: string) {
  const api = (path: string) => new URL(`/sandbox/api${path}`, appUrl).href;
  const post = async (path: string, body: Record<string, string> = {}) => {
    const response = await fetch(api(path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    reset: () => post('/reset'),
    /** A guest with the Pushed app; subscribed to the demo venue's channel unless told otherwise. */
    async guest({ subscribed = true } = {}): Promise<string> {
      const { pushedId } = (await post('/guests')) as { pushedId: string };
      if (subscribed) await post(`/guests/${pushedId}/subscribe`);
      return pushedId;
    },
    subscribe: (pushedId: string) => post(`/guests/${pushedId}/subscribe`),
    async notifications(pushedId: string): Promise<string[]> {
      const guest = (await (await fetch(api(`/guests/${pushedId}`))).json()) as {
        notifications: { content: string }[];
      };
      return guest.notifications.map((n) => n.content);
    },
    async shipments(): Promise<{ pushRequests: number; shipments: { content: string; recipients: string[] }[] }> {
      return (await fetch(api('/shipments'))).json() as never; // the sandbox's own JSON shape
    },
    fault: (fault: Record<string, string>) => post('/faults', fault),
  };
}
