import type { DBSchema } from 'idb';
import type { Party } from '../core/party.ts';

export const DB_NAME = 'waitbell';
/** Bump with a new `if (oldVersion < N)` step in open-db.ts; never edit an old step. */
export const DB_VERSION = 2;

/** The whole database, at its current version. */
export interface WaitbellSchema extends DBSchema {
  parties: {
    key: string;
    value: Party;
    indexes: {
      /** [status, joinedAt]: the board reads active parties in order without touching history. */
      'by-status-joined': [string, number];
      /** finishedAt: history in the order parties left; unset (null) for parties on the board. (v2) */
      'by-finished': number;
    };
  };
}
