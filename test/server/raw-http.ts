import { connect, type Socket } from 'node:net';

/** What came back on one raw connection. */
export interface RawExchange {
  /** Everything the server sent. */
  text: string;
  /** The status code of the first answer, or null if none came. */
  status: number | null;
  /** True if the server closed the connection (rather than the test giving up). */
  closedByServer: boolean;
  ms: number;
}

/** Opens a connection (optionally from another loopback address), waits until it is up. */
export function openSocket(port: number, localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) }, () =>
      resolve(socket),
    );
    socket.once('error', reject);
  });
}

/**
 * Writes `data` on a new connection and collects what the server sends until it closes the
 * connection, `until` says enough arrived, or `timeoutMs` passes (then the test closes it).
 */
export async function rawExchange(
  port: number,
  data: string | Buffer,
  {
    localAddress,
    timeoutMs = 2_000,
    until,
  }: { localAddress?: string; timeoutMs?: number; until?: (text: string) => boolean } = {},
): Promise<RawExchange> {
  const started = Date.now();
  const socket = await openSocket(port, localAddress);
  return new Promise((resolve) => {
    let text = '';
    let closedByServer = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ text, status: status ? Number(status[1]) : null, closedByServer, ms: Date.now() - started });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (until?.(text)) finish();
    });
    socket.on('error', () => {}); // a reset is one way for the server to close: 'close' follows
    socket.on('close', () => {
      closedByServer = true;
      finish();
    });
    socket.write(data);
  });
}

/** A request's head, as raw text. */
export const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
