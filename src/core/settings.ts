import { checkTemplate, CONTENT_LIMIT_MAX, DEFAULT_CONTENT_LIMIT, DEFAULT_TEMPLATE, type TemplateProblem } from './message-template.ts';
import { err, ok, type Result } from './result.ts';

/** How the venue sends through Pushed. Secrets included: only storage and the sender ever read them. */
export interface VenueSettings {
  venueName: string;
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
  apiBaseUrl: '/1',
  appKey: 'WaitbellDemoAppKey01',
  appSecret: 'WaitbellDemoSecret0000000000000000000000000000000000000000000001',
  channelAlias: 'WaitbellDemo',
  subscriptionLink: 'https://pushed.co/s/WbDemo1',
  template: DEFAULT_TEMPLATE,
  contentLimit: DEFAULT_CONTENT_LIMIT,
};

/** The settings form as typed; an empty secret means "keep the saved one". */
export type SettingsInput = Omit<VenueSettings, 'contentLimit'> & { contentLimit: string | number };

/** Why one settings field was refused. */
export type SettingsProblem =
  | { field: 'venueName'; problem: 'required' | 'too_long' }
  | { field: 'apiBaseUrl'; problem: 'not_a_url' | 'not_allowed' }
  | { field: 'appKey'; problem: 'required' | 'bad_characters' }
  | { field: 'appSecret'; problem: 'required' | 'bad_characters' }
  | { field: 'channelAlias'; problem: 'required' | 'bad_characters' }
  | { field: 'subscriptionLink'; problem: 'not_https' }
  | { field: 'template'; problem: TemplateProblem }
  | { field: 'contentLimit'; problem: 'out_of_range' };

const ALNUM = /^[A-Za-z0-9]+$/;

/** scheme://host[:port] of an absolute URL, lower-cased. */
const originOf = (url: string) => /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.exec(url)![0].toLowerCase(); // only called on URLs that passed the check above

/** True for a link of the shape the Pushed dashboard gives (https://pushed.co/s/abc1234). Others get a warning, not a refusal. */
export const looksLikePushedSubscriptionLink = (link: string): boolean => /^https:\/\/(www\.)?pushed\.co\/s\/[A-Za-z0-9]+\/?$/i.test(link.trim());

/**
 * Checks the settings form; `saved` supplies the secret when the form leaves it empty. An absolute
 * API URL must be on one of `allowedOrigins` (what the app's security policy lets it connect to).
 */
export function validateSettings(input: SettingsInput, saved: VenueSettings, allowedOrigins?: readonly string[]): Result<VenueSettings, SettingsProblem[]> {
  const problems: SettingsProblem[] = [];
  const venueName = input.venueName.trim();
  if (venueName === '') problems.push({ field: 'venueName', problem: 'required' });
  else if ([...venueName].length > 60) problems.push({ field: 'venueName', problem: 'too_long' });

  const apiBaseUrl = input.apiBaseUrl.trim().replace(/\/+$/, '');
  if (!/^(https?:\/\/[^\s/]+(\/\S*)?|\/\S*)$/i.test(apiBaseUrl) || (apiBaseUrl.includes('://') && !URL.canParse(apiBaseUrl))) {
    problems.push({ field: 'apiBaseUrl', problem: 'not_a_url' });
  } else if (allowedOrigins && apiBaseUrl.includes('://') && !allowedOrigins.includes(originOf(apiBaseUrl))) {
    problems.push({ field: 'apiBaseUrl', problem: 'not_allowed' });
  }

  const appKey = input.appKey.trim();
  if (appKey === '') problems.push({ field: 'appKey', problem: 'required' });
  else if (!ALNUM.test(appKey)) problems.push({ field: 'appKey', problem: 'bad_characters' });

  const appSecret = input.appSecret.trim() || saved.appSecret;
  if (appSecret === '') problems.push({ field: 'appSecret', problem: 'required' });
  else if (!ALNUM.test(appSecret)) problems.push({ field: 'appSecret', problem: 'bad_characters' });

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
  if (!(contentLimit >= 20 && contentLimit <= CONTENT_LIMIT_MAX)) problems.push({ field: 'contentLimit', problem: 'out_of_range' });

  if (problems.length > 0 || !template.ok) return err(problems);
  return ok({ venueName, apiBaseUrl, appKey, appSecret, channelAlias, subscriptionLink, template: template.value, contentLimit });
}
