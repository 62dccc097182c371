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
    });
    status = response.status;
    text = await response.text();
  } catch {
    return err({ errorType: 'network', message: 'No answer from Pushed.' });
  }
  let json:
    { response?: { data?: { access_token?: unknown } }; error?: { type?: unknown; message?: unknown } } | undefined;
  try {
    json = JSON.parse(text) as typeof json; // every field is checked below before use
  } catch {
    json = undefined;
  }
  const token = json?.response?.data?.access_token;
  if (status >= 200 && status < 300 && !json?.error && typeof token === 'string' && token !== '') return ok(token);
  const type = json?.error?.type;
  const message = json?.error?.message;
  return err({
    errorType: typeof type === 'string' ? type : `http_${status}`,
    message: typeof message === 'string' ? message : '',
  });
}
