/** What the tests of the kept answers share. */
import { UnitOfWork } from "@creneau/core"
import { assert } from "@effect/vitest"
import { Clock, Effect } from "effect"
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
 * What `check` answers once it answers something (not undefined), asked every 20 ms for
 * `withinMillis` at most (5 s by default: long for a notification to arrive, short beside the
 * times to live the tests keep answers for); fails saying `what` did not happen. Runs on the
 * live clock.
 */
export const eventually = <A, E, R>(
  what: string,
  check: Effect.Effect<A | undefined, E, R>,
  withinMillis = 5_000
) =>
  Effect.gen(function* () {
    const deadline = (yield* Clock.currentTimeMillis) + withinMillis
    while ((yield* Clock.currentTimeMillis) < deadline) {
      const found = yield* check
      if (found !== undefined) return found
      yield* Effect.sleep("20 millis")
    }
    return assert.fail(`${what}: not within ${withinMillis / 1000} s`)
  })

/**
 * What `read` answers once it answers the same value twice in a row (the same object): the kept
 * answer, after notifications of earlier changes, which move generations and turn kept answers
 * away, have come in.
 */
export const keptOnceSettled = <A, E, R>(read: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    let last = yield* read
    return yield* eventually(
      "the same value answered twice in a row",
      Effect.map(read, (again) => {
        if (again === last) return again
        last = again
        return undefined
      })
    )
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
