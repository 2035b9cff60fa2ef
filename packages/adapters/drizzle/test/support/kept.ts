/** What the tests of the kept answers share. */
import { UnitOfWork } from "@creneau/core"
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

/**
 * What `read` answers once it answers the same value twice in a row (the same object), within
 * 2 s: the kept answer, after notifications of earlier changes, which move generations and turn
 * kept answers away, have come in. Fails if it never does.
 */
export const keptOnceSettled = <A, E, R>(read: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    let last = yield* read
    for (let i = 0; i < 100; i++) {
      const again = yield* read
      if (again === last) return again
      last = again
      yield* Effect.sleep("20 millis")
    }
    return assert.fail("never answered the same value twice in a row within 2 s")
  })

/**
 * Inside a transaction `read` takes nothing kept (it reads afresh: an equal value, not the same
 * one) and keeps nothing (the value kept before is answered again after). The kept value.
 */
export const assertTransactionsReadAfresh = <A, E, R>(read: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const kept = yield* read
    const inside = yield* Effect.flatMap(Effect.service(UnitOfWork), (uow) => uow.transaction(read))
    assert.notStrictEqual(inside, kept, "read afresh inside a transaction")
    assert.deepStrictEqual(inside, kept)
    assert.strictEqual(yield* read, kept, "what a transaction read did not replace the kept value")
    return kept
  })
