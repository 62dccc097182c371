import * as v from 'valibot';
import type { PairingOffer, Paired, RemoteShared, VenueDevice, VenueInfo } from '../core/venue.ts';
import {
  deviceAnswerSchema,
  devicesAnswerSchema,
  errorAnswerSchema,
  pairAnswerSchema,
  pairingOfferSchema,
  sharedAnswerSchema,
  venueAnswerSchema,
} from '../core/wire/venue.ts';

// The venue client's readers of the venue server's answers (loaded with its first call): null when one is not as the contract says.
const read =
  <S extends v.GenericSchema, T>(schema: S, pick: (output: v.InferOutput<S>) => T) =>
  (json: unknown): T | null => {
    const answer = v.safeParse(schema, json);
    return answer.success ? pick(answer.output) : null;
  };

export const venue = read(venueAnswerSchema, (a): VenueInfo => a.venue);
export const paired = read(pairAnswerSchema, (a): Paired => a);
export const devices = read(devicesAnswerSchema, (a): VenueDevice[] => a.devices);
export const revoked = read(deviceAnswerSchema, (a): VenueDevice[] => a.revoked ?? [a.device]);
export const pairingOffer = read(pairingOfferSchema, (a): PairingOffer => a);
export const shared = read(sharedAnswerSchema, (a): RemoteShared => a);

/** An error answer's type ('' when none) and refused fields; anything unreadable is an error without a type. */
export const errorOf = (json: unknown) => {
  const answer = v.safeParse(errorAnswerSchema, json);
  return answer.success ? answer.output.error : { type: '', fields: undefined };
};
