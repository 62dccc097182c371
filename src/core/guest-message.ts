/** What a guest can be told about their party: that they are on the list, that they are getting close, that their table is ready. */
export type MessageKind = 'on_list' | 'getting_close' | 'table_ready';

/** Every kind, in the order a guest hears them. */
export const MESSAGE_KINDS = ['on_list', 'getting_close', 'table_ready'] as const satisfies readonly MessageKind[];

/**
 * The idempotency key of one send: derived from the party, the kind and the round (never random), so
 * that two tabs — or two tablets — sending the same message make the same key and the relay sends it
 * once. Letters, digits, `_` and `-` only, as the relay's key pattern asks (a party id is a UUID).
 */
export const messageKey = (partyId: string, kind: MessageKind, round: number): string => `${partyId}_${kind}_${round}`;
