/**
 * Token buckets per key (a desk, or an address before it has a token): `ratePerSecond` sustained,
 * `burst` at once. Old keys are forgotten so the map cannot grow without bound.
 */
export function createRateLimiter(options: { ratePerSecond: number; burst: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes one token; false (and the seconds to wait) when the key has none left. */
    take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: time };
      bucket.tokens = Math.min(options.burst, bucket.tokens + ((time - bucket.at) / 1000) * options.ratePerSecond);
      bucket.at = time;
      if (buckets.size > 10_000) buckets.clear();
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / options.ratePerSecond) };
      bucket.tokens -= 1;
      return { allowed: true };
    },
  };
}
