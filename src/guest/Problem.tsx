import type { ApiRefusal } from './guest-api.ts';
import { formatIn } from './format.ts';
import { say, type Language } from './words.ts';

/** A refusal any guest request may get, in plain words (the join's own are the check-in page's: `joinRefusalText`). */
export function refusalText(language: Language, refusal: ApiRefusal): string {
  switch (refusal.code) {
    case 'too_many_joins':
    case 'too_many_requests':
    case 'too_many_streams':
      return refusal.retryAfter
        ? say(language, 'tooMany', { when: formatIn(language, refusal.retryAfter) })
        : say(language, 'tooManySoon');
    case 'wrong_origin':
      return say(language, 'wrongOrigin');
    case 'unreachable':
      return say(language, 'unreachable');
    default:
      return say(language, 'serverError');
  }
}

/** The refusal's words (or `text`, a page's own words for it) in an alert. */
export function Problem({ language, refusal, text }: { language: Language; refusal: ApiRefusal; text?: string }) {
  return (
    <p class="problem" role="alert">
      {text ?? refusalText(language, refusal)}
    </p>
  );
}
