import { GETTING_CLOSE_POSITION_MAX, type MessageKind } from '../../core/guest-message.ts';
import {
  WORST_CASE_NAME_LENGTH,
  WORST_CASE_POSITION,
  WORST_CASE_QUOTE,
  WORST_CASE_SIZE,
} from '../../core/message-template.ts';

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });

/** The words of guest messages in English: their kinds on the row and in the details, and their settings. */
export const enMessages = {
  /** What the host calls each kind of message. */
  kind: { on_list: 'On the list', getting_close: 'Almost ready', table_ready: 'Table ready' } satisfies Record<
    MessageKind,
    string
  >,
  /** The row's line: the kind named, then where it is. */
  line: (kind: string, state: string) => `${kind} · ${state}`,
  /** A round after the first: "Almost ready, 2nd". */
  round: (n: number) => `${n}${n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'} time`,
  /** What stands instead of "tap Retry" for the messages Retry does not resend (the row's Retry is Table ready's). */
  notSubscribed: 'Not sent: Guest isn’t subscribed to your channel yet. Ask them to scan the join code.',
  userNotSubscribed:
    'Not sent: Guest isn’t subscribed to your channel yet, though they allowed Pushed. Ask them to scan the Pushed code on the join screen.',
  pushedLostNoContact: 'Pushed permission lost: call the guest.',
  tooLate: 'Not sent: the tablet was offline too long for it to be worth sending.',
  almostReady: 'Almost ready',
  almostReadyHint: 'Tells the guest to stay close: their table is nearly ready.',
  listTitle: 'Messages to the guest',
  queuedAt: (at: number) => time(at),
  none: 'No message yet.',
  settingsTitle: 'Messages to guests',
  /** Labels of the settings fields (also named in "Not saved. Check: …"). */
  fields: {
    onListTemplate: 'Message when a party is added',
    gettingCloseTemplate: 'Message when a party is getting close',
    gettingClosePosition: 'Send “getting close” at place',
  },
  onListMessage: 'Tell guests their place and quote when they are added',
  onListHint: 'Sent to a party added with a PushedID or email. With no quote, the part with {quote} is left out.',
  gettingCloseHint:
    'Sent once, by itself, when a party moves up to this place. A party that joined this close already knows its place and is not told twice. Staff can send it again with Almost ready.',
  positionOff: 'Off',
  positionOption: (n: number) => (n === 1 ? '1 (next)' : String(n)),
  positionRefused: `Off, or a place from 1 to ${GETTING_CLOSE_POSITION_MAX}.`,
  unknownPlaceholder: (placeholder: string) =>
    `${placeholder} isn’t something Waitbell can fill in. Use {name}, {venue}, {size}, {position} or {quote}.`,
  worstCase: `a ${WORST_CASE_NAME_LENGTH}-character name, a party of ${WORST_CASE_SIZE}, place ${WORST_CASE_POSITION} and a ${WORST_CASE_QUOTE}-minute quote`,
};
