import type { IncomingMessage, ServerResponse } from 'node:http';
import { characterCount } from '../../core/message-template.ts';
import { pushedError, sendJson } from '../http/http-util.ts';
import { BodyError, parseFields, readBody } from '../http/request-body.ts';
import { randomAlphanumeric, type Fault, type SandboxGuest, type SandboxState } from './sandbox-state.ts';

/** What the emulated Pushed account accepts. */
export interface SandboxAccount {
  appKey: string;
  appSecret: string;
  /** Channel aliases that exist in the account. */
  channels: string[];
  contentLimit: number;
}

const MAX_BODY = 16 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `POST /1/push`, as Pushed documents it (README, "The Pushed sandbox"). */
export async function handlePush(
  req: IncomingMessage,
  res: ServerResponse,
  state: SandboxState,
  account: SandboxAccount,
) {
  state.countRequest();
  let fields: Record<string, string>;
  try {
    fields = parseFields(req.headers['content-type'], await readBody(req, MAX_BODY));
  } catch (error) {
    if (!(error instanceof BodyError)) throw error; // the sandbox's own failure: a 500 from its guard
    return sendJson(res, error.status, pushedError('invalid_request', error.message));
  }

  await answerWithFault(req, res, state.takeFault('push'), () => accept(fields, state, account));
}

/** Answers with `answer()` as a queued fault allows: fails instead, waits first, or cuts the connection before or after the work. */
export async function answerWithFault(
  req: IncomingMessage,
  res: ServerResponse,
  fault: Fault | null,
  answer: () => [number, unknown],
): Promise<void> {
  if (fault?.mode === 'status') {
    const headers: Record<string, string> = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {};
    return sendJson(
      res,
      fault.status,
      pushedError('sandbox_fault', `Failing on purpose with ${fault.status}.`),
      headers,
    );
  }
  if (fault?.mode === 'slow') await sleep(fault.delayMs);
  if (fault?.mode === 'drop' && !fault.afterProcessing) return void req.socket.destroy();

  const [status, body] = answer();
  if (fault?.mode === 'drop') {
    // Processed, but the answer is cut off on the way back. (An answer missing entirely would make
    // Chromium resend the POST by itself on a reused connection: see the README's pitfalls.)
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
    return void res.write('{"resp', () => req.socket.destroy());
  }
  sendJson(res, status, body);
}

function accept(fields: Record<string, string>, state: SandboxState, account: SandboxAccount): [number, unknown] {
  const { app_key, app_secret, target_type, target_alias, content } = fields;
  if (app_key !== account.appKey || app_secret !== account.appSecret) {
    return [401, pushedError('app_credentials_are_not_valid', 'App credentials are not valid.')];
  }
  if (!content) return [400, pushedError('content_is_required', 'Content is required.')];
  if (characterCount(content) > account.contentLimit) {
    return [400, pushedError('content_too_long', `Content must be at most ${account.contentLimit} characters.`)];
  }

  const guests = [...state.guests.values()];
  // With an alias the guest must be subscribed to that channel; without one (apprise sends none), to the app: any of its channels.
  const inApp = (g: SandboxGuest) => [...g.channels].some((c) => account.channels.includes(c));
  const subscribed = (g: SandboxGuest) => (target_alias ? g.channels.has(target_alias) : inApp(g));
  let recipients: SandboxGuest[];
  switch (target_type) {
    case 'app':
      recipients = guests.filter(inApp);
      break;
    case 'channel':
      if (!target_alias || !account.channels.includes(target_alias))
        return [404, pushedError('channel_not_found', 'Channel not found.')];
      recipients = guests.filter((g) => g.channels.has(target_alias));
      break;
    case 'pushed_id':
      recipients = guests.filter((g) => g.pushedId === fields.pushed_id && subscribed(g));
      break;
    case 'user':
      recipients = guests.filter(
        (g) => fields.access_token !== undefined && g.accessTokens.has(fields.access_token) && subscribed(g),
      );
      break;
    case 'email':
      recipients = guests.filter((g) => g.email === fields.email && subscribed(g));
      break;
    default:
      return [400, pushedError('invalid_target_type', 'Target type is not valid.')];
  }
  if (recipients.length === 0) return [400, pushedError('target_has_no_subscribers', 'Target has no subscribers.')];

  const shipment = {
    id: randomAlphanumeric(12),
    at: Date.now(),
    targetType: target_type,
    targetAlias: target_alias ?? null,
    recipients: recipients.map((g) => g.pushedId),
    content,
  };
  state.deliver(recipients, shipment, fields.content_type === 'url' ? (fields.content_extra ?? null) : null);
  return [
    200,
    {
      response: {
        type: 'shipment_successfully_sent',
        message: 'Shipment successfully sent',
        data: { shipment: shipment.id },
      },
    },
  ];
}
