// Node has no IndexedDB: an in-memory one for the fast tests. The same storage tests run in Chromium too.
import 'fake-indexeddb/auto';
