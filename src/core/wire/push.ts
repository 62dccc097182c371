/** A Pushed (or venue server) answer to a push, as far as Waitbell reads it. */
export interface PushAnswer {
  /** A failure whatever the status; `type` and `message` '' when absent or not text. */
  error?: { type: string; message: string };
  /** Pushed took it; `shipment` '' when absent or not text. */
  response?: { data?: { shipment: string } };
}

// Read by hand, not by a valibot schema: this runs on the first screen, whose scripts have no room for valibot.
// Pushed's answers are not ours: every field more is passed over, never refused, and a field of another kind
// reads as absent (a `type` that is a number is no type), so an odd answer still classifies.
const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
const word = (value: unknown): string => (typeof value === 'string' ? value : '');

/** An answer's body read tolerantly; undefined when it is not JSON or not an object. */
export function readPushAnswer(body: string): PushAnswer | undefined {
  let json: Record<string, unknown> | undefined;
  try {
    json = record(JSON.parse(body));
  } catch {
    return undefined;
  }
  if (!json) return undefined;
  const error = record(json.error);
  const response = record(json.response);
  const data = record(response?.data);
  return {
    ...(error ? { error: { type: word(error.type), message: word(error.message) } } : {}),
    ...(response ? { response: data ? { data: { shipment: word(data.shipment) } } : {} } : {}),
  };
}
