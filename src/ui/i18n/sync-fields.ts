/** The party's fields a refused change may name, as the server's schema says where (`party.note`, `changes.name`…). */
export const PARTY_FIELDS = ['name', 'note', 'size', 'quoteMinutes', 'pushedId', 'email'] as const;
export type PartyField = (typeof PARTY_FIELDS)[number];

/** Which of the party's fields a refusal names, or null when it names none a host knows. */
export function invalidIn(at: string): PartyField | null {
  const known: readonly string[] = PARTY_FIELDS;
  return (at.split('.').findLast((key) => known.includes(key)) as PartyField | undefined) ?? null;
}
