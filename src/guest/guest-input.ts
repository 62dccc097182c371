// The Add party form's limits (src/core/party-input.ts), mirrored rather than imported: importing the
// tablet's module would share its chunk, and that chunk's weight, with the guest's page.
export const NAME_MAX = 60;
export const NOTE_MAX = 200;
export const SIZE_MAX = 20;

/** The size class of a party, as the estimator's `classOf` (src/core/quote-model.ts): 1–2, 3–4, 5–6, 7+. */
export const classOf = (size: number): number => (size <= 2 ? 0 : size <= 4 ? 1 : size <= 6 ? 2 : 3);

/** One field the guest must fix, and why. */
export type InputProblem =
  | { field: 'name'; problem: 'required' | 'too_long' }
  | { field: 'size'; problem: 'out_of_range' }
  | { field: 'note'; problem: 'too_long' }
  | { field: 'phone'; problem: 'not_a_phone' };

/** What the check-in form holds, as typed. */
export interface GuestInput {
  name: string;
  size: string;
  note: string;
  phone: string;
}

// Counted as a person sees characters (code points), as the server counts them.
const length = (s: string) => [...s].length;

/** A phone as the server keeps it: `+` optional, then 7–15 digits; spaces, dashes, dots and brackets dropped. */
export function normalisePhone(raw: string): string | null {
  const text = raw.trim();
  if (text.length > 40 || !/^\+?[\d\s().-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  return (text.startsWith('+') ? '+' : '') + digits;
}

/** Checks the form as the server will, so most refusals show before sending; `maxSize` is the venue's limit. */
export function checkGuestInput(input: GuestInput, maxSize: number): InputProblem[] {
  const problems: InputProblem[] = [];
  const name = input.name.trim();
  if (name === '') problems.push({ field: 'name', problem: 'required' });
  else if (length(name) > NAME_MAX) problems.push({ field: 'name', problem: 'too_long' });
  const size = /^\d{1,2}$/.test(input.size.trim()) ? Number(input.size) : 0;
  if (size < 1 || size > Math.min(maxSize, SIZE_MAX)) problems.push({ field: 'size', problem: 'out_of_range' });
  if (length(input.note.trim()) > NOTE_MAX) problems.push({ field: 'note', problem: 'too_long' });
  if (input.phone.trim() !== '' && normalisePhone(input.phone) === null)
    problems.push({ field: 'phone', problem: 'not_a_phone' });
  return problems;
}
