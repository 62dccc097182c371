/** Milliseconds since the epoch; injected so that time in tests is whatever the test says. */
export interface Clock {
  now(): number;
}

/** Makes a new unique id (crypto.randomUUID in the app). */
export type NewId = () => string;
