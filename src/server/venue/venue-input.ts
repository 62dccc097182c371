import { pushedAccountProblem, VENUE_NAME_MAX_LENGTH } from '../../core/settings.ts';
import type { VenueInfo } from '../../core/venue.ts';

/** The venue fields an owner sets; `appSecret` absent or empty keeps the saved one. */
export type VenuePatch = Partial<Omit<VenueInfo, 'id' | 'hasAppSecret'> & { appSecret: string }>;

/** Why a venue field was refused: the kiosk's own rules and words (src/core/settings.ts). */
export type VenueProblem =
  | { field: 'name'; problem: 'required' | 'too_long' }
  | { field: 'appKey' | 'appSecret' | 'channelAlias'; problem: 'bad_characters' | 'too_long' }
  | { field: 'subscriptionLink'; problem: 'not_https' };

/**
 * A name as shown to people: control characters (a terminal's escape sequences, line breaks) and
 * the invisible marks that reverse text are taken out, spaces folded. Names reach the owner's
 * terminal and every tablet: nobody may write into them but the letters.
 */
export const plainText = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is taken out
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Checks an owner's changes to a venue; trims them. */
export function checkVenuePatch(
  patch: VenuePatch,
): { ok: true; value: VenuePatch } | { ok: false; problems: VenueProblem[] } {
  const problems: VenueProblem[] = [];
  const value: VenuePatch = {};
  if (patch.name !== undefined) {
    value.name = plainText(patch.name);
    if (value.name === '') problems.push({ field: 'name', problem: 'required' });
    else if ([...value.name].length > VENUE_NAME_MAX_LENGTH) problems.push({ field: 'name', problem: 'too_long' });
  }
  for (const field of ['appKey', 'appSecret', 'channelAlias'] as const) {
    if (patch[field] === undefined) continue;
    const text = patch[field].trim();
    const problem = pushedAccountProblem(text);
    if (problem) problems.push({ field, problem });
    value[field] = text;
  }
  if (patch.subscriptionLink !== undefined) {
    value.subscriptionLink = patch.subscriptionLink.trim();
    if (value.subscriptionLink !== '' && !/^https:\/\/\S{1,500}$/i.test(value.subscriptionLink))
      problems.push({ field: 'subscriptionLink', problem: 'not_https' });
  }
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

/** An owner's venue change was refused; `problems` names each field. */
export class VenueInputError extends Error {
  override readonly name = 'VenueInputError';
  constructor(readonly problems: VenueProblem[]) {
    super(`venue settings refused: ${problems.map((p) => `${p.field} ${p.problem}`).join(', ')}`);
  }
}
