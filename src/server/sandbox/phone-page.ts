import type { ServerResponse } from 'node:http';
import QRCode from 'qrcode';
import type { SandboxGuest, SandboxNotification } from './sandbox-state.ts';

/** Where the phone page remembers the phone this browser last opened, for the OAuth page to preselect. */
export const LAST_PHONE_KEY = 'waitbell-sandbox-last-phone';

/** Text made safe to put in HTML, in an element or a quoted attribute. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The simulated guest phone: the guest's PushedID as a QR code, a Subscribe button, and notifications arriving live. */
export async function sendPhonePage(
  res: ServerResponse,
  guest: SandboxGuest | undefined,
  venue: { name: string; channel: string; checkIn?: string | null },
) {
  const body =
    (venue.checkIn ? checkInLink(venue.name, venue.checkIn) : '') +
    (guest ? await guestView(guest, venue) : newGuestView());
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Pushed sandbox · guest phone</title>
<style>
  body { font: 18px/1.4 system-ui, sans-serif; max-width: 26rem; margin: 0 auto; padding: 16px; }
  .qr { background: #fff; padding: 8px; border-radius: 12px; width: min(80vw, 320px); }
  .qr svg { display: block; width: 100%; height: auto; }
  .id { font: 700 1.2rem ui-monospace, monospace; letter-spacing: 0.05em; overflow-wrap: anywhere; }
  button { min-height: 48px; padding: 0 18px; font: inherit; font-weight: 600; border-radius: 10px; }
  ol { padding: 0; list-style: none; } li { margin: 8px 0; padding: 10px 12px; border: 1px solid #8884; border-radius: 12px; }
  .note { opacity: 0.75; font-size: 0.9rem; }
  .check-in a { font-weight: 700; }
  a.open { display: block; padding: 4px 0; overflow-wrap: anywhere; }
</style>
</head>
<body>
<p class="note">Pushed sandbox: a pretend phone for trying Waitbell. Nothing here reaches a real phone.</p>
${body}
<script type="module" src="/sandbox/phone.js"></script>
</body>
</html>`);
}

/** The venue's own check-in page: the way in with nothing to install, opened as a guest's phone opens a scanned QR code. */
function checkInLink(name: string, path: string) {
  return `<p class="check-in"><a href="${escapeHtml(path)}">Check in at ${escapeHtml(name)}</a>: join the waitlist from this phone, no app needed.</p>`;
}

function newGuestView() {
  return `<h1>Guest phone</h1>
<p>Make a pretend guest with the Pushed app, then show their PushedID to the Waitbell tablet.</p>
<button type="button" id="new-guest">New guest</button>`;
}

async function guestView(guest: SandboxGuest, venue: { name: string; channel: string }) {
  const qr = await QRCode.toString(guest.pushedId, { type: 'svg', margin: 4, errorCorrectionLevel: 'M' });
  const subscribed = guest.channels.has(venue.channel);
  const items = guest.notifications.map(notificationItem).join('');
  return `<h1>Guest phone</h1>
<h2>Account → PushedID</h2>
<div class="qr" role="img" aria-label="PushedID QR code">${qr}</div>
<p class="id" id="pushed-id" data-pushed-id="${escapeHtml(guest.pushedId)}">${escapeHtml(guest.pushedId)}</p>
<p>Pushed email: <span id="pushed-email">${escapeHtml(guest.email)}</span></p>
<p id="grants">Apps you allowed: ${guest.accessTokens.size}</p>
${
  subscribed
    ? `<p id="subscription">Subscribed to ${escapeHtml(venue.name)} ✓</p>`
    : `<button type="button" id="subscribe" data-alias="${escapeHtml(venue.channel)}">Subscribe to ${escapeHtml(venue.name)}</button>`
}
<h2>Notifications</h2>
<ol id="notifications" aria-live="polite">${items}</ol>`;
}

/** One notification; with a link (content_type=url) that is a web address, tapping it opens the link in the browser, as in the Pushed app. */
function notificationItem(n: SandboxNotification) {
  const text = escapeHtml(n.content);
  const link = n.url && /^https?:/i.test(n.url) ? n.url : null;
  const body = link
    ? `<a class="open" href="${escapeHtml(link)}" target="_blank" rel="noopener noreferrer">${text}</a>`
    : text;
  return `<li data-shipment="${escapeHtml(n.shipment)}">${body}</li>`;
}

/** The phone page's script: plain JavaScript, served from the sandbox's own origin. */
export const PHONE_SCRIPT = `
const api = '/sandbox/api';
const post = (path, body) => fetch(api + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) }).then((r) => r.json());
document.getElementById('new-guest')?.addEventListener('click', async () => {
  const guest = await post('/guests');
  location.search = '?guest=' + encodeURIComponent(guest.pushedId);
});
const idElement = document.getElementById('pushed-id');
document.getElementById('subscribe')?.addEventListener('click', async (event) => {
  await post('/guests/' + idElement.dataset.pushedId + '/subscribe', { alias: event.currentTarget.dataset.alias });
  location.reload();
});
if (idElement) {
  // The sandbox's OAuth page preselects this phone: the one this browser opened last.
  try { localStorage.setItem(${JSON.stringify(LAST_PHONE_KEY)}, idElement.dataset.pushedId); } catch {}
  const list = document.getElementById('notifications');
  const events = new EventSource(api + '/guests/' + idElement.dataset.pushedId + '/events');
  events.onopen = () => (list.dataset.live = 'true'); // what arrives from now on shows here (tests wait for it)
  events.onmessage = (message) => {
    const n = JSON.parse(message.data);
    if (list.querySelector('[data-shipment="' + n.shipment + '"]')) return;
    const item = document.createElement('li');
    item.dataset.shipment = n.shipment;
    const body = n.url && /^https?:/i.test(n.url) ? document.createElement('a') : item;
    if (body !== item) Object.assign(body, { className: 'open', href: n.url, target: '_blank', rel: 'noopener noreferrer' });
    body.textContent = n.content;
    if (body !== item) item.append(body);
    list.append(item);
  };
}
`;
