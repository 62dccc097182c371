import { signal } from '@preact/signals';
import type { Announcement, AnnouncementProblem, AnnouncementTarget } from '../core/announcement.ts';
import type { Clock, NewId } from '../core/ports.ts';
import type { ChangeFeed } from '../platform/change-feed.ts';
import type { AnnouncementsStore } from '../storage/announcements-store.ts';
import { coalesce } from './coalesce.ts';
import { createProblemReport } from './problem.ts';

/** What sending an announcement did; `storage` means it was not saved (see the model's `problem`). */
export type AnnounceOutcome =
  { ok: true; announcement: Announcement } | { ok: false; refused: AnnouncementProblem } | { ok: false; storage: true };

export interface AnnouncementsDeps {
  store: AnnouncementsStore;
  clock: Clock;
  newId: NewId;
  feed: ChangeFeed;
  /** Asks the delivery loop to send what is queued. */
  deliver(): void;
}

/** Staff announcements to the channel or the whole app, and the list of past ones, newest first. */
export function createAnnouncementsModel({ store, clock, newId, feed, deliver }: AnnouncementsDeps) {
  const list = signal<Announcement[]>([]);
  const problems = createProblemReport();
  const reload = coalesce(async () => {
    try {
      list.value = await store.list();
    } catch (error) {
      problems.fail(error);
    }
  });
  return {
    list,
    problem: problems.problem,
    dismissProblem: problems.clear,
    /** Reads the list again (opened, sent, delivered, another tab). Never rejects. */
    reload,
    /** Queues an announcement (its idempotency key made here, once) and asks for it to be sent. Never rejects. */
    async announce(target: AnnouncementTarget, text: string): Promise<AnnounceOutcome> {
      try {
        const result = await store.announce({ id: newId(), key: newId(), target, text }, clock.now());
        problems.clear();
        if (!result.ok) {
          await reload(); // another tab's announcement may be what is in the way: show it
          return { ok: false, refused: result.error };
        }
        list.value = [result.value, ...list.value.filter((a) => a.id !== result.value.id)];
        feed.announce();
        deliver();
        return { ok: true, announcement: result.value };
      } catch (error) {
        problems.fail(error);
        return { ok: false, storage: true };
      }
    },
    /** Keeps the list true while it is shown: other tabs' changes. Returns stop. */
    follow: (): (() => void) => feed.listen(() => void reload()),
  };
}

/** The announcements model. */
export type AnnouncementsModel = ReturnType<typeof createAnnouncementsModel>;
