import type { ErasureField } from '../../core/erasure.ts';
import type { RetentionField } from '../../core/retention.ts';
import type { PartyStatus } from '../../core/party.ts';

const day = (at: number) =>
  new Date(at).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const when = (at: number) =>
  `${day(at)}, ${new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
const guests = (n: number) => `${n} ${n === 1 ? 'guest' : 'guests'}`;

/** Settings → Guests' data in English: how long details are kept, erasing one guest, and past erasures. */
export const enGuestData = {
  sectionTitle: 'Guests’ data',
  sectionWhy: 'How long guests’ names and contacts are kept, and erasing one guest’s details when they ask.',
  open: 'Open guests’ data',
  unavailable: 'Guests’ data couldn’t open: connect this tablet to the internet once, then try again.',
  title: 'Guests’ data',
  retentionTitle: 'How long it is kept',
  retentionLabel: (f: RetentionField): string =>
    f === 'personalDataDays' ? 'Days to keep guests’ names and contacts' : 'Months to keep the anonymous history',
  retentionHint: (f: RetentionField): string =>
    f === 'personalDataDays'
      ? 'After a party leaves, its name, note, phone, email and PushedID are erased after this many days (1 to 365).'
      : 'Sizes, times and outcomes, without names, for the report and suggested quotes (1 to 36 months).',
  retentionProblem: (f: RetentionField): string =>
    f === 'personalDataDays'
      ? 'Enter a whole number of days from 1 to 365.'
      : 'Enter a whole number of months from 1 to 36.',
  retentionShared: 'Every tablet of the venue and the venue server use these numbers.',
  save: 'Save',
  saved: 'Saved.',
  eraseTitle: 'Erase a guest',
  eraseWhy:
    'Find a guest by one detail, check the parties found, then erase them. Sizes and times stay for the report.',
  fieldLegend: 'Find by',
  fieldName: (f: ErasureField): string => ({ name: 'Name', pushedId: 'PushedID', phone: 'Phone', email: 'Email' })[f],
  valueLabel: (f: ErasureField): string =>
    ({ name: 'Guest’s name', pushedId: 'Guest’s PushedID', phone: 'Guest’s phone', email: 'Guest’s email' })[f],
  find: 'Find',
  finding: 'Looking…',
  none: 'No guest found with that detail.',
  found: (n: number): string => (n === 1 ? '1 party found' : `${n} parties found`),
  status: (s: PartyStatus): string =>
    ({ waiting: 'waiting', notified: 'called', seated: 'seated', no_show: 'no-show', removed: 'removed' })[s],
  match: (size: number, joinedAt: number, status: string) =>
    `${size} ${size === 1 ? 'person' : 'people'} · ${when(joinedAt)} · ${status}`,
  erase: (n: number) => `Erase ${guests(n)}`,
  confirm: (n: number, everywhere: boolean) =>
    `Erase the details of ${guests(n)}? Their name, note, phone, email and PushedID are deleted ${everywhere ? 'on every tablet' : 'from this tablet'}. This can’t be undone.`,
  confirmYes: (n: number) => `Yes, erase ${guests(n)}`,
  cancel: 'Cancel',
  erasing: 'Erasing…',
  erased: (n: number) => `Erased ${guests(n)}.`,
  needsServer:
    'Erasing needs the venue server, so that every tablet erases the guest too: connect this tablet to the internet, then try again.',
  onTablet: 'This tablet is not connected to a venue server: guests are erased from this tablet only.',
  pastTitle: 'Past erasures',
  noneYet: 'No guest has been erased yet.',
  past: (at: number, field: ErasureField, parties: number, tablet: string | null) =>
    `${when(at)} · by ${{ name: 'name', pushedId: 'PushedID', phone: 'phone', email: 'email' }[field]} · ${parties === 1 ? '1 party' : `${parties} parties`} · ${tablet ?? 'this tablet'}`,
  storage: 'This tablet couldn’t read or write its data. Try again; if it keeps happening, restart the tablet.',
  tryAgain: 'Try again',
};
