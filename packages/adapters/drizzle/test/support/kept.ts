/** What the tests of the kept answers share. */
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"

/**
 * `read` answers the same value again (the same object) for `ttlMillis` after its first answer,
 * which is returned, and then an equal one read afresh. Runs on the TestClock.
 */
export const assertKeptFor = <A, E, R>(read: Effect.Effect<A, E, R>, ttlMillis: number) =>
  Effect.gen(function* () {
    const first = yield* read
    assert.strictEqual(yield* read, first, "answered again")
    yield* TestClock.adjust(ttlMillis - 1)
    assert.strictEqual(yield* read, first, "until its time to live is over")
    yield* TestClock.adjust(1)
    const expired = yield* read
    assert.notStrictEqual(expired, first, "expired")
    assert.deepStrictEqual(expired, first)
    return first
  })
