import { useEffect, useRef, useState } from 'preact/hooks';
import type { Announcement, AnnouncementProblem, AnnouncementTarget } from '../core/announcement.ts';
import type { AnnouncementsModel } from '../state/announcements-model.ts';
import { AnnouncementComposer, type Draft } from './AnnouncementComposer.tsx';
import { AnnouncementList } from './AnnouncementList.tsx';
import { ProblemBanner } from './ProblemBanner.tsx';
import { SheetHead } from './SheetHead.tsx';
import { announceWords } from './announce-words.ts';

interface Props {
  model: AnnouncementsModel;
  venueName: string;
  /** The venue's content limit: the same as the guests' messages. */
  limit: number;
  online: boolean;
  onClose(): void;
}

/** Announcements, behind the staff PIN: write one, see plainly who gets it, confirm; past ones below, newest first. */
export function AnnouncementsDialog({ model, venueName, limit, online, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState<Draft>({ target: 'channel', text: '' });
  const [confirming, setConfirming] = useState(false);
  const [refused, setRefused] = useState<AnnouncementProblem | null>(null);
  const [queued, setQueued] = useState<AnnouncementTarget | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    dialog.current?.showModal();
    void model.reload();
    const stop = model.follow();
    const timer = setInterval(() => setNow(Date.now()), 15_000); // "next possible at" comes and goes
    return () => {
      stop();
      clearInterval(timer);
    };
  }, [model]);
  // Each step starts where the host acts next: the message, or the Send button of the confirmation.
  useEffect(() => {
    const selector = confirming ? '.announce-confirm .button.primary' : '#announce-text';
    dialog.current?.querySelector<HTMLElement>(selector)?.focus();
  }, [confirming]);

  async function send() {
    if (busy) return;
    setBusy(true);
    const outcome = await model.announce(draft.target, draft.text);
    setBusy(false);
    setNow(Date.now());
    if (outcome.ok) {
      setConfirming(false);
      setRefused(null);
      setQueued(draft.target);
      setDraft({ target: draft.target, text: '' });
    } else if ('refused' in outcome) setRefused(outcome.refused); // a storage failure shows as the problem
  }
  const again = (a: Announcement) => {
    setDraft({ target: a.target, text: a.text });
    setConfirming(false);
    setRefused(null);
    setQueued(null);
    dialog.current?.querySelector<HTMLElement>('#announce-text')?.focus();
  };

  const s = announceWords();
  return (
    <dialog ref={dialog} class="sheet announce-sheet" aria-labelledby="announce-title" onClose={onClose}>
      <div class="sheet-form">
        <SheetHead id="announce-title" title={s.title} onClose={() => dialog.current?.close()} />
        <ProblemBanner problem={model.problem.value} onAct={model.dismissProblem} />
        {confirming ? (
          <section class="announce-confirm" aria-labelledby="announce-confirm-title">
            <h3 id="announce-confirm-title">{s.confirmTitle}</h3>
            <dl class="details-facts">
              <dt>{s.whoGetsIt}</dt>
              <dd class="announce-audience">{s.audience(draft.target, venueName)}</dd>
              <dt>{s.whatTheyRead}</dt>
              <dd>
                <q class="announce-text">{draft.text.trim()}</q>
              </dd>
            </dl>
            {refused ? (
              <p class="problem-text" role="alert">
                {s.problem(refused)}
              </p>
            ) : (
              <p class="field-hint">{s.confirmNote}</p>
            )}
            <div class="sheet-actions">
              <button
                type="button"
                class="button"
                onClick={() => {
                  setConfirming(false);
                  setRefused(null);
                }}
              >
                {s.back}
              </button>
              {!refused && (
                <button type="button" class="button primary" disabled={busy} onClick={() => void send()}>
                  {s.send(draft.target)}
                </button>
              )}
            </div>
          </section>
        ) : (
          <AnnouncementComposer
            draft={draft}
            venueName={venueName}
            limit={limit}
            past={model.list.value}
            now={now}
            queued={queued}
            online={online}
            onDraft={(next) => {
              setDraft(next);
              setQueued(null);
            }}
            onReview={() => {
              setRefused(null);
              setConfirming(true);
            }}
          />
        )}
        <AnnouncementList announcements={model.list.value} online={online} onSendAgain={again} />
      </div>
    </dialog>
  );
}
