import type { ApiRefusal } from './guest-api.ts';
import { formatClock, formatIn } from './format.ts';
import { say, type Language, type WordKey } from './words.ts';

const BY_CODE: Record<string, WordKey> = {
  joins_paused: 'paused',
  joins_not_set_up: 'notSetUp',
  online_full: 'full',
  board_full: 'boardFull',
  wrong_origin: 'wrongOrigin',
  unreachable: 'unreachable',
  unknown_venue: 'unknownVenue',
};

/** A refusal from the guest API in plain words, read out as it appears. */
export function refusalText(language: Language, refusal: ApiRefusal): string {
  switch (refusal.code) {
    case 'joins_closed_now':
      return refusal.opensAt
        ? say(language, 'opensAt', { time: formatClock(language, refusal.opensAt) })
        : say(language, 'closedNow');
    case 'party_too_large':
      return say(language, 'tooLarge', { max: refusal.maxSize ?? '' });
    case 'too_many_joins':
    case 'too_many_requests':
    case 'too_many_streams':
      return refusal.retryAfter
        ? say(language, 'tooMany', { when: formatIn(language, refusal.retryAfter) })
        : say(language, 'tooManySoon');
    default:
      return say(language, BY_CODE[refusal.code] ?? 'serverError');
  }
}

/** The refusal's words in an alert. */
export function Problem({ language, refusal }: { language: Language; refusal: ApiRefusal }) {
  return (
    <p class="problem" role="alert">
      {refusalText(language, refusal)}
    </p>
  );
}
