import type { ServerResponse } from 'node:http';
import { hasUnreadBody } from '../http/request-body.ts';
import { escapeHtml, LAST_PHONE_KEY } from './phone-page.ts';
import type { SandboxGuest } from './sandbox-state.ts';

/** How many phones the authorise page lists, newest first (the sandbox may hold a thousand). */
const PHONES_LISTED = 20;

/** What the authorise page shows: who asks, for which phone, and where the answer goes back to. */
export interface AuthorizeView {
  venueName: string;
  clientId: string;
  redirectUri: string;
  /** The redirect's origin: the only place besides this page the form may lead to. */
  redirectOrigin: string;
  channel: string;
  guests: Iterable<SandboxGuest>;
}

const STYLE = `
  :root { color-scheme: light dark; }
  body { font: 18px/1.4 system-ui, sans-serif; max-width: 26rem; margin: 0 auto; padding: 16px; }
  h1 { font-size: 1.4rem; line-height: 1.25; margin: 0.4em 0; }
  fieldset { border: 1px solid #8886; border-radius: 12px; padding: 8px 12px; margin: 16px 0; }
  legend { font-weight: 700; padding: 0 4px; }
  label { display: flex; gap: 10px; align-items: flex-start; padding: 8px 0; min-height: 44px; }
  input[type='radio'] { width: 22px; height: 22px; margin: 2px 0 0; flex: none; }
  .id { font: 700 1rem ui-monospace, monospace; overflow-wrap: anywhere; }
  .note { opacity: 0.75; font-size: 0.9rem; overflow-wrap: anywhere; }
  .actions { display: flex; gap: 12px; }
  button { flex: 1; min-height: 48px; font: inherit; font-weight: 600; border-radius: 10px; border: 1px solid #8888; }
  .allow { background: #1d5fd1; color: #fff; border-color: #1d5fd1; }`;

/** Sends a small page of the sandbox with strict headers: nothing external, never framed, `formAction` the only other place it may post or lead to. */
function sendPage(res: ServerResponse, status: number, title: string, body: string, formAction = "'none'") {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; form-action ${formAction}; base-uri 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    // Not no-referrer: that would send the form's Origin as "null", which the sandbox refuses.
    'Referrer-Policy': 'same-origin',
    ...(hasUnreadBody(res.req) ? { Connection: 'close' } : {}), // a refused form's body is never drained
  });
  res.end(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<p class="note">Pushed sandbox: stands in for Pushed's own sign-in page. Nothing here reaches a real phone.</p>
${body}
</body>
</html>`);
}

/** Pushed's authorise page, as the sandbox plays it: pick a sandbox phone, then Allow or Decline. */
export function sendAuthorizePage(res: ServerResponse, view: AuthorizeView) {
  const phones = [...view.guests].slice(-PHONES_LISTED).reverse();
  const choices = phones
    .map((g) => {
      const subscribed = g.channels.has(view.channel) ? ` · subscribed to ${escapeHtml(view.venueName)}` : '';
      return `<label><input type="radio" name="phone" value="${escapeHtml(g.pushedId)}"><span><span class="id">${escapeHtml(g.pushedId)}</span><br><span class="note">${escapeHtml(g.email)}${subscribed}</span></span></label>`;
    })
    .join('\n');
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  sendPage(
    res,
    200,
    `Allow ${view.venueName}? · Pushed sandbox`,
    `<h1>${escapeHtml(view.venueName)} wants to send you notifications</h1>
<p>Through Pushed, on the phone you sign in with.</p>
<form method="post" action="/1/oauth/">
${hidden('client_id', view.clientId)}
${hidden('redirect_uri', view.redirectUri)}
<fieldset>
<legend>Sign in with</legend>
${choices}
<label><input type="radio" name="phone" value="new" checked><span>New sandbox phone</span></label>
</fieldset>
<div class="actions">
<button type="submit" name="decision" value="allow" class="allow">Allow</button>
<button type="submit" name="decision" value="decline">Decline</button>
</div>
</form>
<p class="note">Either way you go back to ${escapeHtml(view.redirectOrigin)}.</p>
<script type="module" src="/sandbox/oauth.js"></script>`,
    `'self' ${view.redirectOrigin}`,
  );
}

/** A request the authorise page cannot take, said in words; it never leads anywhere. */
export function sendRefusalPage(res: ServerResponse, status: 400 | 403, reason: string) {
  sendPage(
    res,
    status,
    'Cannot sign in · Pushed sandbox',
    `<h1>This sign-in link does not work</h1>
<p id="reason">${escapeHtml(reason)}</p>
<p class="note">Go back to the page that sent you here and try again.</p>`,
  );
}

/** The authorise page's script: preselects the phone this browser last opened; the form works without it. */
export const OAUTH_SCRIPT = `
let last = null;
try { last = localStorage.getItem(${JSON.stringify(LAST_PHONE_KEY)}); } catch {}
for (const input of document.querySelectorAll('input[name="phone"]')) if (input.value === last) input.checked = true;
`;
