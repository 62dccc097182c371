import { signal } from '@preact/signals';
import {
  checkInterval,
  mergeAnnouncements,
  type Announcement,
  type AnnouncementProblem,
  type AnnouncementTarget,
} from '../core/announcement.ts';
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
  /** The venue's list from its server when paired with one ([] when not; null: the server cannot say now). */
  venueList?(): Promise<Announcement[] | null>;
}

/** Staff announcements to the channel or the whole app, and the list of past ones, newest first. */
export function createAnnouncementsModel({ store, clock, newId, feed, deliver, venueList }: AnnouncementsDeps) {
  const list = signal<Announcement[]>([]);
  const problems = createProblemReport();
  // The last list the venue server gave: kept while it cannot answer (offline), so its tablets' announcements stay.
  let venue: Announcement[] | null = null;
  const reload = coalesce(async () => {
    try {
      const [own, fromVenue] = await Promise.all([store.list(), venueList?.() ?? Promise.resolve(null)]);
      if (fromVenue) venue = fromVenue;
      list.value = mergeAnnouncements(own, venue);
    } catch (error) {
      problems.fail(error);
    }
  });
  return {
    list,
    problem: problems.problem,
    dismissProblem: problems.clear,
    /** Reads the list again (opened, sent, delivered, another tab, the venue's event). Never rejects. */
    reload,
    /** Queues an announcement (its idempotency key made here, once) and asks for it to be sent. Never rejects. */
    async announce(target: AnnouncementTarget, text: string): Promise<AnnounceOutcome> {
      try {
        // The venue's list too (other tablets' announcements): the host hears of the wait here, not after sending.
        const wait = checkInterval(list.value, target, clock.now());
        if (!wait.ok) return { ok: false, refused: wait.error };
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
