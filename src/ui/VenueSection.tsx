import { useEffect, useState } from 'preact/hooks';
import { parsePairingInput } from '../core/pairing-code.ts';
import { pairedFrom, type PairingOffer, type VenueDevice, type VenueField, type VenueInfo } from '../core/venue.ts';
import type { LoadScanner } from '../state/scanner-port.ts';
import type { PublicSettings } from '../state/settings-model.ts';
import type { PairProblem, VenueModel } from '../state/venue-model.ts';
import { describedBy, Field } from './Field.tsx';
import { ScanPanel } from './ScanPanel.tsx';
import { t } from './strings.ts';
import { settingsWords } from './settings-words.ts';

/** A tablet sending through its venue server with a token of its own (not the demo's): the owner's venue tools apply. */
export const isPaired = (s: PublicSettings) => s.route === 'relay' && s.hasDeviceToken && !s.demo;

interface Props {
  venue: VenueModel;
  saved: PublicSettings;
  loadScanner?: LoadScanner | undefined;
  /** A code from the address the app was opened at (/pair?code=…): the connect step opens with it. */
  pairCode?: string | null | undefined;
  /** The tablet's own settings changed (paired, or the venue's details mirrored): the form re-reads them. */
  onSettingsChanged(): void;
}

/** Settings → Venue server: connect this tablet with a pairing code; once connected, the venue's account, codes and tablets. */
export function VenueSection({ venue, saved, loadScanner, pairCode, onSettingsChanged }: Props) {
  const paired = isPaired(saved);
  const revoked = venue.revoked.value;
  const [connecting, setConnecting] = useState(!!pairCode || revoked || venue.unpaired.value);
  const [justPaired, setJustPaired] = useState<string | null>(null);
  useEffect(() => {
    if (paired && !revoked) void venue.load();
  }, [venue, paired, revoked]);
  const s = t().venue;
  return (
    <section class="kiosk-section venue-section" aria-labelledby="venue-title">
      <h3 id="venue-title">{s.title}</h3>
      {justPaired && (
        <p class="venue-ok" role="status">
          {justPaired}
        </p>
      )}
      {connecting || revoked ? (
        <ConnectStep
          venue={venue}
          loadScanner={loadScanner}
          initialCode={pairCode ?? ''}
          onCancel={revoked ? null : () => setConnecting(false)}
          onPaired={(message) => {
            setJustPaired(message);
            setConnecting(false);
            onSettingsChanged();
          }}
        />
      ) : (
        <>
          {!justPaired && <p>{paired ? s.connectedAs(saved.venueName) : s.notConnected}</p>}
          <div class="sheet-actions start">
            <button type="button" class={paired ? 'button' : 'button primary'} onClick={() => setConnecting(true)}>
              {paired ? s.connectOther : s.connectTitle}
            </button>
          </div>
        </>
      )}
      {paired && !revoked && <PairedTools venue={venue} onSettingsChanged={onSettingsChanged} />}
    </section>
  );
}

function ConnectStep({
  venue,
  loadScanner,
  initialCode,
  onCancel,
  onPaired,
}: {
  venue: VenueModel;
  loadScanner?: LoadScanner | undefined;
  initialCode: string;
  onCancel: (() => void) | null;
  onPaired(message: string): void;
}) {
  const s = t().venue;
  const [code, setCode] = useState(initialCode);
  /** The server a scanned link named; null for a typed code (the kiosk's own). */
  const [origin, setOrigin] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [scanning, setScanning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<PairProblem | null>(null);
  useEffect(() => {
    // It opens when asked for (the button, a code in the address, a disconnected tablet): the owner looks here next.
    const first = document.getElementById(initialCode ? 'venue-label' : 'venue-code');
    first?.focus(); // with the code there: name the tablet, then Connect
    first?.scrollIntoView({ block: 'center' });
  }, [initialCode]);

  async function connect(e?: Event) {
    e?.preventDefault();
    setBusy(true);
    setProblem(null);
    const text = origin && code.trim() ? `${origin}/pair?code=${encodeURIComponent(code.trim())}` : code;
    const outcome = await venue.pair(text, label);
    setBusy(false);
    if (outcome.ok) return onPaired(s.connectedNow(outcome.venueName, outcome.label));
    setProblem(outcome.problem);
    document.getElementById('venue-code')?.focus();
  }

  const message = problem ? s.pairMessage(problem) : undefined;
  return (
    <form class="venue-connect" noValidate onSubmit={(e) => void connect(e)} aria-labelledby="venue-connect-title">
      <h4 id="venue-connect-title">{s.connectTitle}</h4>
      <p>{s.connectWhy}</p>
      {scanning && loadScanner ? (
        <ScanPanel
          loadScanner={loadScanner}
          title={s.scanTitle}
          pointAt={s.pointAtCode}
          accept={(text) => {
            const parsed = parsePairingInput(text);
            if (!parsed.ok) return s.pairMessage(parsed.error);
            setCode(parsed.value.code);
            setOrigin(parsed.value.origin);
            setScanning(false);
            setProblem(null);
            return null;
          }}
          onClose={() => setScanning(false)}
        />
      ) : (
        loadScanner && (
          <div class="sheet-actions start">
            <button type="button" class="button" onClick={() => setScanning(true)}>
              {s.scan}
            </button>
          </div>
        )
      )}
      <div class="venue-connect-fields">
        <Field id="venue-code" label={s.codeLabel} error={message} hint={s.codeHint}>
          <input
            id="venue-code"
            type="text"
            class="venue-code-input"
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            value={code}
            aria-invalid={!!message}
            aria-describedby={describedBy('venue-code', message, true)}
            onInput={(e) => {
              setCode(e.currentTarget.value);
              if (e.currentTarget.value.trim() === '') setOrigin(null);
            }}
          />
        </Field>
        <Field id="venue-label" label={s.tabletLabel} hint={s.tabletHint}>
          <input
            id="venue-label"
            type="text"
            autoComplete="off"
            maxLength={60}
            value={label}
            aria-describedby="venue-label-hint"
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
        </Field>
      </div>
      <div class="sheet-actions start">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? s.connecting : s.connect}
        </button>
        {onCancel && (
          <button type="button" class="button" onClick={onCancel}>
            {s.cancel}
          </button>
        )}
      </div>
    </form>
  );
}

/** What a paired tablet's owner does with the venue server: its Pushed account, pairing another tablet, its tablets. */
function PairedTools({ venue, onSettingsChanged }: { venue: VenueModel; onSettingsChanged(): void }) {
  const s = t().venue;
  const info = venue.venue.value;
  const problem = venue.loadProblem.value;
  return (
    <>
      {problem && (
        <div class="problem" role="alert">
          <p>{s.pairMessage(problem)}</p>
          <button type="button" class="button" onClick={() => void venue.load()}>
            {s.tryAgain}
          </button>
        </div>
      )}
      {!info && !problem && <p role="status">{s.loading}</p>}
      {info && <AccountForm key={info.id} venue={venue} info={info} onSaved={onSettingsChanged} />}
      {info && <PairAnother venue={venue} />}
      {info && <TabletList venue={venue} />}
    </>
  );
}

type AccountValues = Record<VenueField, string>;

function AccountForm({ venue, info, onSaved }: { venue: VenueModel; info: VenueInfo; onSaved(): void }) {
  const s = settingsWords().account;
  const [values, setValues] = useState<AccountValues>({
    name: info.name,
    appKey: info.appKey,
    appSecret: '',
    channelAlias: info.channelAlias,
    subscriptionLink: info.subscriptionLink,
  });
  const [errors, setErrors] = useState<Partial<Record<VenueField, string>>>({});
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [problem, setProblem] = useState<string | null>(null);

  async function save(e: Event) {
    e.preventDefault();
    setStatus('saving');
    setProblem(null);
    const result = await venue.saveVenue(values);
    if (result.ok) {
      setValues((v) => ({ ...v, appSecret: '' })); // the secret is on the server now: never kept on screen
      setErrors({});
      setStatus('saved');
      return onSaved();
    }
    setStatus('idle');
    const fields = result.error.kind === 'invalid_fields' ? result.error.fields : [];
    setErrors(Object.fromEntries(fields.map((f) => [f.field, s.fieldMessage(f.field, f.problem)])));
    setProblem(t().venue.pairMessage(result.error));
    document.getElementById(fields[0] ? `venue-${fields[0].field}` : 'venue-account-problem')?.focus();
  }

  const field = (name: VenueField, type: 'text' | 'url' = 'text') => {
    const secret = name === 'appSecret';
    const hint = secret ? (info.hasAppSecret ? s.secretSaved : s.secretMissing) : undefined;
    const attrs: Record<string, unknown> = {
      id: `venue-${name}`,
      autoComplete: secret ? 'new-password' : 'off',
      spellcheck: false,
      placeholder: secret && info.hasAppSecret ? '••••••••••••' : '',
      value: values[name],
      'aria-invalid': !!errors[name],
      'aria-describedby': describedBy(`venue-${name}`, errors[name], !!hint),
      onInput: (e: Event) => {
        const value = (e.currentTarget as HTMLInputElement).value; // the input the handler is on
        setValues((v) => ({ ...v, [name]: value }));
        setErrors((x) => ({ ...x, [name]: undefined }));
        setStatus('idle');
      },
    };
    return (
      <Field id={`venue-${name}`} label={s.fields[name]} error={errors[name]} hint={hint}>
        {secret ? (
          <input type="password" {...attrs} />
        ) : type === 'url' ? (
          <input type="url" {...attrs} />
        ) : (
          <input type="text" {...attrs} />
        )}
      </Field>
    );
  };

  return (
    <form class="venue-account" noValidate onSubmit={(e) => void save(e)} aria-labelledby="venue-account-title">
      <h4 id="venue-account-title">{s.title}</h4>
      <p>{s.why}</p>
      {problem && (
        <div id="venue-account-problem" class="problem" role="alert" tabIndex={-1}>
          <p>{problem}</p>
        </div>
      )}
      <div class="venue-fields">
        {field('name')}
        {field('appKey')}
        {field('appSecret')}
        {field('channelAlias')}
        {field('subscriptionLink', 'url')}
      </div>
      <div class="sheet-actions start">
        <button type="submit" class="button primary" disabled={status === 'saving'}>
          {status === 'saving' ? s.saving : s.save}
        </button>
        {status === 'saved' && (
          <p class="venue-ok" role="status">
            {s.saved}
          </p>
        )}
      </div>
    </form>
  );
}

/** m:ss of the time left. */
const clock = (ms: number) => {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

function PairAnother({ venue }: { venue: VenueModel }) {
  const s = settingsWords().pairing;
  const [offer, setOffer] = useState<PairingOffer | null>(null);
  const [svg, setSvg] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!offer) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [offer]);

  async function make() {
    setBusy(true);
    setProblem(null);
    const result = await venue.newPairingCode();
    setBusy(false);
    if (!result.ok) return setProblem(t().venue.pairMessage(result.error));
    setNow(Date.now());
    setOffer(result.value);
    setSvg(null);
    // The QR library is a chunk of its own, as for the join code.
    const drawn = await import('./join-code.ts').then((m) => m.drawJoinCode(result.value.url));
    setSvg(drawn.svg);
  }

  const expired = offer !== null && offer.expiresAt <= now;
  return (
    <div class="venue-pairing" role="group" aria-labelledby="venue-pairing-title">
      <h4 id="venue-pairing-title">{s.title}</h4>
      <p>{s.why}</p>
      {problem && (
        <p class="problem-text" role="alert">
          {problem}
        </p>
      )}
      {offer && (
        <div class={expired ? 'pairing-offer expired' : 'pairing-offer'}>
          {svg && !expired && (
            <div
              class="pairing-qr"
              role="img"
              aria-label={s.qrLabel(offer.code)}
              // Drawn by the qrcode library from the server's pairing link, not from user markup.
              dangerouslySetInnerHTML={{ __html: svg }}
            />
          )}
          <div class="pairing-text">
            <p class="pairing-caption">{s.codeCaption}</p>
            <p class="pairing-code">{offer.code}</p>
            <p class={expired ? 'problem-text' : 'pairing-countdown'} role="timer" aria-live="off">
              {expired ? s.expired : s.validFor(clock(offer.expiresAt - now))}
            </p>
          </div>
        </div>
      )}
      <div class="sheet-actions start">
        <button
          type="button"
          class={offer && !expired ? 'button' : 'button primary'}
          disabled={busy}
          onClick={() => void make()}
        >
          {offer ? s.refresh : s.show}
        </button>
      </div>
    </div>
  );
}

function TabletList({ venue }: { venue: VenueModel }) {
  const s = settingsWords().tablets;
  const devices = venue.devices.value ?? [];
  const [confirming, setConfirming] = useState<string | null>(null);
  const [kept, setKept] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const labelOf = (id: string | null) => (id === null ? null : (devices.find((d) => d.id === id)?.label ?? id));

  async function revoke(id: string) {
    const result = await venue.revoke(id, kept);
    setConfirming(null);
    setKept([]);
    setProblem(result.ok ? null : t().venue.pairMessage(result.error));
    setDone(result.ok && result.value.length > 1 ? s.gone(result.value.map((d) => d.label)) : null);
  }
  const confirm = (id: string | null) => {
    setConfirming(id);
    setKept([]);
  };

  return (
    <div class="venue-tablets" role="group" aria-labelledby="venue-tablets-title">
      <h4 id="venue-tablets-title">{s.title}</h4>
      {problem && (
        <p class="problem-text" role="alert">
          {problem}
        </p>
      )}
      {done && (
        <p class="tablet-done" role="status">
          {done}
        </p>
      )}
      {devices.length === 0 && <p>{s.none}</p>}
      <ul class="tablet-list">
        {devices.map((d) => (
          <li key={d.id} class={d.revokedAt ? 'tablet revoked' : 'tablet'}>
            <div class="tablet-facts">
              <p class="tablet-name">
                <strong>{d.label}</strong>
                {d.current && <span class="tablet-badge">{s.thisTablet}</span>}
              </p>
              <p class="tablet-times">
                {d.revokedAt ? s.revokedAt(d.revokedAt) : `${s.paired(d.pairedAt)} · ${s.lastSeen(d.lastSeenAt)}`}
              </p>
              <p class="tablet-who">
                {[
                  s.pairedBy(labelOf(d.pairedBy)),
                  ...(d.revokedAt ? [s.revokedBy(labelOf(d.revokedBy))] : []),
                  ...(d.lastOwnerAction ? [s.lastAction(d.lastOwnerAction.action, d.lastOwnerAction.at)] : []),
                ].join(' · ')}
              </p>
            </div>
            {!d.revokedAt &&
              (confirming === d.id ? (
                <div class="tablet-confirm" role="alertdialog" aria-label={s.confirmYes}>
                  <p>{s.confirm(d.label, d.current)}</p>
                  <AlongWith
                    tablets={pairedFrom(devices, d.id)}
                    kept={kept}
                    onKept={setKept}
                    words={{ along: s.along, keepIt: s.keepIt }}
                  />
                  <div class="sheet-actions start">
                    <button type="button" class="button" onClick={() => confirm(null)}>
                      {s.keep}
                    </button>
                    <button type="button" class="button danger" onClick={() => void revoke(d.id)}>
                      {s.confirmYes}
                    </button>
                  </div>
                </div>
              ) : (
                <button type="button" class="button" onClick={() => confirm(d.id)}>
                  {s.revoke}
                </button>
              ))}
          </li>
        ))}
      </ul>
      <div class="sheet-actions start">
        <button type="button" class="button" onClick={() => void venue.load()}>
          {s.refresh}
        </button>
      </div>
    </div>
  );
}

/** The tablets a disconnection takes with it, each with a box to keep it connected. */
function AlongWith({
  tablets,
  kept,
  onKept,
  words,
}: {
  tablets: VenueDevice[];
  kept: string[];
  onKept(kept: string[]): void;
  words: { along(labels: string[]): string; keepIt(label: string): string };
}) {
  if (tablets.length === 0) return null;
  return (
    <fieldset class="tablet-along">
      <legend>{words.along(tablets.map((d) => d.label))}</legend>
      {tablets.map((d) => (
        <label key={d.id} class="radio">
          <input
            type="checkbox"
            checked={kept.includes(d.id)}
            onChange={(e) => onKept(e.currentTarget.checked ? [...kept, d.id] : kept.filter((id) => id !== d.id))}
          />
          {words.keepIt(d.label)}
        </label>
      ))}
    </fieldset>
  );
}
