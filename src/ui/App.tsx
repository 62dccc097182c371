import type { ReadonlySignal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { DEFAULT_CONTENT_LIMIT } from '../core/message-template.ts';
import type { Party } from '../core/party.ts';
import type { LoadGuestData } from '../state/erasure-model.ts';
import { useState } from 'preact/hooks';
import type { AnnouncementsModel } from '../state/announcements-model.ts';
import type { BoardModel } from '../state/board-model.ts';
import type { KioskPort } from '../state/kiosk-port.ts';
import type { PinModel } from '../state/pin-model.ts';
import type { Quotes } from '../state/quotes-model.ts';
import type { LoadScanner } from '../state/scanner-port.ts';
import type { SettingsModel } from '../state/settings-model.ts';
import type { SyncEngine } from '../state/sync-model.ts';
import type { VenueModel } from '../state/venue-model.ts';
import { Board } from './Board.tsx';
import { ConnectionBadge } from './ConnectionBadge.tsx';
import { DemoBadge } from './DemoBadge.tsx';
import { Icon } from './Icon.tsx';
import { PartyFormDialog } from './PartyFormDialog.tsx';
import { ProblemBanner } from './ProblemBanner.tsx';
import { RevokedBanner } from './RevokedBanner.tsx';
import { SyncNotices } from './SyncNotices.tsx';
import type { JoinScreenProps } from './JoinScreen.tsx';
import { lazy } from './lazy.tsx';
import { language, t } from './strings.ts';
import { UndoBar } from './UndoBar.tsx';

interface Props {
  model: BoardModel;
  settings: SettingsModel;
  pin: PinModel;
  loadScanner: LoadScanner;
  kiosk: KioskPort;
  /** The separate waitlist opened with ?db=, if any. */
  waitlist?: string | null;
  /** Staff announcements to the channel or the whole app (behind the PIN); no Announce button without it. */
  announcements?: AnnouncementsModel;
  /** Suggested quotes and re-quotes. */
  quotes?: Quotes;
  /** The venue server (pairing, the venue's tablets, and whether this one was disconnected). */
  venue?: VenueModel;
  /** The tablet's sync with its venue server, while it is paired with one. */
  sync?: ReadonlySignal<SyncEngine | null>;
  /** A pairing code from the address the app was opened at (/pair?code=…): Settings opens on it, behind the PIN. */
  pairCode?: string | null;
  /** Where Settings → Guests' data erases a guest's details. */
  guestData?: LoadGuestData;
}

// The owner's sheets, each a chunk of its own fetched at its first opening: off the host's first screen.
const PinGate = lazy(() => import('./PinGate.tsx').then((m) => m.PinGate));
const SettingsDialog = lazy(() => import('./SettingsDialog.tsx').then((m) => m.SettingsDialog));
const AnnouncementsDialog = lazy(() => import('./AnnouncementsDialog.tsx').then((m) => m.AnnouncementsDialog));

/** The host stand: totals, the board, and the Add party and Settings sheets. */
export function App(props: Props) {
  const { model, settings, pin, loadScanner, kiosk, waitlist = null, announcements, quotes, venue } = props;
  const engine = props.sync?.value ?? null;
  // Opened from a venue server that has not paired it: not the demo, whatever its settings say.
  const unpaired = venue?.unpaired.value ?? false;
  const [fullscreen, setFullscreen] = useState(kiosk.isFullscreen());
  const [open, setOpen] = useState<'add' | 'edit' | 'pin' | 'settings' | 'join' | 'announce-pin' | 'announce' | null>(
    props.pairCode ? 'pin' : null,
  );
  const [pairCode, setPairCode] = useState(props.pairCode ?? null); // used once: the next Settings opens as usual
  const [editing, setEditing] = useState<Party | null>(null);
  const [JoinScreen, setJoinScreen] = useState<ComponentType<JoinScreenProps> | null>(null);
  // The join screen and its QR code library are a chunk of their own, loaded on first use.
  const showJoin = () => {
    void venue?.check(); // the check-in page as the venue server names it now (kept when it cannot be asked)
    void import('./JoinScreen.tsx').then((m) => {
      setJoinScreen(() => m.JoinScreen);
      setOpen('join');
    });
  };
  const { parties, covers } = model.totals.value;
  const close = () => setOpen(null);
  /** A sheet whose chunk could not be fetched: closed, and the host told (the next tap fetches it again). */
  const [unavailable, setUnavailable] = useState(false);
  const sheetUnavailable = () => {
    setOpen(null);
    setUnavailable(true);
  };
  /** Opens the PIN pad, fetching the sheet behind it meanwhile. */
  const openBehindPin = (gate: 'pin' | 'announce-pin') => {
    (gate === 'pin' ? SettingsDialog : AnnouncementsDialog).preload();
    setUnavailable(false);
    setOpen(gate);
  };
  return (
    <div class="app">
      <header class="app-header">
        <h1 class="app-title">{t().appName}</h1>
        {settings.current.value?.demo && !unpaired && <DemoBadge onOpenSettings={() => openBehindPin('pin')} />}
        {waitlist && <span class="waitlist-badge">{t().separateWaitlist(waitlist)}</span>}
        {/* Two short lines, so the header keeps one height and one line whatever the counts. */}
        <p class="totals" aria-live="polite">
          <span>{t().partiesCount(parties)}</span>
          <span class="totals-sep"> · </span>
          <span>{t().people(covers)}</span>
        </p>
        <ConnectionBadge online={model.online.value} waiting={model.waitingToSend.value} sync={engine?.status.value} />
        <div class="header-actions">
          <button
            type="button"
            class="button icon-button"
            aria-label={t().fullscreen}
            title={t().fullscreen}
            aria-pressed={fullscreen}
            onClick={() =>
              void kiosk.toggleFullscreen().then(
                () => setFullscreen(kiosk.isFullscreen()),
                () => {},
              )
            }
          >
            <Icon name="expand" />
          </button>
          <button type="button" class="button" onClick={showJoin}>
            {t().join.show}
          </button>
          {announcements && (
            <button type="button" class="button" aria-haspopup="dialog" onClick={() => openBehindPin('announce-pin')}>
              {t().announce.open}
            </button>
          )}
          <button type="button" class="button" onClick={() => openBehindPin('pin')}>
            {t().settings}
          </button>
          <button type="button" class="button primary" onClick={() => setOpen('add')}>
            {t().addParty}
          </button>
        </div>
      </header>
      {venue?.revoked.value ? (
        <RevokedBanner onConnect={() => openBehindPin('pin')} />
      ) : (
        unpaired && <RevokedBanner why="unpaired" onConnect={() => openBehindPin('pin')} />
      )}
      <ProblemBanner problem={model.problem.value} onAct={model.dismissProblem} />
      <ProblemBanner problem={unavailable ? { kind: 'sheet_unavailable' } : null} onAct={() => setUnavailable(false)} />
      {engine && <SyncNotices engine={engine} />}
      <main>
        <Board
          model={model}
          quotes={quotes}
          onEdit={(party) => {
            setEditing(party);
            setOpen('edit');
          }}
        />
      </main>
      <UndoBar model={model} />
      {open === 'add' && <PartyFormDialog model={model} loadScanner={loadScanner} quotes={quotes} onClose={close} />}
      {open === 'edit' && editing && (
        <PartyFormDialog model={model} loadScanner={loadScanner} party={editing} onClose={close} />
      )}
      {open === 'join' && JoinScreen && (
        <JoinScreen
          settings={settings}
          language={language.value}
          unpaired={unpaired}
          checkIn={venue?.checkIn.value ?? null}
          onConnect={() => openBehindPin('pin')}
          onClose={close}
        />
      )}
      {open === 'pin' && (
        <PinGate
          pin={pin}
          onUnlocked={() => setOpen('settings')}
          onClose={() => setOpen((o) => (o === 'pin' ? null : o))}
          onUnavailable={sheetUnavailable}
        />
      )}
      {open === 'settings' && (
        <SettingsDialog
          settings={settings}
          kiosk={kiosk}
          quotes={quotes}
          venue={venue}
          loadScanner={loadScanner}
          pairCode={pairCode}
          guestData={props.guestData}
          onUnavailable={sheetUnavailable}
          onClose={() => {
            setPairCode(null);
            pin.forget(); // the PIN that opened Settings is not kept past them
            close();
          }}
        />
      )}
      {open === 'announce-pin' && (
        <PinGate
          pin={pin}
          purpose="announce"
          onUnlocked={() => {
            pin.forget(); // announcements make no owner action: nothing to keep the PIN for
            setOpen('announce');
          }}
          onClose={() => setOpen((o) => (o === 'announce-pin' ? null : o))}
          onUnavailable={sheetUnavailable}
        />
      )}
      {open === 'announce' && announcements && (
        <AnnouncementsDialog
          model={announcements}
          venueName={settings.current.value?.venueName ?? ''}
          limit={settings.current.value?.contentLimit ?? DEFAULT_CONTENT_LIMIT}
          online={model.online.value}
          onClose={close}
          onUnavailable={sheetUnavailable}
        />
      )}
    </div>
  );
}
