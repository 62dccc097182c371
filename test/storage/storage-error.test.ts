import { describe, expect, test } from 'vitest';
import { guarded, StorageError, toStorageError } from '../../src/storage/storage-error.ts';

// Runs in Node and in real Chromium, whose DOMExceptions are the ones that matter.
describe('storage errors', () => {
  test('storage failures are classified for the host: out of space, newer data, closed connection', () => {
    expect(toStorageError(new DOMException('full', 'QuotaExceededError')).problem).toBe('quota');
    expect(toStorageError(new DOMException('newer', 'VersionError')).problem).toBe('newer_data');
    expect(toStorageError(new DOMException('closing', 'InvalidStateError')).problem).toBe('outdated');
    expect(toStorageError(new Error('?')).problem).toBe('failed');
  });
  test('a guarded operation fails only ever as a StorageError, keeping what it was', async () => {
    const cause = new DOMException('full', 'QuotaExceededError');
    const failed = await guarded(() => Promise.reject(cause)).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StorageError);
    expect(failed).toMatchObject({ problem: 'quota', cause });
  });
});
