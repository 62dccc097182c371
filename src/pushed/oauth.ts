import { isTransientStatus } from '../core/push-result.ts';
import { err, ok, type Result } from '../core/result.ts';
import { DEFAULT_TIMEOUT_MS, type FetchLike } from './send-push.ts';

/** The link a guest opens to let the venue's app notify them as an OAuth user (target `user`). */
export function authorizeUrl(baseUrl: string, appKey: string, redirectUri: string): string {
  return `${baseUrl}/oauth/?client_id=${encodeURIComponent(appKey)}&redirect_uri=${encodeURIComponent(redirectUri)}`;
}

/** Reads the temporary code from the redirect back from Pushed; the parameter name is uncertain, `code` is most likely. */
export function codeFromRedirect(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const params = new URL(url).searchParams;
  const code = params.get('code') ?? params.get('auth_code');
  return code && /^[A-Za-z0-9._~-]{1,512}$/.test(code) ? code : null;
}

/** Exchanges the code for an access token. This is not RFC 6749 OAuth: one POST with `code`. */
export async function exchangeCode(
  fetch: FetchLike,
  baseUrl: string,
  code: string,
  signal: AbortSignal = AbortSignal.timeout(DEFAULT_TIMEOUT_MS),
): Promise<Result<string, { errorType: string; message: string }>> {
  let status: number;
  let text: string;
  try {
    const response = await fetch(`${baseUrl}/oauth/access_token`, {
      method: 'POST',
      body: new URLSearchParams({ code }),
      signal,
      // The code is worth a token: never posted again to wherever a redirect points.
      redirect: 'manual',
    });
    status = response.status;
    text = await response.text();
  } catch {
    return err({ errorType: 'network', message: 'No answer from Pushed.' });
  }
  if (isTransientStatus(status)) return err({ errorType: `http_${status}`, message: '' }); // whatever its body says
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const read = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const token = accessTokenIn(read);
  const error = read.error as { type?: unknown; message?: unknown } | undefined;
  if (status >= 200 && status < 300 && !error && token) return ok(token);
  const type = error?.type;
  const message = error?.message;
  return err({
    errorType:
      typeof type === 'string' && type !== ''
        ? type
        : status >= 400 || json !== undefined
          ? `http_${status}`
          : 'not_json',
    message: typeof message === 'string' ? message : '',
  });
}

/** The token in an exchange's answer, read tolerantly: `response.data`, `data`, or the top level. */
function accessTokenIn(json: Record<string, unknown>): string | null {
  const at = (o: unknown): Record<string, unknown> =>
    typeof o === 'object' && o !== null ? (o as Record<string, unknown>) : {};
  for (const token of [at(at(json.response).data).access_token, at(json.data).access_token, json.access_token])
    if (typeof token === 'string' && token !== '') return token;
  return null;
}

/**
 * Whether an exchange's failure says Pushed could not answer (no answer, a timeout, 5xx/408/429, not JSON, a
 * 2xx without a token): the guest may try again. Any other is Pushed refusing the code.
 */
export const exchangeUnavailable = (error: { errorType: string }): boolean =>
  error.errorType === 'network' ||
  error.errorType === 'not_json' ||
  /^http_(2\d\d|408|429|5\d\d)$/.test(error.errorType);
