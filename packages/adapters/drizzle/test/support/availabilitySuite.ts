/**
 * Availability answered from kept snapshots is the availability of the data as it is: after each
 * write availability depends on, made through the core's use cases, `getAvailability` through the
 * kept snapshots equals `getAvailability` through a snapshot read afresh, and differs from what
 * it answered before the write. The same holds for the booking context, whose catalog is kept
 * too. Run on PGlite and on PostgreSQL.
 */
import {
  AvailabilitySnapshots,
  addDays,
  addTimeOff,
  BookingContextStore,
  CreateAppointmentInput,
  cancelAppointment,
  createAppointment,
  getAvailability,
  type Links,
  type LocalDate,
  localDateOf,
  type MessageRenderer,
  removeTimeOff,
  type ServiceId,
  setWorkingHours,
  TimeOffInput,
  UnitOfWork,
  updateBusiness,
  updateResource,
  updateService,
  updateStaff
} from "@creneau/core"
import { salonWeek, seedSalon } from "@creneau/core/testing"
import { assert, it } from "@effect/vitest"
import { DateTime, Effect, Layer, Schema } from "effect"
import {
  layerAvailabilitySnapshotsWith,
  layerBookingContextStore,
  layerCatalogCacheWith,
  type layerPgliteAll
} from "../../src/index.js"

/** The Monday of the week three weeks from now, in Paris. */
export const mondayAhead = (now: DateTime.Utc): LocalDate => {
  const today = localDateOf(now, "Europe/Paris")
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7
  return addDays(today, 21 - weekday)
}

/** What the suite's use cases need: every persistence port, links and a renderer. */
type Provided = Layer.Success<ReturnType<typeof layerPgliteAll>> | Links | MessageRenderer

export const availabilitySuite = (name: string, layer: () => Layer.Layer<Provided, unknown>) =>
  it.live(`${name}: availability from kept snapshots follows every write it depends on`, () =>
    Effect.gen(function* () {
      const salon = yield* seedSalon()
      const businessId = salon.business.id
      const monday = mondayAhead(yield* DateTime.now)
      const week = { from: monday, to: addDays(monday, 6) }
      const ask = (serviceId: ServiceId) =>
        getAvailability({ businessId, input: { serviceIds: [serviceId], ...week } })
      // Nothing kept: neither snapshots nor catalogs.
      const fresh = Layer.merge(
        layerAvailabilitySnapshotsWith({ ttlMillis: 0 }),
        Layer.fresh(layerBookingContextStore)
      ).pipe(Layer.provide(layerCatalogCacheWith({ ttlMillis: 0 })))
      const afresh = (serviceId: ServiceId) => ask(serviceId).pipe(Effect.provide(fresh))
      // The context of a booking that week, of the whole staff and of Anna alone.
      const context = Effect.gen(function* () {
        const store = yield* BookingContextStore
        const query = {
          businessId,
          from: DateTime.makeUnsafe(Date.parse(`${monday}T00:00:00Z`)),
          to: DateTime.makeUnsafe(Date.parse(`${monday}T00:00:00Z`) + 7 * 86_400_000),
          customerId: salon.alice.id,
          webhooks: true
        }
        return [yield* store.load(query), yield* store.load({ ...query, staffIds: [salon.anna.id] })]
      })

      const snapshots = yield* AvailabilitySnapshots
      const load = () =>
        snapshots.load({
          businessId,
          from: DateTime.makeUnsafe(Date.parse(`${monday}T00:00:00Z`)),
          to: DateTime.makeUnsafe(Date.parse(`${monday}T00:00:00Z`) + 7 * 86_400_000)
        })
      assert.strictEqual(yield* load(), yield* load(), "a snapshot is answered again while nothing changes")

      const first = yield* ask(salon.haircut.id)
      assert.strictEqual(
        (yield* ask(salon.haircut.id)).slots,
        first.slots,
        "the same slots are answered again"
      )
      assert.isAbove(first.slots.length, 0)

      /** After `write`, the kept answer equals a fresh one, and differs from the one before. */
      const follows = (
        label: string,
        serviceId: ServiceId,
        write: Effect.Effect<unknown, unknown, Provided>
      ) =>
        Effect.gen(function* () {
          const before = yield* ask(serviceId)
          const contextBefore = yield* context
          yield* write
          const after = yield* ask(serviceId)
          assert.deepStrictEqual(after, yield* afresh(serviceId), `${label}: kept equals fresh`)
          assert.notDeepEqual(after.slots, before.slots, `${label}: the answer changed`)
          const contextAfter = yield* context
          assert.deepStrictEqual(
            contextAfter,
            yield* context.pipe(Effect.provide(fresh)),
            `${label}: the booking context with a kept catalog equals a fresh one`
          )
          assert.notDeepEqual(contextAfter, contextBefore, `${label}: the booking context changed`)
        })

      const book = (start: string, serviceId: string, staffId: string) =>
        createAppointment({
          businessId,
          actor: salon.owner,
          input: Schema.decodeUnknownSync(CreateAppointmentInput)({
            start,
            items: [{ serviceId, staffId }],
            customerId: salon.alice.id
          })
        })

      const at = (minutes: number, day = 0) =>
        `${addDays(monday, day)}T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:00+01:00`

      // Both staff members booked at 10:00 on Monday: 10:00 is no longer offered.
      yield* follows(
        "bookings",
        salon.haircut.id,
        Effect.all([
          book(at(600), salon.haircut.id, salon.anna.id),
          book(at(600), salon.haircut.id, salon.ben.id)
        ])
      )
      const booked = yield* book(at(720, 1), salon.haircut.id, salon.anna.id)
      yield* book(at(720, 1), salon.haircut.id, salon.ben.id)
      yield* follows(
        "a cancellation",
        salon.haircut.id,
        cancelAppointment({ businessId, appointmentId: booked.appointment.id, actor: salon.owner, input: {} })
      )
      yield* follows(
        "working hours",
        salon.colour.id,
        setWorkingHours(businessId, salon.anna.id, { weekly: { ...salonWeek, mon: [] } })
      )
      let timeOffId = ""
      yield* follows(
        "time off",
        salon.colour.id,
        addTimeOff(
          businessId,
          salon.anna.id,
          Schema.decodeUnknownSync(TimeOffInput)({ start: at(540, 2), end: at(1020, 2) })
        ).pipe(Effect.tap((entry) => Effect.sync(() => (timeOffId = entry.id))))
      )
      yield* follows("removed time off", salon.colour.id, removeTimeOff(businessId, salon.anna.id, timeOffId))
      yield* follows(
        "a staff member made inactive",
        salon.haircut.id,
        updateStaff(businessId, salon.ben.id, { active: false })
      )
      yield* follows(
        "a service's duration",
        salon.haircut.id,
        updateService(businessId, salon.haircut.id, { durationMinutes: 75 })
      )
      // The room taken at 10:00 on Thursday: with room for two, Ben may take a massage then too.
      yield* book(at(600, 3), salon.massage.id, salon.anna.id)
      yield* updateStaff(businessId, salon.ben.id, { active: true })
      yield* follows(
        "a resource's capacity",
        salon.massage.id,
        updateResource(businessId, salon.room.id, { capacity: 2 })
      )
      // Inside a transaction a snapshot and a booking context show its writes (a booking, a staff
      // member made inactive); once it rolls back, nothing of them is kept.
      const outside = yield* ask(salon.haircut.id)
      const outsideContext = yield* context
      const inside = yield* (yield* UnitOfWork)
        .transaction(
          Effect.gen(function* () {
            yield* book(at(900, 4), salon.haircut.id, salon.anna.id)
            const seen = yield* ask(salon.haircut.id)
            yield* updateStaff(businessId, salon.anna.id, { active: false })
            return yield* Effect.fail({ seen, context: yield* context })
          })
        )
        .pipe(Effect.flip)
      if (!("seen" in inside)) return yield* Effect.die(inside)
      assert.notDeepEqual(inside.seen, outside, "the transaction's booking shows inside it")
      assert.isFalse(
        inside.context[1]!.staff[0]!.active,
        "the transaction's change to the catalog shows in its booking context"
      )
      assert.deepStrictEqual(
        yield* ask(salon.haircut.id),
        outside,
        "nothing of it is kept after the rollback"
      )
      assert.deepStrictEqual(yield* context, outsideContext, "nor of the booking context")
      yield* follows(
        "the business's rules",
        salon.haircut.id,
        updateBusiness(businessId, { bookingRules: { slotIntervalMinutes: 20 } })
      )
    }).pipe(Effect.provide(layer()))
  )
