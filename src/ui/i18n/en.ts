import type { FieldProblem } from '../../core/party-input.ts';
import { CONTENT_LIMIT_MAX, CONTENT_LIMIT_MIN } from '../../core/message-template.ts';
import {
  DEVICE_TOKEN_MIN_LENGTH,
  PUSHED_ACCOUNT_FIELD_MAX_LENGTH,
  VENUE_NAME_MAX_LENGTH,
  type SettingsProblem,
} from '../../core/settings.ts';
import {
  NAME_MAX_LENGTH,
  NOTE_MAX_LENGTH,
  PARTY_SIZE_MAX,
  PARTY_SIZE_MIN,
  QUOTE_MAX_MINUTES,
} from '../../core/party-input.ts';
import { PUSHED_ID_MAX_LENGTH, PUSHED_ID_MIN_LENGTH } from '../../core/pushed-id.ts';
import { STALE_AFTER_MS, type Delivery } from '../../core/delivery.ts';
import type { Problem } from '../../state/problem.ts';
import { SCAN_IDLE_TIMEOUT_MS, type ScanOutcome } from '../../state/scanner-port.ts';
import type { UndoOffer } from '../../state/undo-offer.ts';
import { enBoard } from './en-board.ts';
import { enMessages } from './en-messages.ts';
import { enDemo, enOwnerRefusals } from './en-demo.ts';
import { enConnection } from './en-connection.ts';
import { enVenue } from './en-venue.ts';
import { enSync } from './en-sync.ts';
import { enQuotes } from './en-quotes.ts';

/** Every word the host reads, in English. A language is one file like this (see ../strings.ts). */
export const en = {
  appName: 'Waitbell',
  addParty: 'Add party',
  addToWaitlist: 'Add to waitlist',
  cancel: 'Cancel',
  seated: 'Seat now',
  noShow: 'No-show',
  remove: 'Remove',
  tableReady: 'Table ready',
  retry: 'Retry',
  resend: 'Resend',
  settings: 'Settings',
  online: 'Online',
  offline: (waiting: number) => (waiting > 0 ? `Offline · ${waiting} to send` : 'Offline'),
  toSend: (waiting: number) => `${waiting} to send`,
  timesSent: (n: number) => (n === 1 ? 'once' : `${n}×`),
  undo: 'Undo',
  dismiss: 'Dismiss',
  reload: 'Reload',
  tryAgain: 'Try again',
  waitlistLabel: 'Waitlist',
  lastChangeLabel: 'Last change',
  connectionLabel: 'Connection',
  settingsRefused: (fields: string[]) => `Not saved. Check: ${fields.join(', ')}.`,
  separateWaitlist: (name: string) => `Separate waitlist: ${name}`,
  loading: 'Opening the waitlist…',
  emptyBoard: 'Nobody is waiting. Tap “Add party” when guests arrive.',
  totals: (parties: number, covers: number) =>
    `${parties} ${parties === 1 ? 'party' : 'parties'} · ${covers} ${covers === 1 ? 'guest' : 'guests'}`,
  partiesCount: (n: number) => `${n} ${n === 1 ? 'party' : 'parties'}`,
  people: (n: number) => `${n} ${n === 1 ? 'guest' : 'guests'}`,
  waited: (waited: number, quote: number | null) => (quote === null ? `${waited} min` : `${waited} of ${quote} min`),
  overdue: 'Over quote',
  hasPushedId: 'PushedID',
  save: 'Save',
  pin: {
    title: 'Staff PIN',
    why: 'Settings hold the venue’s Pushed secret. Enter the staff PIN.',
    setTitle: 'Choose a staff PIN',
    setWhy: (min: number, max: number) =>
      `Settings hold the venue’s Pushed secret. Choose a PIN of ${min} to ${max} digits for the staff who may change them. The waitlist and Table ready never ask for it.`,
    pin: 'PIN',
    newPin: (min: number, max: number) => `New PIN (${min} to ${max} digits)`,
    again: 'The same PIN again',
    open: 'Open settings',
    setAndOpen: 'Save PIN and open settings',
    wrong: (left: number) => `Wrong PIN. ${left} ${left === 1 ? 'try' : 'tries'} left before Settings lock.`,
    locked: (seconds: number) => `Too many wrong PINs. Settings are locked for ${seconds} more seconds.`,
    notDigits: (min: number, max: number) => `The PIN is ${min} to ${max} digits, numbers only.`,
    mismatch: 'The two PINs are not the same. Type them again.',
  },
  join: {
    show: 'Show join code',
    print: 'Print poster',
    downloadPng: 'Download PNG',
    downloadSvg: 'Download SVG',
    back: 'Tap anywhere to go back to the waitlist.',
    setUp: 'Add your channel’s subscription link in Settings (from the Pushed dashboard) to show a join code.',
    qrLabel: (venue: string) => `QR code to subscribe to ${venue} on Pushed`,
  },
  scan: {
    title: 'Scan PushedID',
    open: 'Scan PushedID',
    starting: 'Starting the camera…',
    pointAtCode: 'Point the camera at the guest’s PushedID code (Pushed app → Account → PushedID).',
    camera: 'Camera',
    torch: 'Light',
    again: 'Try again',
    close: 'Close camera',
    scanned: (id: string) => `PushedID ${id.slice(0, 1)}…${id.slice(-1)} scanned ✓`,
  },
  fields: {
    onlineMaxWaiting: 'Most online parties waiting at once',
    onlineMaxSize: 'Largest party that may check in online',
    onlineHoursFrom: 'Online check-in from',
    onlineHoursTo: 'Online check-in until',
    personalDataDays: 'Days guests’ details are kept',
    historyMonths: 'Months the anonymous history is kept',
    venueName: 'Venue name',
    route: 'How notifications leave this tablet',
    routeRelay:
      'Through the venue server (recommended: the app secret stays on the server, and a lost answer never notifies a guest twice)',
    routeDirect: 'Straight to Pushed',
    directWarning:
      'Straight to Pushed, a guest can get the same message twice: when Pushed’s answer is lost on the way back, the browser may send it again by itself, and only the venue server can stop that. The app secret is also stored on this tablet, at a public counter, and when an answer is lost staff must decide whether to resend.',
    relayPairing: 'A tablet gets its device token by pairing: Settings → Venue server, below.',
    advanced: 'Advanced: a device token typed by hand',
    advancedWhy:
      'Only to upgrade a tablet set up before pairing existed, with the venue server address and token it was given then. A new tablet is paired instead.',
    relayUrl: 'Venue server address',
    relayUrlHint:
      'Where the venue server answers, e.g. https://waitbell.example.com/relay/1. /relay/1 is the server this app came from.',
    deviceToken: 'Device token',
    deviceTokenMissing: 'Given by whoever runs the venue server, one per tablet. It is hidden once saved.',
    deviceTokenSaved: 'A device token is saved and stays hidden. Type a new one only to replace it.',
    apiBaseUrl: 'Pushed API URL',
    apiBaseUrlHint: 'Pushed’s own API: https://api.pushed.co/1.',
    apiBaseUrlDemoHint: 'https://api.pushed.co/1 for Pushed itself; /1 is the built-in sandbox for trying Waitbell.',
    appKey: 'App key',
    appSecret: 'App secret',
    appSecretSaved: 'A secret is saved and stays hidden. Type a new one only to replace it.',
    appSecretMissing: 'From your Pushed dashboard. It is hidden once saved.',
    channelAlias: 'Channel alias',
    subscriptionLink: 'Channel subscription link',
    subscriptionLinkWarning:
      '⚠ This isn’t a pushed.co/s/… link. It will be saved, but check that guests can subscribe with it.',
    template: 'Message when the table is ready',
    templateHint: 'Use {name}, {venue}, {size}, {position} and {quote}.',
    ...enMessages.fields,
    preview: 'Preview',
    contentLimit: 'Message limit (characters)',
    lateAfterMinutes: 'Called party is late after (minutes)',
    name: 'Name',
    size: 'Party size',
    fewer: 'Fewer guests',
    more: 'More guests',
    quote: 'Quoted wait (minutes)',
    note: 'Note',
    notePlaceholder: 'High chair, booth, window…',
    pushedId: 'PushedID',
    pushedIdHint: 'Optional. Scan it, or type it from the guest’s Pushed app: Account → PushedID.',
    email: 'Or the guest’s Pushed email',
    emailHint: 'Only if they have no PushedID to show. Needs Pushed’s Pro plan.',
    phone: 'Phone',
    phoneHint: 'Optional. To call the guest when the table is ready.',
    ...enQuotes.fieldLabels,
  },
  undoDone: (name: string, action: UndoOffer['action']) =>
    `${name} ${{ seat: 'seated', no_show: 'marked as a no-show', remove: 'removed', notify: 'notified', recall: 'is back on the list', move: 'moved', late: 'marked as a no-show: late after the call', requote: enQuotes.requoted }[action]}.`,
  lateMany: (names: string[]) =>
    `${names.length} parties marked as no-shows, late after the call: ${names.slice(0, -1).join(', ')} and ${names.at(-1)}.`,
  fieldMessage,
  pushedIdMessage,
  problemMessage,
  deliveryText,
  settingsMessage,
  cameraMessage,
  joinText: {
    steps: [
      'Scan this code with your phone’s camera and subscribe in the Pushed app.',
      'Show the host your PushedID (Pushed → Account → PushedID). We’ll message you when your table is ready.',
    ],
    noLink: 'The join code isn’t set up yet.',
    demo: 'DEMO',
    demoLine: 'Demo account: no real messages are sent.',
  },
  demo: enDemo,
  venue: enVenue,
  sync: enSync,
  connection: enConnection,
  /** The header's button; the announcements' own words load with them (announce-words.ts). */
  announce: { open: 'Announce' },
  quotes: enQuotes,
  fullscreen: 'Full screen',
  kiosk: {
    language: 'Language',
    useDefaultTemplate: 'Use the standard message',
    storageTitle: 'Storage on this tablet',
    storageKept: 'Kept: the browser will not clear Waitbell’s data to free space.',
    storageNotKept:
      'Not guaranteed: the browser may clear Waitbell’s data when space runs short. Installing Waitbell to the home screen usually fixes this.',
    storageUsed: (megabytes: string) => `${megabytes} MB used.`,
    version: (id: string) => `Waitbell version ${id}`,
    exportTitle: 'Move this setup to another tablet',
    exportPlain: 'Export settings (no secret)',
    exportWithSecret: 'Export with the secret, encrypted',
    passphrase: (min: number) => `Passphrase (at least ${min} characters)`,
    importFile: 'Import settings from a file',
    imported: 'Settings imported. Check them, then Save.',
    importFailed: 'That file isn’t a Waitbell settings file.',
    wrongPassphrase: 'Wrong passphrase, or the file was changed.',
    needPassphrase: 'This file holds an encrypted secret: type its passphrase above first.',
    shortPassphrase: (min: number) => `Use a passphrase of at least ${min} characters.`,
    helpTitle: 'Setting up the tablet',
    helpIpad: [
      'iPad: open Waitbell in Safari, tap Share → Add to Home Screen, and start it from there.',
      'Settings → Display & Brightness → Auto-Lock → Never, so the screen stays on.',
      'Settings → Accessibility → Guided Access: on. Triple-click the top button in Waitbell to lock the iPad to it.',
    ],
    helpAndroid: [
      'Android: open Waitbell in Chrome and accept “Install app” (or menu → Install app).',
      'Settings → Security → Screen pinning (App pinning): on, then pin Waitbell from the recent apps.',
      'Waitbell keeps the screen awake by itself while it is open.',
    ],
  },
  rush: enBoard,
  messages: enMessages,
};

/** The inline message under a refused field. */
function fieldMessage(p: FieldProblem): string {
  switch (p.field) {
    case 'name':
      return p.problem === 'required' ? 'Enter the guest’s name.' : `Keep the name to ${NAME_MAX_LENGTH} characters.`;
    case 'size':
      return `Party size is a whole number from ${PARTY_SIZE_MIN} to ${PARTY_SIZE_MAX}.`;
    case 'quoteMinutes':
      return `Quoted wait is a whole number of minutes, 0 to ${QUOTE_MAX_MINUTES}. Leave it empty for no quote.`;
    case 'note':
      return `Keep the note to ${NOTE_MAX_LENGTH} characters.`;
    case 'pushedId':
      return pushedIdMessage(p.problem);
    case 'email':
      return 'That doesn’t look like an email address. Check it with the guest.';
    case 'phone':
      return 'That doesn’t look like a phone number: digits, with + and the country code if it’s from abroad.';
  }
}

/** Why a text is not a PushedID, for the host. */
function pushedIdMessage(problem: Extract<FieldProblem, { field: 'pushedId' }>['problem']): string {
  switch (problem) {
    case 'subscription_link':
      return 'That’s a subscription code, not a PushedID. Ask the guest for Account → PushedID in the Pushed app.';
    case 'url_without_id':
      return 'That link doesn’t contain a PushedID.';
    case 'bad_characters':
      return 'A PushedID has only letters and numbers. Check what was typed.';
    case 'too_short':
      return `A PushedID has at least ${PUSHED_ID_MIN_LENGTH} letters and numbers.`;
    case 'too_long':
      return `That’s too long for a PushedID (at most ${PUSHED_ID_MAX_LENGTH} letters and numbers).`;
    case 'empty':
      return 'Enter the PushedID.';
  }
}

/** What to tell the host when something they asked for did not happen. */
function problemMessage(p: Problem): string {
  if (p.kind === 'sheet_unavailable')
    return 'That screen couldn’t be opened: this tablet had no connection before Waitbell finished installing. Check the internet connection, then tap again. The waitlist is unaffected.';
  if (p.kind === 'refused') {
    const who = p.partyName || 'That party';
    switch (p.error.kind) {
      case 'not_found':
        return `${who} is no longer on the waitlist (changed on another screen).`;
      case 'illegal_transition':
        return `${who} was already ${p.error.from === 'seated' ? 'seated' : p.error.from === 'no_show' ? 'marked as a no-show' : p.error.from === 'removed' ? 'removed' : 'updated'} on another screen.`;
      case 'undo_expired':
        return 'Too late to undo that. Re-add the party if needed.';
      case 'nothing_to_undo':
        return 'There is nothing to undo.';
      case 'already_queued':
        return `${who}’s notification is already on its way; it goes as soon as the tablet reaches Pushed.`;
      case 'at_edge':
        return p.error.direction === 'up' ? `${who} is already first in line.` : `${who} is already last in line.`;
      case 'not_on_board':
        return `${who} is no longer on the waitlist.`;
      case 'too_long':
        return `The message for ${who} would be ${p.error.length} characters; Pushed takes ${p.error.limit}. Edit the party to a shorter first name, or shorten the message template in Settings.`;
    }
  }
  switch (p.problem) {
    case 'quota':
      return 'The tablet is out of storage space, so that was not saved. Free up space on the tablet, then try again.';
    case 'blocked':
      return 'Waitbell is being updated. Close Waitbell in any other tab or window on this tablet; it continues by itself.';
    case 'outdated':
      return 'Waitbell was updated in another tab. Reload this page to keep working; nothing on the waitlist is lost.';
    case 'newer_data':
      return 'This tablet’s waitlist was saved by a newer Waitbell. Reload the page to get the newest version.';
    case 'unavailable':
      return 'This browser won’t let Waitbell save the waitlist (private browsing or storage turned off). Open Waitbell in a normal window.';
    case 'failed':
      return 'That was not saved. Nothing was changed. Try again; if it keeps happening, reload the page.';
  }
}

/** Pushed's (or Waitbell's own) refusal, in words a host understands; unknown types pass their message through. */
function refusalReason(errorType: string, message: string): string {
  switch (errorType) {
    case 'target_has_no_subscribers':
      return 'Guest isn’t subscribed to your channel yet. Ask them to scan the join code, then tap Retry.';
    case 'user_not_subscribed':
      return 'Guest isn’t subscribed to your channel yet, though they allowed Pushed. Ask them to scan the Pushed code on the join screen, then Retry on their row.';
    case 'pushed_permission_missing':
      return 'No Pushed permission from this guest on the venue server. Ask them to tap ‘Notify me with Pushed’ on their page, then Retry on their row, or call them.';
    case 'pushed_permission_lost':
      return 'Pushed permission lost: the venue changed its Pushed app. Ask the guest to tap ‘Notify me with Pushed’ again on their page, then Retry on their row.';
    case 'guest_erased':
      return 'Not sent: the owner erased this guest’s details.';
    case 'needs_venue_server':
      return 'Needs the venue server: the guest allowed Pushed on their phone, which only it can reach. Connect it in Settings → Venue server, then tap Retry.';
    case 'app_credentials_are_not_valid':
      return 'Pushed didn’t accept the app key or secret. Check them in Settings.';
    case 'content_too_long':
      return 'The message is too long for Pushed. Shorten the template in Settings.';
    case 'invalid_request':
      return 'Pushed isn’t fully set up on this tablet. Check Settings.';
    case 'unauthorized':
      return 'The venue server didn’t accept this tablet’s device token. Connect it again: Settings → Venue server.';
    case 'origin_not_allowed':
      return 'The venue server doesn’t accept this tablet’s address yet. Ask whoever runs it to allow it.';
    default:
      return message ? `Pushed refused it: ${message}` : `Pushed refused it (${errorType}).`;
  }
}

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });

/** The delivery line on a party's row. */
function deliveryText(delivery: Delivery, online: boolean): string {
  switch (delivery.state) {
    case 'queued':
      if (!online) return 'Queued: waiting for internet';
      if (!delivery.retryAt) return 'Queued';
      if (delivery.held) return enVenue.held[delivery.held];
      if (!delivery.unanswered) return `Queued: trying again at ${time(delivery.retryAt)}`;
      return `Queued: ${delivery.unanswered === 'relay' ? 'the venue server' : 'Pushed'} didn’t answer, trying again at ${time(delivery.retryAt)}`;
    case 'sending':
      return 'Sending…';
    case 'sent':
      return `Sent ${time(delivery.at)}`;
    case 'failed':
      return `Not sent: ${refusalReason(delivery.errorType, delivery.message)}`;
    case 'unknown':
      return 'Not sure it arrived: the answer from Pushed was lost. Resend only if the guest hasn’t come.';
    case 'not_sent':
      return delivery.why === 'no_contact'
        ? 'No PushedID: call the guest.'
        : delivery.why === 'stale'
          ? `Not sent: the tablet was offline for over ${STALE_AFTER_MS / 60_000} minutes. Tap Retry to send it now.`
          : 'Not sent: the party left the waitlist first.';
  }
}

/** The inline message under a refused settings field. */
function settingsMessage(p: SettingsProblem): string {
  switch (p.field) {
    case 'venueName':
      return p.problem === 'required'
        ? 'Enter the venue’s name; guests see it in the message.'
        : `Keep the name to ${VENUE_NAME_MAX_LENGTH} characters.`;
    case 'apiBaseUrl':
      return p.problem === 'not_allowed'
        ? `This tablet may only send to Pushed (${__CONNECT_ORIGINS__.join(', ')}) or to this server. Another server, such as your venue server, must be named when Waitbell is built (WAITBELL_CONNECT_SRC).`
        : 'Enter a web address starting with https:// (or /1 for the sandbox).';
    case 'relayUrl':
      return p.problem === 'not_allowed'
        ? `This tablet may only send to ${__CONNECT_ORIGINS__.join(', ')} or to this server. Name your venue server’s origin when Waitbell is built (WAITBELL_CONNECT_SRC).`
        : 'Enter the venue server’s address, starting with https:// (or /relay/1 for the server this app came from).';
    case 'deviceToken':
      return p.problem === 'required'
        ? 'The venue server needs this tablet’s device token: pair the tablet (Venue server, below) rather than type one.'
        : `A device token is ${DEVICE_TOKEN_MIN_LENGTH} or more letters, digits, - or _.`;
    case 'appKey':
    case 'appSecret':
    case 'channelAlias':
      return p.problem === 'required'
        ? 'This is needed to send notifications.'
        : p.problem === 'too_long'
          ? `That’s longer than Pushed gives (at most ${PUSHED_ACCOUNT_FIELD_MAX_LENGTH} letters and numbers). Copy it again from your Pushed dashboard.`
          : 'Only letters and numbers, as shown in your Pushed dashboard.';
    case 'subscriptionLink':
      return 'The link must start with https://, like https://pushed.co/s/abc1234.';
    case 'template':
    case 'onListTemplate':
    case 'gettingCloseTemplate':
      return p.problem.kind === 'empty'
        ? 'Write the message guests get.'
        : p.problem.kind === 'too_long'
          ? enOwnerRefusals.templateTooLong(p.problem.longest, p.problem.limit)
          : p.problem.kind === 'bad_characters'
            ? 'This message has a character Waitbell can’t send (a tab or another control character): type it again.'
            : enMessages.unknownPlaceholder(p.problem.placeholder);
    case 'gettingClosePosition':
      return enMessages.positionRefused;
    case 'contentLimit':
      return `A whole number from ${CONTENT_LIMIT_MIN} to ${CONTENT_LIMIT_MAX}: Pushed refuses longer messages.`;
    case 'lateAfterMinutes':
      return enOwnerRefusals.lateAfterRefused;
    case 'defaultQuote0':
    case 'defaultQuote1':
    case 'defaultQuote2':
    case 'defaultQuote3':
      return enQuotes.defaults.refused;
    case 'onlineMaxWaiting':
      return 'A whole number of parties from 1 to 200.';
    case 'onlineMaxSize':
      return `A whole number of guests from 1 to ${PARTY_SIZE_MAX}.`;
    case 'onlineHoursFrom':
    case 'onlineHoursTo':
      return 'A time such as 17:30, or leave both times empty to take check-ins at any hour.';
    case 'personalDataDays':
      return 'A whole number of days from 1 to 365.';
    case 'historyMonths':
      return 'A whole number of months from 1 to 36.';
  }
}

/** Why the scan stopped, and what the host can do. */
function cameraMessage(outcome: Exclude<ScanOutcome, { kind: 'accepted' }>): string {
  if (outcome.kind === 'timed_out')
    return `No PushedID seen for ${SCAN_IDLE_TIMEOUT_MS / 1000} seconds, so the camera was turned off. Tap Try again, or type it.`;
  if (outcome.kind === 'stopped')
    return 'The camera was turned off while Waitbell was in the background. Tap Try again.';
  switch (outcome.problem) {
    case 'denied':
      return 'Waitbell isn’t allowed to use the camera. Allow it in the browser’s site settings (the icon left of the address), then tap Scan PushedID again. You can also type the PushedID.';
    case 'no_camera':
      return 'No camera found on this device. Type the PushedID, or use the guest’s Pushed email.';
    case 'busy':
      return 'The camera is in use by another app. Close that app, then tap Try again.';
    case 'insecure':
      return 'The camera only works when Waitbell is opened over https (or on this device itself). Type the PushedID instead.';
    case 'failed':
      return 'The camera didn’t start. Tap Try again, or type the PushedID.';
  }
}
