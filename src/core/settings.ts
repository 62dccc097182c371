import {
  checkTemplate,
  CONTENT_LIMIT_MAX,
  CONTENT_LIMIT_MIN,
  DEFAULT_CONTENT_LIMIT,
  DEFAULT_TEMPLATE,
  type TemplateProblem,
} from './message-template.ts';
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
}

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
};

/** Settings saved before the relay existed were sending directly: they keep doing so. */
export function withDefaults(
  saved: Partial<VenueSettings> & Omit<VenueSettings, 'route' | 'relayUrl' | 'deviceToken'>,
): VenueSettings {
  return { route: 'direct', relayUrl: '', deviceToken: '', ...saved };
}

/** The settings form as typed; an empty secret means "keep the saved one". */
export type SettingsInput = Omit<VenueSettings, 'contentLimit' | 'route'> & {
  contentLimit: string | number;
  route: string;
};

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
  | { field: 'appKey'; problem: 'required' | 'bad_characters' }
  | { field: 'appSecret'; problem: 'required' | 'bad_characters' }
  | { field: 'channelAlias'; problem: 'required' | 'bad_characters' }
  | { field: 'subscriptionLink'; problem: 'not_https' }
  | { field: 'template'; problem: TemplateProblem }
  | { field: 'contentLimit'; problem: 'out_of_range' };

/** The longest venue name, in characters as people count them. */
export const VENUE_NAME_MAX_LENGTH = 60;
/** A relay device token's length bounds. */
export const DEVICE_TOKEN_MIN_LENGTH = 8;
export const DEVICE_TOKEN_MAX_LENGTH = 256;

const ALNUM = /^[A-Za-z0-9]+$/;

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

  // The app key and secret are needed on the tablet only when it sends straight to Pushed.
  const appKey = input.appKey.trim();
  if (appKey === '' && direct) problems.push({ field: 'appKey', problem: 'required' });
  else if (appKey !== '' && !ALNUM.test(appKey)) problems.push({ field: 'appKey', problem: 'bad_characters' });

  const appSecret = input.appSecret.trim() || saved.appSecret;
  if (appSecret === '' && direct) problems.push({ field: 'appSecret', problem: 'required' });
  else if (appSecret !== '' && !ALNUM.test(appSecret)) problems.push({ field: 'appSecret', problem: 'bad_characters' });

  const channelAlias = input.channelAlias.trim();
  if (channelAlias === '') problems.push({ field: 'channelAlias', problem: 'required' });
  else if (!ALNUM.test(channelAlias)) problems.push({ field: 'channelAlias', problem: 'bad_characters' });

  const subscriptionLink = input.subscriptionLink.trim();
  if (subscriptionLink !== '' && !/^https:\/\/\S+$/i.test(subscriptionLink)) {
    problems.push({ field: 'subscriptionLink', problem: 'not_https' });
  }

  const template = checkTemplate(input.template);
  if (!template.ok) problems.push({ field: 'template', problem: template.error });

  const limitText = String(input.contentLimit).trim();
  const contentLimit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
  if (!(contentLimit >= CONTENT_LIMIT_MIN && contentLimit <= CONTENT_LIMIT_MAX))
    problems.push({ field: 'contentLimit', problem: 'out_of_range' });

  if (problems.length > 0 || !template.ok) return err(problems);
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
    template: template.value,
    contentLimit,
  });
}
