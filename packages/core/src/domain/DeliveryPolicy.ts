/**
 * When a failed delivery is tried again: exponential backoff (30 seconds, then twice as long after
 * each failure, capped at 6 hours) with jitter, so that a recovering provider is not hit by every
 * worker at once; after 8 attempts the message is failed for good. A deployment may start the
 * backoff lower or higher (`RetryPolicy.baseMillis`); the shape stays the same.
 */

export interface RetryPolicy {
  /** The longest wait before the first retry; each further one may wait twice as long. */
  readonly baseMillis: number
  /** The longest wait between two attempts. */
  readonly capMillis: number
  /** Attempts in all, the first included: after that many failures the message is failed. */
  readonly maxAttempts: number
}

export const MAX_DELIVERY_ATTEMPTS = 8

export const defaultRetryPolicy: RetryPolicy = {
  baseMillis: 30_000,
  capMillis: 6 * 3_600_000,
  maxAttempts: MAX_DELIVERY_ATTEMPTS
}

/**
 * Delay before the next try after `attempts` failed ones, or null when it is time to give up.
 * `random` is a number in [0, 1).
 */
export const retryDelayMillis = (
  attempts: number,
  random: number,
  policy: RetryPolicy = defaultRetryPolicy
): number | null => {
  if (attempts >= policy.maxAttempts) return null
  const ceiling = Math.min(policy.capMillis, policy.baseMillis * 2 ** Math.max(0, attempts - 1))
  // Equal jitter: half of the ceiling fixed, the other half random; never immediately, never all at once.
  return Math.round(ceiling / 2 + (random * ceiling) / 2)
}
