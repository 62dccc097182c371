import type { FieldProblem } from '../core/party-input.ts';
import { NAME_MAX_LENGTH, NOTE_MAX_LENGTH, PARTY_SIZE_MAX, PARTY_SIZE_MIN, QUOTE_MAX_MINUTES } from '../core/party-input.ts';
import { PUSHED_ID_MAX_LENGTH, PUSHED_ID_MIN_LENGTH } from '../core/pushed-id.ts';
import type { PartyAction } from '../core/lifecycle.ts';
import type { Problem } from '../state/board-model.ts';

// Every word the host reads, in one place, so a second language is one more object like this.
export const en = {
  appName: 'Waitbell',
  addParty: 'Add party',
  addToWaitlist: 'Add to waitlist',
  cancel: 'Cancel',
  seated: 'Seated',
  noShow: 'No-show',
  remove: 'Remove',
  undo: 'Undo',
  dismiss: 'Dismiss',
  reload: 'Reload',
  separateWaitlist: (name: string) => `Separate waitlist: ${name}`,
  loading: 'Opening the waitlist…',
  emptyBoard: 'Nobody is waiting. Tap “Add party” when guests arrive.',
  totals: (parties: number, covers: number) =>
    `${parties} ${parties === 1 ? 'party' : 'parties'} waiting · ${covers} ${covers === 1 ? 'guest' : 'guests'}`,
  people: (n: number) => `${n} ${n === 1 ? 'guest' : 'guests'}`,
  waited: (waited: number, quote: number | null) => (quote === null ? `${waited} min` : `${waited} of ${quote} min`),
  overdue: 'Over quote',
  hasPushedId: 'PushedID',
  fields: {
    name: 'Name',
    size: 'Party size',
    fewer: 'Fewer guests',
    more: 'More guests',
    quote: 'Quoted wait (minutes)',
    note: 'Note',
    notePlaceholder: 'High chair, booth, window…',
    pushedId: 'PushedID',
    pushedIdHint: 'Optional. From the guest’s Pushed app: Account → PushedID.',
  },
  undoDone: (name: string, action: PartyAction) =>
    `${name} ${action === 'seat' ? 'seated' : action === 'no_show' ? 'marked as a no-show' : action === 'remove' ? 'removed' : 'notified'}.`,
};

/** The inline message under a refused field. */
export function fieldMessage(p: FieldProblem): string {
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
  }
}

/** Why a text is not a PushedID, for the host. */
export function pushedIdMessage(problem: Extract<FieldProblem, { field: 'pushedId' }>['problem']): string {
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
export function problemMessage(p: Problem): string {
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
