import type { SharedDocField } from '../../core/shared-settings.ts';

/** The venue's shared settings, as a host reads them. */
const FIELDS: Record<SharedDocField, string> = {
  venueName: 'venue name',
  channelAlias: 'channel alias',
  subscriptionLink: 'subscription link',
  template: 'Table ready message',
  contentLimit: 'message limit',
  lateAfterMinutes: 'minutes before a called party is late',
  autoNoShow: 'automatic no-show',
  onListMessage: 'On the list switch',
  onListTemplate: 'On the list message',
  gettingClosePosition: 'Getting close place in line',
  gettingCloseTemplate: 'Getting close message',
  defaultQuotes: 'usual quotes',
  onlineJoins: 'online check-in',
  retention: 'how long guests’ data is kept',
  pinHash: 'staff PIN',
};

const list = (names: string[]) =>
  names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;

/** The venue's settings shared by its tablets, in English. */
export const enShared = {
  /** Another tablet had changed some of the same settings; this tablet's saved values stood. */
  conflict: (fields: SharedDocField[]) =>
    `Another tablet had also changed the ${list(fields.map((f) => FIELDS[f]))}. What was saved on this tablet now holds on every tablet; the other settings are as the venue has them.`,
  conflictDismiss: 'Got it',
  /** Settings changed here that the venue server refused: they went up after Settings closed, without the staff PIN. */
  settingsRefused: (fields: SharedDocField[]) =>
    `The changes to the ${list(fields.map((f) => FIELDS[f]))} did not reach the venue server, which needs the staff PIN to change them: this tablet has the venue’s settings again. Open Settings and make them again while this tablet is online.`,
  /** A PIN changed here that the venue server refused (the current PIN did not go with it). */
  pinRefused:
    'The new staff PIN did not reach the venue server, which needs the current PIN to change it: this tablet uses the venue’s PIN again. Set the new PIN again while this tablet is online.',
};
