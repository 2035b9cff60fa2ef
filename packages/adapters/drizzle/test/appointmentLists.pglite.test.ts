/**
 * Kept appointment lists, on PGlite (in memory): a list read outside a transaction is answered
 * again, the same array, while none of the business's appointments changes and for `ttlMillis` at
 * most; after each write to an appointment through the core's use cases the list equals the one a
 * transaction reads afresh; inside a transaction nothing is taken or kept; a list read while a
 * change committed is not kept. (Another process's writes: see availability.postgres.test.ts.)
 */
import {
  type AppointmentFilter,
  AppointmentRepository,
  addDays,
  CreateAppointmentInput,
  cancelAppointment,
  createAppointment,
  Links,
  UnitOfWork,
  updateAppointmentDetails
} from "@creneau/core"
import { layerPlainRenderer, seedSalon } from "@creneau/core/testing"
import { assert, layer } from "@effect/vitest"
import { DateTime, Effect, Fiber, Layer, Schema } from "effect"
import { Database, layerAppointmentRepositoryWith, layerPgliteAll } from "../src/index.js"
import { mondayAhead } from "./support/availabilitySuite.js"
import { assertKeptFor, assertTransactionsReadAfresh } from "./support/kept.js"

/** One database for the tests (each seeds a business of its own); lists kept 1 s. */
const persistence = layerAppointmentRepositoryWith({ ttlMillis: 1_000 }).pipe(
  Layer.provideMerge(layerPgliteAll()),
  Layer.merge(Layer.mergeAll(layerPlainRenderer, Links.layer("https://creneau.test")))
)

/** A salon, a booking on the Monday three weeks ahead, and how to list that week. */
const salonWithBooking = Effect.gen(function* () {
  const salon = yield* seedSalon()
  const monday = mondayAhead(yield* DateTime.now)
  const book = (hour: number) =>
    createAppointment({
      businessId: salon.business.id,
      actor: salon.owner,
      input: Schema.decodeUnknownSync(CreateAppointmentInput)({
        start: `${monday}T${String(hour).padStart(2, "0")}:00:00+01:00`,
        items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
        customerId: salon.alice.id
      })
    })
  const booked = yield* book(10)
  const filter: AppointmentFilter = {
    from: DateTime.makeUnsafe(Date.parse(`${monday}T00:00:00Z`)),
    to: DateTime.makeUnsafe(Date.parse(`${addDays(monday, 7)}T00:00:00Z`))
  }
  const list = Effect.flatMap(Effect.service(AppointmentRepository), (repo) =>
    repo.list(salon.business.id, filter)
  )
  /** The list as a transaction reads it: never kept. */
  const fresh = Effect.flatMap(Effect.service(UnitOfWork), (uow) => uow.transaction(list))
  return { salon, booked: booked.appointment, book, list, fresh }
})

layer(persistence)("kept appointment lists", (it) => {
  it.effect("answers a list again while nothing changes, and for its time to live at most", () =>
    Effect.gen(function* () {
      const { list } = yield* salonWithBooking
      assert.lengthOf(yield* assertKeptFor(list, 1_000), 1)
    })
  )

  it.effect("follows every write to the business's appointments", () =>
    Effect.gen(function* () {
      const { salon, booked, book, list, fresh } = yield* salonWithBooking
      const follows = <R>(label: string, write: Effect.Effect<unknown, unknown, R>) =>
        Effect.gen(function* () {
          const before = yield* list
          assert.strictEqual(yield* list, before, `${label}: kept before`)
          yield* write
          const after = yield* list
          assert.deepStrictEqual(after, yield* fresh, `${label}: kept equals fresh`)
          assert.notDeepEqual(after, before, `${label}: the list changed`)
        })
      yield* follows("a booking", book(14))
      yield* follows(
        "new notes",
        updateAppointmentDetails({
          businessId: salon.business.id,
          appointmentId: booked.id,
          actor: salon.owner,
          input: { quickNote: "Bring the blue dye" }
        })
      )
      yield* follows(
        "a cancellation",
        cancelAppointment({
          businessId: salon.business.id,
          appointmentId: booked.id,
          actor: salon.owner,
          input: {}
        })
      )
      assert.strictEqual((yield* list).find((a) => a.id === booked.id)?.status, "cancelled")
    })
  )

  it.effect("inside a transaction takes nothing kept and keeps nothing", () =>
    Effect.gen(function* () {
      const { list } = yield* salonWithBooking
      yield* assertTransactionsReadAfresh(list)
    })
  )

  it.effect("does not keep a list read while a change committed", () =>
    Effect.gen(function* () {
      const { salon, list } = yield* salonWithBooking
      const db = yield* Database
      // The change commits while the list is read (PGlite answers asynchronously).
      const reading = yield* Effect.forkChild(list)
      yield* Effect.yieldNow
      yield* db.touch(salon.business.id)
      const read = yield* Fiber.join(reading)
      const again = yield* list
      assert.notStrictEqual(again, read, "read afresh")
      assert.strictEqual(yield* list, again, "and kept from then on")
    })
  )
})
