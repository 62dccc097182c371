import * as v from 'valibot';
import type { ErasureField, ErasureMatch, ErasureRecord } from '../core/erasure.ts';
import { erasureAnswerSchema, erasureListSchema, erasurePreviewAnswerSchema } from '../core/wire/erasure.ts';
import { err } from '../core/result.ts';
import type { VenueResult } from '../core/venue.ts';
import { shaped, venueCaller, type VenueClientOptions } from './venue-client.ts';

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
        read(erasurePreviewAnswerSchema, (a) => a.matches),
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
        read(erasureAnswerSchema, (a) => a.erasure),
      ),
    /** The venue's past erasures, newest first: never the value searched for. */
    listErasures: (): Promise<VenueResult<ErasureRecord[]>> =>
      owner(
        'GET',
        '/erasures',
        undefined,
        read(erasureListSchema, (a) => a.erasures),
      ),
  };
}
