import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tap on the line between the venue server and Pushed (the sandbox): every request goes through unchanged,
 * and the access tokens Pushed hands out are noted, so a test can look for them where they must never be.
 */
export async function pushedTap(pushedUrl: string) {
  const target = new URL(pushedUrl);
  const tokens: string[] = [];
  let own = '';
  const server: Server = createServer((req, res) => {
    // Pushed's own pages, seen through the tap, post to themselves: to the sandbox that is its own origin.
    const headers = { ...req.headers, host: target.host };
    if (headers.origin === own) headers.origin = target.origin;
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          if (req.url?.startsWith('/1/oauth/access_token')) {
            const token = /"access_token"\s*:\s*"([^"]+)"/.exec(body.toString('utf8'))?.[1];
            if (token) tokens.push(token);
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  own = `http://127.0.0.1:${port}`;
  return {
    /** The tap's address, to give the venue server as Pushed's. */
    url: own,
    /** Every access token Pushed issued through the tap, in order. */
    tokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
