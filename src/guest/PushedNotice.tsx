import { useEffect, useState } from 'preact/hooks';
import type { ApiRefusal, PushedOutcome, PushedPermission } from './guest-api.ts';
import type { GuestPorts } from './ports.ts';
import { formatIn } from './format.ts';
import { refusalText } from './Problem.tsx';
import { say, type Language, type WordKey } from './words.ts';
import './status-words.ts';

const OUTCOME: Record<PushedOutcome, WordKey> = {
  allowed: 'pushedAllowed',
  declined: 'pushedDeclined',
  refused: 'pushedRefused',
  unavailable: 'pushedUnavailable',
};

interface Props {
  ports: GuestPorts;
  language: Language;
  token: string;
  venue: string;
  pushed: PushedPermission;
  /** How asking Pushed went, when the guest just came back from it. */
  outcome: PushedOutcome | null;
  /** Go on to Pushed at once (the guest joined with "notify me with Pushed"). */
  start: boolean;
  /** The ticket is no longer known. */
  gone(): void;
}

/** Why asking Pushed could not start, in words. */
function startRefusal(language: Language, refusal: ApiRefusal): string {
  if (refusal.code === 'pushed_not_set_up') return say(language, 'pushedNotSetUp');
  if (refusal.code === 'party_finished') return say(language, 'pushedFinished');
  if (refusal.status === 429)
    return say(language, 'pushedTooMany', { when: formatIn(language, refusal.retryAfter ?? 600) });
  return refusalText(language, refusal);
}

/** The guest's Pushed permission on their status page: how asking went, where it stands, and asking (again). */
export function PushedNotice({ ports, language, token, venue, pushed, outcome, start, gone }: Props) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiRefusal | null>(null);

  const ask = async () => {
    setBusy(true);
    setRefusal(null);
    const result = await ports.api.pushedStart(token);
    // Only a web address is followed: the page never runs what an answer says.
    if (result.ok && /^https?:\/\//i.test(result.value.url)) return ports.navigate(result.value.url);
    setBusy(false);
    if (!result.ok && (result.refusal.status === 404 || result.refusal.status === 410)) return gone();
    setRefusal(result.ok ? { status: 200, code: 'server_error' } : result.refusal);
  };

  useEffect(() => {
    if (start) void ask();
    // Back from Pushed's page without answering it: the button works again.
    return ports.onShownAgain(() => setBusy(false));
  }, []);

  // Not subscribed is still allowed: asking Pushed again would not subscribe them, the link above does.
  const allowed =
    pushed.state === 'allowed' ||
    pushed.state === 'not_subscribed' ||
    (outcome === 'allowed' && pushed.state === 'none');
  const line =
    pushed.state === 'lost'
      ? say(language, 'pushedLost')
      : pushed.state === 'not_subscribed'
        ? say(language, 'pushedNotSubscribed', { venue })
        : pushed.state === 'allowed' && outcome !== 'allowed'
          ? say(language, 'pushedAllowed')
          : '';
  // Pushed cannot say before a push whether they subscribed: an allowed guest is reminded, with the link.
  const remind = pushed.state === 'allowed' || (outcome === 'allowed' && pushed.state === 'none');
  if (!pushed.offered && !outcome && !line && !refusal) return null;
  return (
    <div class="pushed">
      {outcome && (
        <p class={outcome === 'allowed' ? 'notice ok' : 'notice warn'} role="status">
          {say(language, OUTCOME[outcome])}
        </p>
      )}
      {line && <p>{line}</p>}
      {remind && <p class="hint">{say(language, 'pushedAlsoSubscribe', { venue })}</p>}
      {(remind || pushed.state === 'not_subscribed') && <SubscribeLink language={language} pushed={pushed} />}
      {refusal && (
        <p class="problem" role="alert">
          {startRefusal(language, refusal)}
        </p>
      )}
      {pushed.offered && !allowed && (
        <>
          <button
            type="button"
            class="button"
            aria-disabled={busy}
            aria-describedby="pushed-what"
            onClick={() => !busy && void ask()}
          >
            {say(language, busy ? 'pushedOpening' : 'pushedNotify')}
          </button>
          <p class="hint" id="pushed-what">
            {say(language, 'pushedWhat')}
          </p>
        </>
      )}
    </div>
  );
}

/** The venue's Pushed subscription link, as a button to tap, when the venue gave one (a web address only). */
export function SubscribeLink({ language, pushed }: { language: Language; pushed: PushedPermission }) {
  if (!/^https?:\/\//i.test(pushed.subscribeLink ?? '')) return null;
  return (
    <a class="button" href={pushed.subscribeLink!} target="_blank" rel="noreferrer">
      {say(language, 'pushedSubscribe')}
    </a>
  );
}
