import { useEffect } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { DEFAULT_IDLE_LOCK_MINUTES, readIdleLockMinutes } from '../../operations/auth/accounts';
import { useSession } from '../../operations/auth/sessionStore';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Locks the screen after the configured minutes without keyboard or pointer activity. It counts
 * with a timer restarted on activity rather than comparing clock readings, so a changed system
 * clock neither locks early nor keeps the desk open.
 */
export function useIdleLock(): void {
  const active = useSession((state) => state.phase === 'signed-in' && !state.locked);
  const lock = useSession((state) => state.lock);
  const minutes = useLiveQuery(() => readIdleLockMinutes(getDatabase()), []) ?? DEFAULT_IDLE_LOCK_MINUTES;
  useEffect(() => {
    if (!active) return;
    let timer = window.setTimeout(lock, minutes * 60_000);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(lock, minutes * 60_000);
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, restart, { passive: true, capture: true });
    return () => {
      window.clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, restart, { capture: true });
    };
  }, [active, lock, minutes]);
}
