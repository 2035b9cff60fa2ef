/**
 * Answers kept per key while the generation they were read at (Changes.ts) holds and until they
 * expire, at most `capacity` of them (the oldest go first): what the adapter's caches share, and
 * `readKept`, the read through such answers that the snapshots, lists and credentials share.
 */
import { Clock, Effect } from "effect"
import type { Database } from "./Database.js"

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

export type Kept<A> = ReturnType<typeof makeKept<A>>

/**
 * `read`'s answer through `kept`: outside a transaction, the answer kept under `key` while the
 * generation of `changeKey` (Changes.ts) holds; else `read`, kept until `until(answer, end)`,
 * `end` being the end of its time to live (undefined: not kept). It is kept at the generation
 * seen before the read, so an answer read while a change committed is never answered again.
 * Inside a transaction, whose own writes show, nothing is taken or kept.
 */
export const readKept = <A, E, R>(
  db: typeof Database.Service,
  kept: Kept<A>,
  key: string,
  changeKey: string,
  read: Effect.Effect<A, E, R>,
  until: (answer: A, end: number) => number | undefined = (_, end) => end
): Effect.Effect<A, E, R> =>
  Effect.gen(function* () {
    if (yield* db.inTransaction) return yield* read
    const now = yield* Clock.currentTimeMillis
    const generation = db.changes.generation(changeKey)
    const found = kept.get(key, generation, now)
    if (found !== undefined) return found.value
    const answer = yield* read
    const expires = until(answer, now + kept.ttl)
    if (expires !== undefined) kept.set(key, answer, generation, expires)
    return answer
  })
