import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FREE_ATTEMPTS, LOCKOUT_FAILURES, LOCKOUT_MS, NO_FAILURES, recordFailure, waitBeforeAttempt, type ThrottleState } from '../../../preload/shared/domain/auth/loginThrottle';

function failTimes(count: number, now: number): ThrottleState {
  let state = NO_FAILURES;
  for (let i = 0; i < count; i++) state = recordFailure(state, now);
  return state;
}

describe('throttling of wrong passwords', () => {
  it('lets the first mistakes through, then makes the officer wait longer after each one, then locks', () => {
    const now = 1_000_000;
    for (let i = 1; i < FREE_ATTEMPTS; i++) expect(waitBeforeAttempt(failTimes(i, now), now).waitMs).toBe(0);
    const waits = [FREE_ATTEMPTS, FREE_ATTEMPTS + 1, FREE_ATTEMPTS + 2].map((n) => waitBeforeAttempt(failTimes(n, now), now).waitMs);
    expect(waits).toEqual([2000, 4000, 8000]);
    const locked = waitBeforeAttempt(failTimes(LOCKOUT_FAILURES, now), now);
    expect(locked).toEqual({ waitMs: LOCKOUT_MS, locked: true });
    expect(waitBeforeAttempt(failTimes(LOCKOUT_FAILURES, now), now + LOCKOUT_MS).waitMs).toBe(0);
  });

  it('never shortens the wait as failures grow (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 40 }), (failures, now) => {
        const fewer = waitBeforeAttempt(failTimes(failures, now), now).waitMs;
        const more = waitBeforeAttempt(failTimes(failures + 1, now), now).waitMs;
        expect(more).toBeGreaterThanOrEqual(fewer);
      }),
    );
  });
});
