import type { IncomingMessage, ServerResponse } from 'node:http';
import { pushedError, sendJson } from '../http/http-util.ts';
import { BodyError, parseFields, readBody } from '../http/request-body.ts';
import { sendAuthorizePage, sendRefusalPage } from './oauth-page.ts';
import { answerWithFault, type SandboxAccount } from './push-endpoint.ts';
import type { SandboxState } from './sandbox-state.ts';

const MAX_BODY = 4096;
/** An origin that can stand in a Content-Security-Policy as it is: no spaces, quotes or semicolons. */
const PLAIN_ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d+)?$/;

/** Where the authorise page may send the guest back to, or why it refuses to. */
function checkLink(
  fields: Record<string, string | undefined>,
  account: SandboxAccount,
): { redirect: URL } | { refusal: string } {
  const { client_id, redirect_uri } = fields;
  if (client_id !== account.appKey)
    return { refusal: 'The app credentials are not valid: no Pushed app has this client_id.' };
  if (!redirect_uri) return { refusal: 'The link does not say where to go back to (redirect_uri is missing).' };
  if (!URL.canParse(redirect_uri)) return { refusal: 'The redirect_uri is not an address.' };
  const redirect = new URL(redirect_uri);
  if (redirect.protocol !== 'http:' && redirect.protocol !== 'https:')
    return { refusal: 'The redirect_uri must be an http or https address.' };
  if (redirect_uri.includes('#')) return { refusal: 'The redirect_uri must not have a fragment (#).' };
  if (!PLAIN_ORIGIN.test(redirect.origin)) return { refusal: 'The redirect_uri’s host is not one Pushed takes.' };
  return { redirect };
}

/** `redirect` with one more query parameter, the query it already has kept as it was written. */
function withParam(redirect: URL, name: string, value: string): string {
  const url = new URL(redirect);
  const kept = url.search.slice(1);
  url.search = `${kept}${kept ? '&' : ''}${name}=${encodeURIComponent(value)}`;
  return url.href;
}

/** `GET /1/oauth/`: the page a guest's phone opens to let the app notify them (target `user`). */
export function handleAuthorizePage(
  url: URL,
  res: ServerResponse,
  state: SandboxState,
  account: SandboxAccount,
  venueName: string,
) {
  const fields = Object.fromEntries(
    ['client_id', 'redirect_uri'].map((n) => [n, url.searchParams.get(n) ?? undefined]),
  );
  const checked = checkLink(fields, account);
  if ('refusal' in checked) return sendRefusalPage(res, 400, checked.refusal);
  sendAuthorizePage(res, {
    venueName,
    clientId: fields.client_id!, // checked: the account's app key
    redirectUri: fields.redirect_uri!, // checked: an http(s) address
    redirectOrigin: checked.redirect.origin,
    channel: account.channels[0]!,
    guests: state.guests.values(),
  });
}

/** `POST /1/oauth/`: the guest's Allow (a code for the chosen phone) or Decline, each a 303 back to redirect_uri. */
export async function handleAuthorizeDecision(
  req: IncomingMessage,
  res: ServerResponse,
  state: SandboxState,
  account: SandboxAccount,
) {
  let fields: Record<string, string>;
  try {
    fields = parseFields(req.headers['content-type'], await readBody(req, MAX_BODY));
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    return sendRefusalPage(res, 400, error.message);
  }
  const checked = checkLink(fields, account);
  if ('refusal' in checked) return sendRefusalPage(res, 400, checked.refusal);
  const back = (location: string) => {
    res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    res.end();
  };
  if (fields.decision === 'decline') return back(withParam(checked.redirect, 'error', 'access_denied'));
  if (fields.decision !== 'allow') return sendRefusalPage(res, 400, 'Choose Allow or Decline.');
  const guest = fields.phone === 'new' ? state.createGuest() : state.guests.get(fields.phone ?? '');
  if (!guest) return sendRefusalPage(res, 400, 'That sandbox phone is gone (the sandbox was reset): choose another.');
  back(withParam(checked.redirect, 'code', state.mintCode(guest.pushedId)));
}

/** `POST /1/oauth/access_token`: a code, once and within its lifetime, for an access token; faults aimed at `oauth` apply. */
export async function handleExchange(req: IncomingMessage, res: ServerResponse, state: SandboxState) {
  let code: string;
  try {
    code = parseFields(req.headers['content-type'], await readBody(req, MAX_BODY)).code ?? '';
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    return sendJson(res, error.status, pushedError('invalid_request', error.message));
  }
  await answerWithFault(req, res, state.takeFault('oauth'), () => {
    const token = state.exchangeCode(code);
    if (!token) return [400, pushedError('invalid_code', 'The code is not valid.')];
    return [
      200,
      {
        response: {
          type: 'oauth_access_token_created',
          message: 'OAuth access token created',
          data: { access_token: token },
        },
      },
    ];
  });
}
