import { DEFAULT_LATE_AFTER_MINUTES, LATE_AFTER_MINUTES_MAX, LATE_AFTER_MINUTES_MIN } from './calls.ts';
import {
  DEFAULT_GETTING_CLOSE_POSITION,
  GETTING_CLOSE_OFF,
  GETTING_CLOSE_POSITION_MAX,
  type MessageKind,
} from './guest-message.ts';
import {
  checkTemplate,
  CONTENT_LIMIT_MAX,
  CONTENT_LIMIT_MIN,
  DEFAULT_CONTENT_LIMIT,
  DEFAULT_MESSAGE_TEMPLATES,
  DEFAULT_TEMPLATE,
  longestMessageLength,
  type TemplateProblem,
} from './message-template.ts';
import { DEFAULT_RETENTION, readRetention, type RetentionProblem, type RetentionSettings } from './retention.ts';
import { ONLINE_JOINS_DEFAULTS, readOnlineJoins, type OnlineJoins, type OnlineJoinsProblem } from './online-joins.ts';
import { DEFAULT_QUOTES, type DefaultQuotes } from './quote-estimator.ts';
import { err, ok, type Result } from './result.ts';

/** How the venue sends through Pushed. Secrets included: only storage and the sender ever read them. */
export interface VenueSettings {
  venueName: string;
  /** How pushes leave: through the venue's relay (the secret stays on a server), or straight to Pushed. */
  route: 'relay' | 'direct';
  /** The relay's API base, e.g. https://relay.example/1; a path like /relay/1 means "the server this app came from". */
  relayUrl: string;
  /** This tablet's token on the relay (a secret, like the app secret). */
  deviceToken: string;
  /** Base of the Pushed API, e.g. https://api.pushed.co/1; a path like /1 means "the server this app came from" (the sandbox). */
  apiBaseUrl: string;
  appKey: string;
  appSecret: string;
  channelAlias: string;
  /** The channel's subscription link (https://pushed.co/s/…), shown to guests as a QR code. */
  subscriptionLink: string;
  template: string;
  contentLimit: number;
  /** Minutes after Table ready before a called party counts as late. */
  lateAfterMinutes: number;
  /** Whether a late called party is marked no-show by itself. */
  autoNoShow: boolean;
  /** Whether a guest added with a PushedID or email is told their place and quote ("On the list"). */
  onListMessage: boolean;
  /** The "On the list" message. */
  onListTemplate: string;
  /** The place in line at which a guest is told they are getting close; GETTING_CLOSE_OFF (0) for never. */
  gettingClosePosition: number;
  /** The "Getting close" (and Almost ready) message. */
  gettingCloseTemplate: string;
  /** The venue's usual quote per size class (1–2, 3–4, 5–6, 7+), used while there is no history to go on. */
  defaultQuotes: DefaultQuotes;
  /** Whether and when guests may join from the venue's check-in page, and how many. */
  onlineJoins: OnlineJoins;
  /** How long guests' details and the anonymous history are kept, on every tablet and the venue server. */
  retention: RetentionSettings;
}

/** The settings field holding each kind's template. */
export const TEMPLATE_FIELDS = {
  on_list: 'onListTemplate',
  getting_close: 'gettingCloseTemplate',
  table_ready: 'template',
} as const satisfies Record<MessageKind, keyof VenueSettings>;

/** The settings fields that hold a template. */
export type TemplateField = (typeof TEMPLATE_FIELDS)[MessageKind];

/** The venue's template for a kind of message. */
export const templateFor = (settings: VenueSettings, kind: MessageKind): string => settings[TEMPLATE_FIELDS[kind]];

/** The guest messages' settings for a venue that has not chosen: on, at position 2, in English. */
export const MESSAGE_DEFAULTS = {
  onListMessage: true,
  onListTemplate: DEFAULT_MESSAGE_TEMPLATES.on_list.en!,
  gettingClosePosition: DEFAULT_GETTING_CLOSE_POSITION,
  gettingCloseTemplate: DEFAULT_MESSAGE_TEMPLATES.getting_close.en!,
} satisfies Partial<VenueSettings>;

/** The built-in defaults: the local Pushed sandbox and its demo venue, so Waitbell works with no account. */
export const SANDBOX_SETTINGS: VenueSettings = {
  venueName: 'Demo Bistro',
  route: 'relay',
  relayUrl: '/relay/1',
  deviceToken: 'WaitbellDemoDevice01',
  apiBaseUrl: '/1',
  appKey: 'WaitbellDemoAppKey01',
  appSecret: 'WaitbellDemoSecret0000000000000000000000000000000000000000000001',
  channelAlias: 'WaitbellDemo',
  subscriptionLink: 'https://pushed.co/s/WbDemo1',
  template: DEFAULT_TEMPLATE,
  contentLimit: DEFAULT_CONTENT_LIMIT,
  lateAfterMinutes: DEFAULT_LATE_AFTER_MINUTES,
  autoNoShow: false,
  ...MESSAGE_DEFAULTS,
  defaultQuotes: DEFAULT_QUOTES,
  // The demo shows the guest's whole path: its check-in page takes joins.
  onlineJoins: { ...ONLINE_JOINS_DEFAULTS, enabled: true },
  retention: DEFAULT_RETENTION,
};

/** True while the built-in sandbox account is in use: its relay with its device token, or Pushed's API with its app key. */
export function isDemoAccount(settings: Pick<VenueSettings, 'route' | 'relayUrl' | 'deviceToken' | 'appKey'>): boolean {
  return settings.route === 'relay'
    ? settings.relayUrl === SANDBOX_SETTINGS.relayUrl && settings.deviceToken === SANDBOX_SETTINGS.deviceToken
    : settings.appKey === SANDBOX_SETTINGS.appKey;
}

/** Pushed's own API: where a real account sends straight to Pushed. */
export const PUSHED_API_URL = 'https://api.pushed.co/1';

/** True when the tablet sends through a venue server it was paired with (not the demo, not straight to Pushed): only then does it sync. */
export const isPairedWithVenue = (settings: VenueSettings): boolean =>
  settings.route === 'relay' && settings.deviceToken !== '' && !isDemoAccount(settings);

/** A URL from Settings as an absolute one, without a trailing slash: a path ("/relay/1") is on `origin`, the kiosk's own server. */
export const absoluteUrl = (url: string, origin: string): string => new URL(url, `${origin}/`).href.replace(/\/+$/, '');

/** Fields added after the first settings were saved: a record without them reads as these. */
type AddedLater =
  | 'route'
  | 'relayUrl'
  | 'deviceToken'
  | 'lateAfterMinutes'
  | 'autoNoShow'
  | 'defaultQuotes'
  | 'onlineJoins'
  | 'retention'
  | keyof typeof MESSAGE_DEFAULTS;

/** Settings saved before the relay existed were sending directly: they keep doing so; before call rules, the defaults. */
export function withDefaults(saved: Partial<VenueSettings> & Omit<VenueSettings, AddedLater>): VenueSettings {
  return {
    route: 'direct',
    relayUrl: '',
    deviceToken: '',
    lateAfterMinutes: DEFAULT_LATE_AFTER_MINUTES,
    autoNoShow: false,
    ...MESSAGE_DEFAULTS,
    defaultQuotes: DEFAULT_QUOTES,
    onlineJoins: ONLINE_JOINS_DEFAULTS,
    retention: DEFAULT_RETENTION,
    ...saved,
  };
}

/** The settings form as typed; an empty secret means "keep the saved one". */
export type SettingsInput = Omit<
  VenueSettings,
  'contentLimit' | 'route' | 'lateAfterMinutes' | 'gettingClosePosition' | 'defaultQuotes' | 'onlineJoins' | 'retention'
> & {
  /** The retention numbers as typed (checked again here); absent keeps the saved ones. */
  retention?: { personalDataDays: string | number; historyMonths: string | number };
  /** The online-join settings (checked again here); absent keeps the saved ones. */
  onlineJoins?: OnlineJoins;
  contentLimit: string | number;
  route: string;
  lateAfterMinutes: string | number;
  gettingClosePosition: string | number;
  /** The usual quote per size class as typed; absent keeps the saved ones. */
  defaultQuotes?: readonly (string | number)[];
};

/** The usual quote's fields, one per size class (1–2, 3–4, 5–6, 7+), as forms and refusals name them. */
export const DEFAULT_QUOTE_FIELDS = ['defaultQuote0', 'defaultQuote1', 'defaultQuote2', 'defaultQuote3'] as const;
export type DefaultQuoteField = (typeof DEFAULT_QUOTE_FIELDS)[number];
/** The usual quote's bounds, in minutes. */
export const DEFAULT_QUOTE_MIN = 1;
export const DEFAULT_QUOTE_MAX = 180;

/**
 * The form as Save reads it: only the chosen route's fields; the other route's stay as saved (an
 * empty secret keeps the saved one). Something typed in the view the host left can then never
 * block saving, nor put an unchecked secret on the tablet.
 */
export function withOtherRouteAsSaved(input: SettingsInput, saved: VenueSettings): SettingsInput {
  return input.route === 'direct'
    ? { ...input, relayUrl: saved.relayUrl, deviceToken: '' }
    : { ...input, apiBaseUrl: saved.apiBaseUrl, appKey: saved.appKey, appSecret: '' };
}

/** Why one settings field was refused. */
export type SettingsProblem =
  | { field: 'venueName'; problem: 'required' | 'too_long' }
  | { field: 'apiBaseUrl'; problem: 'not_a_url' | 'not_allowed' }
  | { field: 'relayUrl'; problem: 'not_a_url' | 'not_allowed' }
  | { field: 'deviceToken'; problem: 'required' | 'bad_characters' }
  | { field: PushedAccountField; problem: 'required' | 'bad_characters' | 'too_long' }
  | { field: 'subscriptionLink'; problem: 'not_https' }
  | { field: TemplateField; problem: TemplateProblem }
  | { field: 'contentLimit'; problem: 'out_of_range' }
  | { field: 'lateAfterMinutes'; problem: 'out_of_range' }
  | { field: 'gettingClosePosition'; problem: 'out_of_range' }
  | { field: DefaultQuoteField; problem: 'out_of_range' }
  | OnlineJoinsProblem
  | RetentionProblem;

/** Pushed's app key, app secret and channel alias: letters and digits, as its dashboard shows them. */
type PushedAccountField = 'appKey' | 'appSecret' | 'channelAlias';

/** The longest app key, app secret or channel alias taken (the venue server stores no longer ones). */
export const PUSHED_ACCOUNT_FIELD_MAX_LENGTH = 200;

/** What is wrong with an app key, app secret or channel alias, if anything (empty is the caller's to judge): the tablet's Save and the venue server's rule. */
export function pushedAccountProblem(value: string): 'bad_characters' | 'too_long' | null {
  if (!/^[A-Za-z0-9]*$/.test(value)) return 'bad_characters';
  return value.length > PUSHED_ACCOUNT_FIELD_MAX_LENGTH ? 'too_long' : null;
}

/** The longest venue name, in characters as people count them. */
export const VENUE_NAME_MAX_LENGTH = 60;
/** A relay device token's length bounds. */
export const DEVICE_TOKEN_MIN_LENGTH = 8;
export const DEVICE_TOKEN_MAX_LENGTH = 256;

/** scheme://host[:port] of an absolute URL, lower-cased. */
const originOf = (url: string) => /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.exec(url)![0].toLowerCase(); // only called on URLs that passed the check above

/** True for a link of the shape the Pushed dashboard gives (https://pushed.co/s/abc1234). Others get a warning, not a refusal. */
export const looksLikePushedSubscriptionLink = (link: string): boolean =>
  /^https:\/\/(www\.)?pushed\.co\/s\/[A-Za-z0-9]+\/?$/i.test(link.trim());

/**
 * Checks the settings form; `saved` supplies the secret when the form leaves it empty. An absolute
 * API URL must be on one of `allowedOrigins` (what the app's security policy lets it connect to).
 */
export function validateSettings(
  input: SettingsInput,
  saved: VenueSettings,
  allowedOrigins?: readonly string[],
): Result<VenueSettings, SettingsProblem[]> {
  const problems: SettingsProblem[] = [];
  const venueName = input.venueName.trim();
  if (venueName === '') problems.push({ field: 'venueName', problem: 'required' });
  else if ([...venueName].length > VENUE_NAME_MAX_LENGTH) problems.push({ field: 'venueName', problem: 'too_long' });

  const route = input.route === 'direct' ? 'direct' : 'relay';
  const direct = route === 'direct';
  const url = (field: 'apiBaseUrl' | 'relayUrl', required: boolean) => {
    const value = input[field].trim().replace(/\/+$/, '');
    if (value === '' && !required) return value;
    if (!/^(https?:\/\/[^\s/]+(\/\S*)?|\/\S*)$/i.test(value) || (value.includes('://') && !URL.canParse(value))) {
      problems.push({ field, problem: 'not_a_url' });
    } else if (allowedOrigins && value.includes('://') && !allowedOrigins.includes(originOf(value))) {
      problems.push({ field, problem: 'not_allowed' });
    }
    return value;
  };
  const apiBaseUrl = url('apiBaseUrl', direct);
  const relayUrl = url('relayUrl', !direct);

  const deviceToken = input.deviceToken.trim() || saved.deviceToken;
  const tokenShape = new RegExp(`^[A-Za-z0-9_-]{${DEVICE_TOKEN_MIN_LENGTH},${DEVICE_TOKEN_MAX_LENGTH}}$`);
  if (!direct && deviceToken === '') problems.push({ field: 'deviceToken', problem: 'required' });
  else if (deviceToken !== '' && !tokenShape.test(deviceToken))
    problems.push({ field: 'deviceToken', problem: 'bad_characters' });

  const pushedAccount = (field: PushedAccountField, value: string, required: boolean) => {
    const problem = value === '' ? (required ? 'required' : null) : pushedAccountProblem(value);
    if (problem) problems.push({ field, problem });
  };
  // The app key and secret are needed on the tablet only when it sends straight to Pushed.
  const appKey = input.appKey.trim();
  pushedAccount('appKey', appKey, direct);
  // The demo's secret never goes with another app key: a real Pushed account needs its own.
  const keptSecret = saved.appKey === SANDBOX_SETTINGS.appKey && appKey !== saved.appKey ? '' : saved.appSecret;
  const appSecret = input.appSecret.trim() || keptSecret;
  pushedAccount('appSecret', appSecret, direct);
  const channelAlias = input.channelAlias.trim();
  pushedAccount('channelAlias', channelAlias, true);

  const subscriptionLink = input.subscriptionLink.trim();
  if (subscriptionLink !== '' && !/^https:\/\/\S+$/i.test(subscriptionLink)) {
    problems.push({ field: 'subscriptionLink', problem: 'not_https' });
  }

  const contentLimit = wholeNumber(input.contentLimit, CONTENT_LIMIT_MIN, CONTENT_LIMIT_MAX);
  // Every kind's message must fit the limit at this venue; refusals in the order the form shows the fields.
  const fits = (field: TemplateField) => {
    const checked = checkFits(input[field], venueName, limitForTemplate(input.contentLimit));
    if (!checked.ok) problems.push({ field, problem: checked.error });
    return checked.ok ? checked.value : '';
  };
  const template = fits('template');
  if (contentLimit === null) problems.push({ field: 'contentLimit', problem: 'out_of_range' });
  const onListTemplate = fits('onListTemplate');
  const gettingClosePosition = wholeNumber(input.gettingClosePosition, GETTING_CLOSE_OFF, GETTING_CLOSE_POSITION_MAX);
  if (gettingClosePosition === null) problems.push({ field: 'gettingClosePosition', problem: 'out_of_range' });
  const gettingCloseTemplate = fits('gettingCloseTemplate');

  const lateAfterMinutes = wholeNumber(input.lateAfterMinutes, LATE_AFTER_MINUTES_MIN, LATE_AFTER_MINUTES_MAX);
  if (lateAfterMinutes === null) problems.push({ field: 'lateAfterMinutes', problem: 'out_of_range' });

  const typedQuotes = input.defaultQuotes ?? saved.defaultQuotes;
  const quotes = DEFAULT_QUOTE_FIELDS.map((field, i) => {
    const minutes = wholeNumber(typedQuotes[i] ?? '', DEFAULT_QUOTE_MIN, DEFAULT_QUOTE_MAX);
    if (minutes === null) problems.push({ field, problem: 'out_of_range' });
    return minutes ?? 0;
  });
  const defaultQuotes: DefaultQuotes = [quotes[0]!, quotes[1]!, quotes[2]!, quotes[3]!]; // one per field, four fields

  const online = readOnlineJoins(input.onlineJoins ?? saved.onlineJoins);
  if (!online.ok) problems.push(...online.error);

  const retention = readRetention(input.retention ?? saved.retention);
  if (!retention.ok) problems.push(...retention.error);

  if (
    problems.length > 0 ||
    !online.ok ||
    !retention.ok ||
    contentLimit === null ||
    lateAfterMinutes === null ||
    gettingClosePosition === null
  )
    return err(problems);
  return ok({
    venueName,
    route,
    relayUrl,
    deviceToken,
    apiBaseUrl,
    appKey,
    appSecret,
    channelAlias,
    subscriptionLink,
    template,
    contentLimit,
    lateAfterMinutes,
    autoNoShow: input.autoNoShow === true,
    onListMessage: input.onListMessage === true,
    onListTemplate,
    gettingClosePosition,
    gettingCloseTemplate,
    defaultQuotes,
    onlineJoins: online.value,
    retention: retention.value,
  });
}

/** The limit a template is checked against: the one typed, or the most Pushed takes while that is out of range. */
export const limitForTemplate = (contentLimit: string | number): number =>
  wholeNumber(contentLimit, CONTENT_LIMIT_MIN, CONTENT_LIMIT_MAX) ?? CONTENT_LIMIT_MAX;

/** A whole number typed (or stored) between min and max, or null. */
function wholeNumber(value: string | number, min: number, max: number): number | null {
  const text = String(value).trim();
  const n = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  return n >= min && n <= max ? n : null;
}

/** A usable template whose message for the longest name and party still fits the limit at this venue. */
function checkFits(typed: string, venueName: string, limit: number): Result<string, TemplateProblem> {
  const template = checkTemplate(typed);
  if (!template.ok) return template;
  const longest = longestMessageLength(template.value, venueName);
  return longest > limit ? err({ kind: 'too_long', longest, limit }) : template;
}
