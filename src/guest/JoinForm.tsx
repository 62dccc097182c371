import { useRef, useState } from 'preact/hooks';
import type { ApiRefusal, TicketStatus, VenueInfo } from './guest-api.ts';
import { checkGuestInput, classOf, NAME_MAX, normalisePhone, NOTE_MAX, type InputProblem } from './guest-input.ts';
import type { GuestPorts } from './ports.ts';
import { statusPage } from './pages.ts';
import { Problem } from './Problem.tsx';
import { joinRefusalText, Wait } from './CheckInPage.tsx';
import { say, type Language } from './words.ts';
import './check-in-words.ts';

/** Sizes offered as one tap; larger ones are typed after "More". */
const TAP_SIZES = 10;

interface Props {
  ports: GuestPorts;
  language: Language;
  code: string;
  info: VenueInfo;
  onJoined(token: string, status: TicketStatus, withPushed: boolean): void;
}

type Field = InputProblem['field'];

/** The check-in form: name, size (one tap), note, phone; refusals next to their field. */
export function JoinForm({ ports, language, code, info, onJoined }: Props) {
  const maxSize = info.joins.maxSize;
  const [name, setName] = useState('');
  // Two, as most parties are, unless the venue takes only smaller ones online.
  const [size, setSize] = useState(String(Math.min(2, info.joins.maxSize)));
  const [more, setMore] = useState(false);
  const [note, setNote] = useState('');
  const [phone, setPhone] = useState('');
  const [problems, setProblems] = useState<{ field: string; problem: string }[]>([]);
  const [refusal, setRefusal] = useState<ApiRefusal | null>(null);
  // Which button sent the form: 'pushed' joins, then goes on to Pushed.
  const [busy, setBusy] = useState<'' | 'join' | 'pushed'>('');
  const form = useRef<HTMLFormElement>(null);

  const sizeNumber = Number(size) || 0;
  const problemOf = (field: Field) => problems.find((p) => p.field === field);
  const message = (field: Field) => {
    const problem = problemOf(field);
    if (!problem) return null;
    const text =
      problem.problem === 'required'
        ? say(language, 'nameRequired')
        : problem.problem === 'too_long'
          ? say(language, 'tooLong', { max: field === 'name' ? NAME_MAX : NOTE_MAX })
          : field === 'phone'
            ? say(language, 'notAPhone')
            : say(language, 'sizeRange', { max: maxSize });
    return (
      <p class="field-problem" id={`${field}-problem`}>
        {text}
      </p>
    );
  };
  const invalid = (field: Field, describedBy = '') =>
    problemOf(field)
      ? { 'aria-invalid': true, 'aria-describedby': `${describedBy} ${field}-problem`.trim() }
      : describedBy
        ? { 'aria-describedby': describedBy }
        : {};

  const focusFirst = (found: { field: string }[]) => {
    const field = found[0]?.field;
    const selector = field === 'size' && !more ? '[name="size-tap"]:checked' : `[name="${field}"]`;
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>(selector)?.focus());
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    // Enter in a field sends the form as "Join the waitlist" (the first button) does.
    const withPushed = info.pushed && (event.submitter as HTMLButtonElement | null)?.value === 'pushed';
    setRefusal(null);
    const found = checkGuestInput({ name, size, note, phone }, maxSize);
    setProblems(found);
    if (found.length > 0) return focusFirst(found);
    setBusy(withPushed ? 'pushed' : 'join');
    void statusPage();
    const result = await ports.api.join(code, {
      name: name.trim(),
      size: sizeNumber,
      language,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(phone.trim() ? { phone: normalisePhone(phone) ?? phone } : {}),
    });
    setBusy('');
    if (result.ok) return onJoined(result.value.ticket, result.value.status, withPushed);
    if (result.refusal.code === 'invalid_fields' && result.refusal.problems?.length) {
      setProblems(result.refusal.problems);
      return focusFirst(result.refusal.problems);
    }
    setRefusal(result.refusal);
  };

  const pick = (value: string) => {
    setMore(value === 'more');
    setSize(value === 'more' ? String(Math.min(TAP_SIZES + 1, maxSize)) : value);
  };
  const taps = Array.from({ length: Math.min(TAP_SIZES, maxSize) }, (_, i) => String(i + 1));

  return (
    <form ref={form} class="join" noValidate onSubmit={(e) => void submit(e)}>
      {sizeNumber >= 1 && (
        <Wait language={language} minutes={info.wait.minutes[classOf(sizeNumber)] ?? null} size={sizeNumber} />
      )}
      <label for="name">{say(language, 'nameLabel')}</label>
      <input
        id="name"
        name="name"
        autocomplete="given-name"
        maxLength={NAME_MAX * 2}
        value={name}
        onInput={(e) => setName(e.currentTarget.value)}
        {...invalid('name')}
      />
      {message('name')}
      <fieldset class="sizes" {...invalid('size')}>
        <legend>{say(language, 'sizeLabel')}</legend>
        {taps.map((n) => (
          <label class="size" key={n}>
            <input type="radio" name="size-tap" value={n} checked={!more && size === n} onChange={() => pick(n)} />
            <span>{n}</span>
          </label>
        ))}
        {maxSize > TAP_SIZES && (
          <label class="size more">
            <input type="radio" name="size-tap" value="more" checked={more} onChange={() => pick('more')} />
            <span>{say(language, 'more')}</span>
          </label>
        )}
      </fieldset>
      {more && (
        <>
          <label for="size">{say(language, 'sizeNumber', { max: maxSize })}</label>
          <input
            id="size"
            name="size"
            type="number"
            inputMode="numeric"
            min={1}
            max={maxSize}
            value={size}
            onInput={(e) => setSize(e.currentTarget.value)}
            {...invalid('size')}
          />
        </>
      )}
      {message('size')}
      <label for="note">{say(language, 'noteLabel')}</label>
      <textarea
        id="note"
        name="note"
        rows={2}
        placeholder={say(language, 'notePlaceholder')}
        value={note}
        onInput={(e) => setNote(e.currentTarget.value)}
        {...invalid('note')}
      />
      {message('note')}
      <label for="phone">{say(language, 'phoneLabel')}</label>
      <p class="hint" id="phone-hint">
        {say(language, 'phoneHint')}
      </p>
      <input
        id="phone"
        name="phone"
        type="tel"
        autocomplete="tel"
        value={phone}
        onInput={(e) => setPhone(e.currentTarget.value)}
        {...invalid('phone', 'phone-hint')}
      />
      {message('phone')}
      <p class="kept">{say(language, 'kept', { days: info.keptDays })}</p>
      {refusal && <Problem language={language} refusal={refusal} text={joinRefusalText(language, refusal)} />}
      <button type="submit" class="button primary big" aria-disabled={!!busy}>
        {say(language, busy === 'join' ? 'joining' : 'join')}
      </button>
      {info.pushed && (
        <>
          <button type="submit" value="pushed" class="button" aria-disabled={!!busy} aria-describedby="pushed-hint">
            {say(language, busy === 'pushed' ? 'joining' : 'joinPushed')}
          </button>
          <p class="hint" id="pushed-hint">
            {say(language, 'pushedWhat')}
          </p>
        </>
      )}
    </form>
  );
}
