import { characterCount } from '../core/message-template.ts';
import type { PushTarget } from '../core/push-target.ts';
import { err, ok, type Result } from '../core/result.ts';

/** The app's credentials, sent with every push (direct mode) or added by the relay. */
export interface AppCredentials {
  appKey: string;
  appSecret: string;
}

/** Extras of one push. */
export interface PushOptions {
  /** Characters allowed in `content` (default 140); longer content is refused, never cut. */
  limit: number;
  /** A link the notification opens when tapped (`content_type=url`). */
  url?: string;
  /** The form field for the email target; undocumented by Pushed, so a setting. */
  emailField?: string;
  /**
   * The party a message is for, sent to the venue server only (`party_id`): it adds what only it holds, the
   * guest's access token for a `user` target and the link to their status page. Never sent to Pushed.
   */
  partyId?: string;
}

/** Why a push was not even sent. */
export type RequestProblem =
  | { kind: 'missing'; field: 'app_key' | 'app_secret' | 'target_alias' | 'pushed_id' | 'access_token' | 'email' }
  | { kind: 'empty_content' }
  | { kind: 'too_long'; length: number; limit: number }
  | { kind: 'bad_url' };

/** Builds the form body of `POST /push` for any of the five target types, or says what is missing. */
export function buildPushBody(
  credentials: AppCredentials,
  target: PushTarget,
  content: string,
  options: PushOptions,
): Result<URLSearchParams, RequestProblem> {
  if (!credentials.appKey.trim()) return err({ kind: 'missing', field: 'app_key' });
  if (!credentials.appSecret.trim()) return err({ kind: 'missing', field: 'app_secret' });
  const { partyId: _venueServerOnly, ...pushedOptions } = options;
  const message = buildMessageBody(target, content, pushedOptions);
  if (!message.ok) return message;
  return ok(
    new URLSearchParams([['app_key', credentials.appKey], ['app_secret', credentials.appSecret], ...message.value]),
  );
}

/** The body without the app credentials: what a kiosk sends to the relay, which adds them. */
export function buildMessageBody(
  target: PushTarget,
  content: string,
  options: PushOptions,
): Result<URLSearchParams, RequestProblem> {
  if (content.trim() === '') return err({ kind: 'empty_content' });
  const length = characterCount(content);
  if (length > options.limit) return err({ kind: 'too_long', length, limit: options.limit });

  const body = new URLSearchParams({ target_type: target.type, content });
  if (target.type !== 'app') {
    if (!target.alias.trim()) return err({ kind: 'missing', field: 'target_alias' });
    body.set('target_alias', target.alias);
  }
  if (target.type === 'pushed_id') {
    if (!target.pushedId.trim()) return err({ kind: 'missing', field: 'pushed_id' });
    body.set('pushed_id', target.pushedId);
  } else if (target.type === 'user') {
    // Through the venue server, the party names whose token to use; anywhere else the token itself is needed.
    if (target.accessToken.trim()) body.set('access_token', target.accessToken);
    else if (options.partyId === undefined) return err({ kind: 'missing', field: 'access_token' });
  } else if (target.type === 'email') {
    if (!target.email.trim()) return err({ kind: 'missing', field: 'email' });
    body.set(options.emailField ?? 'email', target.email);
  }
  if (options.url !== undefined) {
    if (!/^https?:\/\/\S+$/i.test(options.url) || !URL.canParse(options.url)) return err({ kind: 'bad_url' });
    body.set('content_type', 'url');
    body.set('content_extra', options.url);
  }
  if (options.partyId !== undefined) body.set('party_id', options.partyId);
  return ok(body);
}
