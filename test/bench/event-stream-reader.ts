import { request } from 'node:http';

/** One frame of an event stream, and when it arrived (ms since the epoch, sub-millisecond: comparable across processes). */
export interface Frame {
  event: string;
  data: string;
  at: number;
}

/** Now, in ms since the epoch with the monotonic clock's precision: the same scale in every process of the machine. */
export const preciseNow = () => performance.timeOrigin + performance.now();

/**
 * An event stream read from Node over its own socket (no pool), from client address `localAddress`:
 * every frame is handed to `onFrame` as it arrives. Resolves once the response's head is in.
 */
export function openStream(
  url: string,
  headers: Record<string, string>,
  onFrame: (frame: Frame) => void,
  localAddress = '127.0.0.1',
): Promise<{ status: number; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, localAddress, agent: false }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = preciseNow();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const text = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(text)?.[1];
          const data = /^data: (.*)$/m.exec(text)?.[1];
          if (event && data) onFrame({ event, data, at });
        }
      });
      res.on('error', () => {}); // closed by the bench
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}
