import type { SizeBucket } from '../../core/board-filter.ts';
import type { Lateness } from '../../core/board.ts';
import type { Party } from '../../core/party.ts';

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });

/** The rush board's words in English: positions, filters, calls, details, Seated & gone. */
export const enBoard = {
  sizeFilter: 'Party size',
  bucket: (bucket: SizeBucket) => `${bucket.replace('-', '–')}`,
  /** Heard, not seen, on a size chip: "1–2 guests: 3 parties". */
  bucketGuests: ' guests:',
  bucketParties: (n: number): string => (n === 1 ? ' party' : ' parties'),
  search: 'Find a name or note',
  searchPlaceholder: 'Search',
  clearSearch: 'Clear the search',
  finishedButton: (n: number) => `Seated & gone (${n})`,
  noMatch: 'No party on the list matches.',
  showEveryone: 'Show everyone',
  position: (n: number) => `Number ${n} in line`,
  positionLabel: 'Place in line',
  positionOf: (n: number, of: number) => `${n} of ${of}`,
  more: (name: string) => `More for ${name}`,
  closeDetails: 'Close',
  overrun: (minutes: number, level: Lateness) =>
    level === 'far_over' ? `+${minutes} min, far over quote` : `+${minutes} min over quote`,
  overrunWords: (level: Lateness): string => (level === 'far_over' ? 'far over quote' : 'over quote'),
  called: (minutes: number) => (minutes === 0 ? 'Called just now' : `Called ${minutes} min ago`),
  late: (minutes: number) => `Late · ${minutes} min`,
  calls: (n: number) => `${n} calls`,
  waitedLabel: 'Waited',
  contactLabel: 'Notified by',
  pushedId: (id: string) => `PushedID ${id.slice(0, 1)}…${id.slice(-1)}`,
  noContact: 'No PushedID or email: call the guest by name',
  /** The row's mark for a guest who allowed the venue's Pushed app on their phone, and for one whose permission was lost. */
  pushedMark: 'Pushed',
  pushedLostMark: 'Pushed lost',
  pushedAllowed: 'Pushed: allowed on the guest’s phone',
  pushedLost:
    'Pushed permission lost: the venue changed its Pushed app; ask the guest to tap ‘Notify me with Pushed’ again on their page',
  callAgain: 'Call again',
  edit: 'Edit',
  editTitle: (name: string) => `Edit ${name}`,
  saveChanges: 'Save changes',
  moveUp: 'Move up',
  moveDown: 'Move down',
  minutes: (m: number) => `${m} min`,
  finishedTitle: 'Seated & gone today',
  noneFinished: 'Nobody has been seated or left yet today.',
  finishedHow: (p: Party) => {
    const at = p.finishedAt === null ? '' : ` ${time(p.finishedAt)}`;
    if (p.status === 'seated') return `Seated${at}`;
    if (p.status === 'no_show')
      return p.finishReason === 'late' ? `No-show${at}, late after the call (marked by itself)` : `No-show${at}`;
    if (p.finishReason === 'erased') return `Taken off the list${at}: the owner erased the guest’s details`;
    return p.finishReason === 'guest_cancelled' ? `Cancelled by the guest${at}` : `Removed${at}`;
  },
  /** The row of a party whose guest's details were erased: no name is left to show. */
  erasedGuest: 'Erased guest',
  erasedNotSent: 'Message not sent: the guest’s details were erased.',
  recall: 'Recall',
  joinedOnline: 'Joined online',
  onTheWay: 'On the way',
  call: 'Call',
  callWho: (name: string, phone: string) => `Call ${name}, ${phone}`,
  phoneLabel: 'Phone',
};
