import {
  announcementEntry,
  beyondKept,
  prepareAnnouncement,
  type Announcement,
  type AnnouncementProblem,
  type AnnouncementRequest,
} from '../core/announcement.ts';
import type { Result } from '../core/result.ts';
import { SANDBOX_SETTINGS } from '../core/settings.ts';
import type { WaitbellDb } from './open-db.ts';
import { SETTINGS_KEY } from './schema.ts';
import { guarded } from './storage-error.ts';

/** Staff announcements: each one and its outbox entry written together, the 10-minute rule checked in the same transaction. */
export interface AnnouncementsStore {
  /** Queues an announcement, or says why not; two tabs asking at once cannot both pass the 10-minute rule. */
  announce(request: AnnouncementRequest, now: number): Promise<Result<Announcement, AnnouncementProblem>>;
  /** The announcements kept, newest first. */
  list(): Promise<Announcement[]>;
}

/** The announcements store over an open database. */
export function announcementsStore(db: WaitbellDb): AnnouncementsStore {
  return {
    announce: (request, now) =>
      guarded(async () => {
        // One readwrite transaction over the announcements: IndexedDB runs overlapping ones one after the other.
        const tx = db.transaction(['announcements', 'outbox', 'settings'], 'readwrite');
        const [past, settings] = await Promise.all([
          tx.objectStore('announcements').getAll(),
          tx.objectStore('settings').get(SETTINGS_KEY),
        ]);
        const limit = (settings ?? SANDBOX_SETTINGS).contentLimit;
        const prepared = prepareAnnouncement(request, past, limit, now);
        if (prepared.ok) {
          await tx.objectStore('announcements').add(prepared.value);
          await tx.objectStore('outbox').add(announcementEntry(prepared.value));
          const newestFirst = [prepared.value, ...past].sort((a, b) => b.createdAt - a.createdAt);
          for (const old of beyondKept(newestFirst)) await tx.objectStore('announcements').delete(old.id);
        }
        await tx.done;
        return prepared;
      }),

    list: () => guarded(async () => (await db.getAllFromIndex('announcements', 'by-created')).reverse()),
  };
}
