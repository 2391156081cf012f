import type { Lock, Locker } from '@tus/server';

/**
 * Upload locks that let the holder finish before handing over. When a desk's link breaks in the
 * middle of a PATCH, the bytes that already arrived are still being written when the desk comes
 * back with HEAD; tus would cancel that write at once and report a shorter offset, so the desk would
 * send those bytes again. A request to release is passed on to the holder only after `graceMs`,
 * by when an interrupted write has long finished (a live holder is still cancelled, just later).
 */
export function createDrainingLocker(inner: Locker, graceMs: number): Locker {
  return {
    newLock(id: string): Lock {
      const lock = inner.newLock(id);
      return {
        lock(signal, cancelRequest) {
          let asked = false;
          return lock.lock(signal, () => {
            if (asked) return;
            asked = true;
            setTimeout(() => void cancelRequest(), graceMs).unref();
          });
        },
        unlock: () => lock.unlock(),
      };
    },
  };
}
