import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import type { OfficeViewResult } from '../../operations/office/loadOfficeView';

/**
 * Loads an office view (figures, a page of the list) whenever its question (`key`) changes and on
 * `reload()`, keeping what was shown while the next answer comes; answers to an older question are
 * dropped. `loading` is true until the current question has its answer.
 */
export function useOfficeView<T>(load: () => Promise<OfficeViewResult<T>>, key: string): { result?: OfficeViewResult<T>; loading: boolean; reload(): void } {
  const [answer, setAnswer] = useState<{ asked: string; result: OfficeViewResult<T> }>();
  const [round, setRound] = useState(0);
  const asked = `${key}#${round}`;
  const start = useEffectEvent(() => load());
  useEffect(() => {
    let current = true;
    start().then(
      (result) => current && setAnswer({ asked, result }),
      (error: unknown) => current && setAnswer((previous) => ({ asked, result: { ...previous?.result, live: false, error: error instanceof Error ? error.message : String(error) } })),
    );
    return () => {
      current = false;
    };
  }, [asked]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...(answer ? { result: answer.result } : {}), loading: answer?.asked !== asked, reload };
}
