/**
 * Throttling of wrong passwords per user name: the first few mistakes cost nothing, then every
 * further one doubles the wait, and a run of them locks the name for a while. The state is stored
 * (not kept in memory), so reloading the window or restarting the app does not reset it.
 */
export interface ThrottleState {
  /** Wrong passwords since the last successful login. */
  failures: number;
  /** Earliest time (ms) another attempt is accepted. */
  notBefore: number;
}

export const FREE_ATTEMPTS = 3;
export const LOCKOUT_FAILURES = 10;
export const LOCKOUT_MS = 30 * 60_000;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 5 * 60_000;

export const NO_FAILURES: ThrottleState = { failures: 0, notBefore: 0 };

/** The state after one more wrong password at `now`. */
export function recordFailure(state: ThrottleState, now: number): ThrottleState {
  const failures = state.failures + 1;
  if (failures >= LOCKOUT_FAILURES) return { failures, notBefore: now + LOCKOUT_MS };
  if (failures < FREE_ATTEMPTS) return { failures, notBefore: 0 };
  const delay = Math.min(BASE_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_MS);
  return { failures, notBefore: now + delay };
}

/** Milliseconds to wait before an attempt is accepted (0: go ahead); `locked` once the run is long enough. */
export function waitBeforeAttempt(state: ThrottleState, now: number): { waitMs: number; locked: boolean } {
  const waitMs = Math.max(0, state.notBefore - now);
  return { waitMs, locked: waitMs > 0 && state.failures >= LOCKOUT_FAILURES };
}
