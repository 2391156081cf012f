export interface BackoffPolicy {
  /** Delay scale of the first retry. */
  baseMs: number;
  /** No wait is longer than this, however many attempts failed. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000 };

/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, base·2^(attempt−1))], so desks
 * that lost the link together do not all come back at the same instant. `attempt` counts from 1.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
