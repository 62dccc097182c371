import type { Clock } from '../core/ports.ts';

/** The device's clock. */
export const systemClock: Clock = { now: () => Date.now() };
