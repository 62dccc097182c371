import type { IncomingMessage, ServerResponse } from 'node:http';
import { pushedError, sendJson } from '../http/http-util.ts';
import { parseOptionalFields, readBody } from '../http/request-body.ts';
import type { SandboxAccount } from './push-endpoint.ts';
import { type Fault, type FaultTarget, type SandboxGuest, type SandboxState } from './sandbox-state.ts';

const publicGuest = (g: SandboxGuest) => ({
  pushedId: g.pushedId,
  email: g.email,
  channels: [...g.channels],
  notifications: g.notifications,
});

/** The sandbox's own API under /sandbox/api: simulated guests, shipments, and faults on purpose. */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  state: SandboxState,
  account: SandboxAccount,
) {
  const method = req.method ?? 'GET';
  const body = method === 'POST' ? parseOptionalFields(req.headers['content-type'], await readBody(req, 4096)) : {};
  const guestMatch = /^\/guests\/([A-Za-z0-9]+)(\/subscribe|\/events|\/authorize)?$/.exec(path);
  const guest = guestMatch ? state.guests.get(guestMatch[1]!) : undefined;

  if (method === 'POST' && path === '/guests') return sendJson(res, 201, publicGuest(state.createGuest()));
  if (guestMatch && !guest) return sendJson(res, 404, pushedError('guest_not_found', 'No such sandbox guest.'));
  if (guest && method === 'GET' && !guestMatch![2]) return sendJson(res, 200, publicGuest(guest));
  if (guest && method === 'POST' && guestMatch![2] === '/subscribe') {
    const alias = body.alias || account.channels[0]!;
    if (!account.channels.includes(alias))
      return sendJson(res, 404, pushedError('channel_not_found', 'Channel not found.'));
    guest.channels.add(alias);
    return sendJson(res, 200, publicGuest(guest));
  }
  if (guest && method === 'POST' && guestMatch![2] === '/authorize') {
    // The guest grants OAuth access: a code to exchange at /1/oauth/access_token.
    return sendJson(res, 200, { code: state.mintCode(guest.pushedId) });
  }
  if (guest && method === 'GET' && guestMatch![2] === '/events') return streamEvents(req, res, guest, state);
  if (method === 'GET' && path === '/shipments')
    return sendJson(res, 200, { ...state.stats(), shipments: state.shipments });
  if (method === 'POST' && path === '/faults') {
    const fault = toFault(body);
    const on = toFaultTarget(body.on, fault);
    if (!fault || !on)
      return sendJson(
        res,
        400,
        pushedError(
          'invalid_fault',
          'mode is status (with a status 200-599, retryAfter in seconds), slow (with delayMs) or drop; on is push or oauth.',
        ),
      );
    state.addFault(fault, Math.max(1, Number(body.count) || 1), on);
    return sendJson(res, 201, { queued: fault, on });
  }
  if (method === 'DELETE' && path === '/faults') return (state.clearFaults(), sendJson(res, 200, { cleared: true }));
  if (method === 'POST' && path === '/reset') return (state.reset(), sendJson(res, 200, { reset: true }));
  return sendJson(res, 404, pushedError('not_found', `No sandbox route ${method} ${path}.`));
}

function toFault(body: Record<string, string>): Fault | null {
  if (body.mode === 'status' && /^[2-5]\d\d$/.test(body.status ?? '')) {
    if (body.retryAfter !== undefined && !/^\d{1,6}$/.test(body.retryAfter)) return null; // goes into a header: digits only
    return { mode: 'status', status: Number(body.status), ...(body.retryAfter ? { retryAfter: body.retryAfter } : {}) };
  }
  if (body.mode === 'slow' && /^\d+$/.test(body.delayMs ?? '')) return { mode: 'slow', delayMs: Number(body.delayMs) };
  if (body.mode === 'drop') return { mode: 'drop', afterProcessing: body.afterProcessing === 'true' };
  if (body.mode === 'drop-client') return { mode: 'drop-client' };
  return null;
}

/** Which endpoint a fault is aimed at: `/1/push` unless `on` is `oauth` (the code exchange); drop-client is the relay's alone. */
function toFaultTarget(on: string | undefined, fault: Fault | null): FaultTarget | null {
  if (on === undefined || on === 'push') return 'push';
  return on === 'oauth' && fault?.mode !== 'drop-client' ? 'oauth' : null;
}

/** Server-sent events: each notification the guest receives, as it arrives. */
function streamEvents(req: IncomingMessage, res: ServerResponse, guest: SandboxGuest, state: SandboxState) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.write(': connected\n\n');
  const stop = state.listen(
    guest.pushedId,
    (n) => res.write(`data: ${JSON.stringify(n)}\n\n`),
    () => res.end(), // evicted for a newer stream: the phone's EventSource reconnects if it is still open
  );
  req.on('close', stop);
}
