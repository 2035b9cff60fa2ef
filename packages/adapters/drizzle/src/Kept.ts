/**
 * Answers kept per key while the generation they were read at (Changes.ts) holds and until they
 * expire, at most `capacity` of them (the oldest go first): what the adapter's caches share.
 */

export interface KeepOptions {
  /** How long an answer is kept at most (10 s by default; 0 keeps none). */
  readonly ttlMillis?: number
  /** How many answers are kept at most (500 by default); the oldest go first. */
  readonly capacity?: number
}

export interface KeptEntry<A> {
  readonly value: A
  readonly generation: number
  /** Epoch milliseconds. */
  readonly expires: number
}

export const makeKept = <A>(options: KeepOptions = {}) => {
  const ttl = options.ttlMillis ?? 10_000
  const capacity = options.capacity ?? 500
  const entries = new Map<string, KeptEntry<A>>()
  return {
    /** How long an answer is kept at most; 0 when none is. */
    ttl,
    /** The answer kept under `key`, if read at `generation` and not expired at `now`. */
    get: (key: string, generation: number, now: number): KeptEntry<A> | undefined => {
      const found = entries.get(key)
      return found !== undefined && found.generation === generation && found.expires > now ? found : undefined
    },
    /** Keep `value`, read at `generation`, until `expires` (nothing when none is kept). */
    set: (key: string, value: A, generation: number, expires: number): void => {
      if (ttl <= 0) return
      entries.delete(key)
      if (entries.size >= capacity) entries.delete(entries.keys().next().value!)
      entries.set(key, { value, generation, expires })
    }
  }
}
