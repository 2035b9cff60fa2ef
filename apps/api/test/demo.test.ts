/**
 * The demo business: seeded through the core's use cases on a fresh database, with appointments
 * in every status, a weekly series, and an owner who can sign in with the printed password.
 */
import { listAppointments, login } from "@creneau/core"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Layer } from "effect"
import { DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD, demoExists, hasAnyBusiness, seedDemo } from "../src/Demo.js"
import { layerTestServices } from "./support/services.js"

/** A clock that reads `start` now and runs on from there (sleeps stay real). */
const clockFrom = (start: number): Clock.Clock => {
  const offset = start - Date.now()
  const live = Clock.Clock.defaultValue()
  const millis = () => Date.now() + offset
  return {
    currentTimeMillisUnsafe: millis,
    currentTimeMillis: Effect.sync(millis),
    currentTimeNanosUnsafe: () => BigInt(millis()) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(millis()) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: live.monotonicTimeNanos,
    sleep: (duration) => live.sleep(duration)
  }
}

describe("demo business", () => {
  it.layer(layerTestServices("pglite"), { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("is seeded with every status, a series, and a working sign-in", () =>
      Effect.gen(function* () {
        assert.isFalse(yield* hasAnyBusiness)
        assert.isFalse(yield* demoExists)

        const demo = yield* seedDemo()
        assert.isTrue(yield* hasAnyBusiness)
        assert.isTrue(yield* demoExists)

        const all = yield* listAppointments(demo.businessId, {})
        const kinds = new Set(
          all.map((a) =>
            a.status === "pending"
              ? `pending:${a.pendingReason}`
              : a.status === "completed"
                ? `completed:${a.noShow ? "no-show" : "attended"}`
                : a.status
          )
        )
        assert.deepStrictEqual([...kinds].sort(), [
          "approved",
          "cancelled",
          "completed:attended",
          "completed:no-show",
          "pending:client_confirmation",
          "pending:staff_approval",
          "rejected",
          "rescheduled"
        ])
        const series = all.filter((a) => a.seriesId !== null)
        assert.isAtLeast(series.length, 4)
        assert.strictEqual(new Set(series.map((a) => a.seriesId)).size, 1)

        // A week around today: some in the past, some ahead, none further than the series.
        const now = Date.now()
        assert.isTrue(all.some((a) => a.start.epochMilliseconds < now))
        assert.isTrue(all.some((a) => a.start.epochMilliseconds > now))

        const session = yield* login({ email: DEMO_OWNER_EMAIL, password: DEMO_OWNER_PASSWORD })
        assert.strictEqual(session.user.role, "owner")
        assert.isTrue(demo.apiKey.startsWith("crn_"))
      })
    )
  })

  // Seeded on any day of the week, at any hour: a week with a Sunday and Monday off, evening starts.
  it.live(
    "seeds on every day of the week",
    () =>
      Effect.gen(function* () {
        const context = yield* Layer.build(layerTestServices("pglite"))
        for (const day of [2, 3, 4, 5, 6, 7, 8]) {
          // 2 to 8 March 2026 (Monday to Sunday), at 20:30 in Paris.
          const demo = yield* seedDemo({ ownerEmail: `owner-${day}@salon-demo.example` }).pipe(
            Effect.provide(context),
            Effect.provideService(Clock.Clock, clockFrom(Date.parse(`2026-03-0${day}T19:30:00Z`)))
          )
          const statuses = new Set(demo.appointments.map((a) => a.status))
          assert.strictEqual(statuses.size, 6, `seeded on 2026-03-0${day}`)
        }
      }).pipe(Effect.scoped),
    { timeout: 60_000 }
  )
})
