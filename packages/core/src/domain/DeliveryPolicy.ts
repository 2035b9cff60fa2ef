/**
 * When a failed delivery is tried again: exponential backoff from 30 seconds, capped at 6 hours,
 * with full jitter so that a recovering provider is not hit by every worker at once; after
 * MAX_DELIVERY_ATTEMPTS the message is failed for good.
 */
export const MAX_DELIVERY_ATTEMPTS = 8
const BASE_MS = 30_000
const CAP_MS = 6 * 3_600_000

/**
 * Delay before the next try after `attempts` failed ones, or null when it is time to give up.
 * `random` is a number in [0, 1).
 */
export const retryDelayMillis = (attempts: number, random: number): number | null => {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return null
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1))
  // Half fixed, half jitter: never immediately, never all at once.
  return Math.round(ceiling / 2 + (random * ceiling) / 2)
}
