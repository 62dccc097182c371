/** Which guest page an address is: the check-in page of a venue, or a party's status page with its token. */
export type Route = { page: 'check-in'; code: string } | { page: 'status'; code: string; token: string };

/** Reads `/v/:code`, `/v/:code/` and `/v/:code/status#token`; codes are case-insensitive, shown upper case. */
export function routeOf(pathname: string, hash: string): Route {
  const [, code = '', page = ''] = /^\/v\/([^/]*)\/?(status)?\/?$/.exec(pathname) ?? [];
  const upper = decodeURIComponent(code).toUpperCase();
  return page === 'status'
    ? { page: 'status', code: upper, token: hash.replace(/^#/, '') }
    : { page: 'check-in', code: upper };
}

/** The address of a party's status page; the token rides in the fragment, which never leaves the phone. */
export const statusPath = (code: string, token: string) => `/v/${encodeURIComponent(code)}/status#${token}`;

/** The address of a venue's check-in page. */
export const checkInPath = (code: string) => `/v/${encodeURIComponent(code)}`;
