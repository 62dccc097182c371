import type { OwnerActionKind, VenueField, VenueFieldProblem } from '../../core/venue.ts';
import { when, FIELD_LABELS } from './en-venue.ts';

/** The venue section's words for the owner in English: the Pushed account, pairing codes, the venue's tablets. Only Settings read them, so they load with Settings. */
export const enVenueOwner = {
  account: {
    title: 'The venue’s Pushed account',
    why: 'Kept on the venue server for all the venue’s tablets: the app secret never comes back to a tablet.',
    fields: FIELD_LABELS,
    secretSaved: 'Saved on the venue server. Type a new one only to replace it.',
    secretMissing: 'Not set yet: no tablet of the venue can send until it is.',
    save: 'Save to the venue server',
    saving: 'Saving…',
    saved: 'Saved on the venue server.',
    fieldMessage(field: VenueField, problem: VenueFieldProblem): string {
      const label = FIELD_LABELS[field].replace(/^[A-Z](?!ushed)/, (c) => c.toLowerCase()); // "venue name", "Pushed app key"
      switch (problem) {
        case 'required':
          return `Enter the ${label}.`;
        case 'too_long':
          return `The ${label} is too long.`;
        case 'bad_characters':
          return `The ${label} has only letters and digits: check it in the Pushed dashboard.`;
        case 'not_https':
          return 'Enter the link as the Pushed dashboard shows it, starting with https://.';
      }
    },
  },

  pairing: {
    title: 'Pair another tablet',
    why: 'On the other tablet: Settings → Connect to the venue server, then scan this code or type it. Each code connects one tablet.',
    show: 'Show a pairing code',
    refresh: 'New code',
    validFor: (clock: string) => `Valid for ${clock}`,
    expired: 'This code has expired. Make a new one.',
    qrLabel: (code: string) => `QR code to connect another tablet, code ${code}`,
    codeCaption: 'Or type this code:',
  },

  tablets: {
    title: 'The venue’s tablets',
    none: 'No tablets yet.',
    thisTablet: 'This tablet',
    paired: (at: number) => `Connected ${when(at)}`,
    lastSeen: (at: number | null) => (at === null ? 'Not seen yet' : `Last seen ${when(at)}`),
    revokedAt: (at: number) => `Disconnected ${when(at)}`,
    /** Who paired a tablet: another tablet's name, or null for the command line. */
    pairedBy: (by: string | null) =>
      by === null ? 'Paired from the venue server’s command line' : `Paired by “${by}”`,
    revokedBy: (by: string | null) =>
      by === null ? 'Disconnected from the venue server’s command line' : `Disconnected by “${by}”`,
    lastAction: (action: OwnerActionKind, at: number) =>
      `Last owner action: ${
        {
          venue: 'changed the Pushed account',
          settings: 'changed the venue’s settings',
          pairing_code: 'made a pairing code',
          revoke: 'disconnected a tablet',
          pin: 'changed the staff PIN',
        }[action]
      }, ${when(at)}`,
    /** The tablets a disconnection takes with it, named. */
    along: (labels: string[]) =>
      `The tablets it paired go with it: ${labels.map((l) => `“${l}”`).join(', ')}. Keep any you trust connected:`,
    keepIt: (label: string) => `Keep “${label}” connected`,
    gone: (labels: string[]) => `Disconnected: ${labels.map((l) => `“${l}”`).join(', ')}.`,
    revoke: 'Disconnect…',
    confirm: (label: string, current: boolean) =>
      current
        ? `Disconnect “${label}”, this tablet? It stops sending messages until it is connected again with a new code. Its waitlist is kept.`
        : `Disconnect “${label}”? It stops sending messages until it is connected again with a new code. Its waitlist is kept.`,
    confirmYes: 'Disconnect',
    keep: 'Keep connected',
    refresh: 'Refresh',
  },
};
