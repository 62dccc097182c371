import * as v from 'valibot';
import { ERASURE_FIELDS, type ErasureField, type ErasureRecord } from '../core/erasure.ts';
import type { PartyStatus } from '../core/party.ts';
import { err } from '../core/result.ts';
import type { VenueResult } from '../core/venue.ts';
import { shaped, venueCaller, type VenueClientOptions } from './venue-client.ts';

/** A party the owner's search found on the venue server (its name, so two guests of one name can be told apart). */
export interface ErasureMatch {
  partyId: string;
  joinedAt: number;
  size: number;
  status: PartyStatus;
  name: string;
}

const STATUSES = ['waiting', 'notified', 'seated', 'no_show', 'removed'] as const satisfies readonly PartyStatus[];
const time = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const record = v.object({
  id: v.pipe(v.string(), v.maxLength(100)),
  at: time,
  field: v.picklist(ERASURE_FIELDS),
  parties: count,
  tablet: v.nullable(v.pipe(v.string(), v.maxLength(200))),
});
const previewSchema = v.object({
  matches: v.pipe(
    v.array(
      v.object({
        partyId: v.pipe(v.string(), v.maxLength(100)),
        joinedAt: time,
        size: count,
        status: v.picklist(STATUSES),
        name: v.pipe(v.string(), v.maxLength(200)),
      }),
    ),
    v.maxLength(50),
  ),
});
const erasedSchema = v.object({ erasure: record });
const listSchema = v.object({ erasures: v.array(record) });

const read =
  <S extends v.GenericSchema, T>(schema: S, pick: (output: v.InferOutput<S>) => T) =>
  (json: unknown): T | null => {
    const answer = v.safeParse(schema, json);
    return answer.success ? pick(answer.output) : null;
  };

/** The owner's erasures on the venue server (device token and staff PIN); every outcome a result, never a throw. */
export function createErasureClient(options: VenueClientOptions) {
  const call = venueCaller(options);
  const owner = async <T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    pick: (json: unknown) => T | null,
  ): Promise<VenueResult<T>> => {
    const answer = await call(method, path, body, true, [], true);
    return answer.ok ? shaped(pick(answer.value.json), answer.value.status) : err(answer.error);
  };
  return {
    /** The parties whose guest the search finds, newest first (at most 50). */
    previewErasure: (field: ErasureField, value: string): Promise<VenueResult<ErasureMatch[]>> =>
      owner(
        'POST',
        '/erasures/preview',
        { field, value },
        read(previewSchema, (a) => a.matches),
      ),
    /** Erases the confirmed parties that still match; `id` made once, so a retry answers the same record. */
    createErasure: (
      id: string,
      field: ErasureField,
      value: string,
      partyIds: readonly string[],
    ): Promise<VenueResult<ErasureRecord>> =>
      owner(
        'POST',
        '/erasures',
        { id, field, value, partyIds },
        read(erasedSchema, (a) => a.erasure),
      ),
    /** The venue's past erasures, newest first: never the value searched for. */
    listErasures: (): Promise<VenueResult<ErasureRecord[]>> =>
      owner(
        'GET',
        '/erasures',
        undefined,
        read(listSchema, (a) => a.erasures),
      ),
  };
}
