/**
 * What the repository contract cannot show with one fiber at a time: the invariant under
 * concurrent writers (exactly one booking of a slot wins, a resource never exceeds its capacity,
 * also through the core's use case), disjoint outbox claims, savepoints that keep a transaction
 * usable after a refused write, and transactions that never interleave or survive interruption.
 */

import type {
  Appointment,
  BookingRulesSnapshot,
  Business,
  Customer,
  Resource,
  StaffMember
} from "@creneau/core"
import {
  AppointmentRepository,
  BusinessRepository,
  CreateAppointmentInput,
  CustomerRepository,
  createAppointment,
  defaultBookingRules,
  defaultNotificationSettings,
  emptyWeek,
  Links,
  Outbox,
  type OutboxMessage,
  ResourceRepository,
  StaffRepository,
  UnitOfWork
} from "@creneau/core"
import { layerPlainRenderer, seedSalon } from "@creneau/core/testing"
import type { PersistencePorts } from "@creneau/core/testing/contract"
import { assert, describe, layer } from "@effect/vitest"
import { DateTime, Deferred, Effect, Fiber, Layer, Result, Schema } from "effect"
import { TestClock } from "effect/testing"
import { layerRandomIds } from "../../src/index.js"

const newId = <Id extends string>(prefix: string): Id => `${prefix}_${globalThis.crypto.randomUUID()}` as Id
const instant = (iso: string): DateTime.Utc => DateTime.makeUnsafe(Date.parse(iso))
const MINUTE = 60_000

const world = Effect.gen(function* () {
  const business: Business = {
    id: newId("biz"),
    name: "Concurrency Salon",
    timezone: "Europe/Paris",
    locale: "en",
    currency: "EUR",
    bookingRules: defaultBookingRules,
    notifications: defaultNotificationSettings,
    bookingPageUrl: null
  }
  yield* (yield* BusinessRepository).insert(business)
  const staff: Array<StaffMember> = []
  for (let i = 0; i < 6; i++) {
    const member: StaffMember = {
      id: newId("stf"),
      businessId: business.id,
      name: `Staff ${i}`,
      email: null,
      phone: null,
      active: true,
      workingHours: { weekly: emptyWeek, overrides: [] },
      timeOff: []
    }
    yield* (yield* StaffRepository).insert(member)
    staff.push(member)
  }
  const studio: Resource = { id: newId("res"), businessId: business.id, name: "Studio", capacity: 2 }
  yield* (yield* ResourceRepository).insert(studio)
  return { business, staff, studio }
})

const appointmentAt = (
  w: Effect.Success<typeof world>,
  staff: StaffMember,
  start: DateTime.Utc,
  minutes: number,
  resource: Resource | null = null
): Appointment => ({
  id: newId("apt"),
  businessId: w.business.id,
  status: "approved",
  pendingReason: null,
  noShow: false,
  start,
  end: DateTime.makeUnsafe(start.epochMilliseconds + minutes * MINUTE),
  items: [
    {
      serviceId: newId("svc"),
      serviceName: "Service",
      staffId: staff.id,
      resourceId: resource?.id ?? null,
      start,
      end: DateTime.makeUnsafe(start.epochMilliseconds + minutes * MINUTE),
      price: { amount: 1000, currency: "EUR" },
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0
    }
  ] as Appointment["items"],
  customerId: null,
  source: "business",
  requestedByClient: false,
  customerRequest: null,
  quickNote: null,
  appointmentNotes: null,
  answers: {},
  payment: { method: "on_site", amountRequested: null, status: "unpaid", instrument: null },
  rulesSnapshot: defaultBookingRules as BookingRulesSnapshot,
  seriesId: null,
  cancellationMessage: null,
  rejectionReason: null,
  version: 1,
  createdAt: start,
  createdBy: { kind: "system", id: null, name: "Créneau" },
  updatedAt: start,
  updatedBy: { kind: "system", id: null, name: "Créneau" },
  history: []
})

const customerOf = (businessId: string, firstName: string): Customer => ({
  id: newId("cus"),
  businessId: businessId as Customer["businessId"],
  firstName,
  lastName: "Concurrent",
  email: null,
  phone: null,
  notes: "",
  noShowCount: 0
})

const tally = <A, E extends { readonly _tag: string }>(results: ReadonlyArray<Result.Result<A, E>>) => {
  const counts: Record<string, number> = {}
  for (const r of results) {
    const key = Result.isSuccess(r) ? "success" : r.failure._tag
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

const decodeCreate = Schema.decodeUnknownSync(CreateAppointmentInput)

/** Declares the suite over one shared instance of `persistence`. */
export const concurrencySuite = <E>(name: string, persistence: Layer.Layer<PersistencePorts, E>): void =>
  layer(Layer.mergeAll(persistence, layerRandomIds, layerPlainRenderer, Links.layer("https://creneau.test")))(
    name,
    (it) => {
      describe("the invariant under concurrent writers", () => {
        it.effect("concurrent bookings of one staff member's slot: exactly one wins", () =>
          Effect.gen(function* () {
            const uow = yield* UnitOfWork
            const appointments = yield* AppointmentRepository
            const w = yield* world
            const start = instant("2031-04-01T10:00:00.000Z")
            const contenders = Array.from({ length: 8 }, (_, i) =>
              appointmentAt(w, w.staff[0]!, DateTime.makeUnsafe(start.epochMilliseconds + i * MINUTE), 30)
            )
            const results = yield* Effect.forEach(
              contenders,
              (a) => Effect.result(uow.transaction(appointments.insert(a))),
              { concurrency: "unbounded" }
            )
            assert.deepStrictEqual(tally(results), { success: 1, SlotUnavailable: 7 })
            const stored = yield* appointments.list(w.business.id, {})
            assert.strictEqual(stored.length, 1)
          })
        )

        it.effect("concurrent bookings of a resource never exceed its capacity", () =>
          Effect.gen(function* () {
            const uow = yield* UnitOfWork
            const appointments = yield* AppointmentRepository
            const w = yield* world
            const start = instant("2031-04-02T10:00:00.000Z")
            // Six staff members, one studio that holds two at once.
            const contenders = w.staff.map((member, i) =>
              appointmentAt(
                w,
                member,
                DateTime.makeUnsafe(start.epochMilliseconds + i * MINUTE),
                60,
                w.studio
              )
            )
            const results = yield* Effect.forEach(
              contenders,
              (a) => Effect.result(uow.transaction(appointments.insert(a))),
              { concurrency: "unbounded" }
            )
            assert.deepStrictEqual(tally(results), { success: 2, SlotUnavailable: 4 })
          })
        )

        it.effect("concurrent requests through the core's createAppointment: one wins, the others 409", () =>
          Effect.gen(function* () {
            yield* TestClock.setTime(Date.parse("2031-03-02T07:00:00.000Z"))
            const salon = yield* seedSalon()
            const book = createAppointment({
              businessId: salon.business.id,
              actor: salon.owner,
              input: decodeCreate({
                start: "2031-03-03T10:00:00+01:00",
                items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
                customerId: salon.alice.id
              })
            })
            const results = yield* Effect.all(
              Array.from({ length: 6 }, () => Effect.result(book)),
              {
                concurrency: "unbounded"
              }
            )
            assert.deepStrictEqual(tally(results), { success: 1, SlotUnavailable: 5 })
            const booked = yield* (yield* AppointmentRepository).list(salon.business.id, {})
            assert.strictEqual(booked.length, 1)
            // The losers' notifications were rolled back with them.
            const messages = yield* (yield* Outbox).list(salon.business.id, {})
            assert.isTrue(messages.every((m) => m.appointmentId === booked[0]!.id))
          })
        )
      })

      describe("outbox claims", () => {
        it.effect("concurrent claims are disjoint and together return every due message", () =>
          Effect.gen(function* () {
            const outbox = yield* Outbox
            const w = yield* world
            // 1985: no other test of this suite writes messages then.
            const now = instant("1985-06-01T12:00:00.000Z")
            const messages: Array<OutboxMessage> = Array.from({ length: 24 }, (_, i) => ({
              id: newId("ntf"),
              businessId: w.business.id,
              appointmentId: null,
              seriesId: null,
              channel: "email",
              recipientRole: "customer",
              to: "client@example.test",
              event: "reminder",
              subject: "Reminder",
              text: "See you soon.",
              html: null,
              links: {},
              attachments: [],
              intent: null,
              webhookId: null,
              sendAfter: DateTime.makeUnsafe(now.epochMilliseconds - (i + 1) * 1000),
              status: "pending",
              attempts: 0,
              lastError: null,
              sentAt: null,
              createdAt: now
            }))
            yield* outbox.enqueue(messages)
            const claims = yield* Effect.all(
              Array.from({ length: 6 }, () => outbox.claimDue(now, 5, 60_000)),
              { concurrency: "unbounded" }
            )
            const ids = claims.flat().map((m) => m.id)
            assert.strictEqual(new Set(ids).size, ids.length, "no message is claimed twice")
            assert.strictEqual(ids.length, 24, "every due message is claimed")
            for (const m of messages) yield* outbox.markSent(m.id, now)
          })
        )
      })

      describe("transactions", () => {
        it.effect("a SlotUnavailable handled inside a transaction leaves the transaction usable", () =>
          Effect.gen(function* () {
            const uow = yield* UnitOfWork
            const appointments = yield* AppointmentRepository
            const customers = yield* CustomerRepository
            const w = yield* world
            const start = instant("2031-04-03T10:00:00.000Z")
            const first = appointmentAt(w, w.staff[0]!, start, 30)
            const clash = appointmentAt(w, w.staff[0]!, start, 30)
            const customer = customerOf(w.business.id, "After")
            yield* uow.transaction(
              Effect.gen(function* () {
                yield* appointments.insert(first)
                const refused = yield* Effect.flip(appointments.insert(clash))
                assert.strictEqual(refused._tag, "SlotUnavailable")
                yield* customers.insert(customer)
              })
            )
            assert.strictEqual((yield* customers.get(w.business.id, customer.id)).firstName, "After")
            assert.strictEqual((yield* appointments.get(w.business.id, first.id)).id, first.id)
          })
        )

        it.effect("concurrent writes inside one transaction keep their savepoints apart", () =>
          Effect.gen(function* () {
            const uow = yield* UnitOfWork
            const appointments = yield* AppointmentRepository
            const w = yield* world
            const start = instant("2031-04-04T10:00:00.000Z")
            // Staff 0 is wanted twice at once; every other booking is free.
            const bookings = [w.staff[0]!, w.staff[0]!, w.staff[1]!, w.staff[2]!, w.staff[3]!].map((member) =>
              appointmentAt(w, member, start, 30)
            )
            const results = yield* uow.transaction(
              Effect.forEach(bookings, (a) => Effect.result(appointments.insert(a)), {
                concurrency: "unbounded"
              })
            )
            assert.deepStrictEqual(tally(results), { success: 4, SlotUnavailable: 1 })
            assert.strictEqual((yield* appointments.list(w.business.id, {})).length, 4)
          })
        )

        it.effect("concurrent transactions never mix their statements", () =>
          Effect.gen(function* () {
            const uow = yield* UnitOfWork
            const customers = yield* CustomerRepository
            const w = yield* world
            const doomed = customerOf(w.business.id, "Doomed")
            const kept = customerOf(w.business.id, "Kept")
            const inserted = yield* Deferred.make<void>()
            const proceed = yield* Deferred.make<void>()
            const failing = yield* Effect.forkChild(
              uow.transaction(
                Effect.gen(function* () {
                  yield* customers.insert(doomed)
                  yield* Deferred.succeed(inserted, undefined)
                  yield* Deferred.await(proceed)
                  return yield* Effect.fail("rollback" as const)
                })
              )
            )
            yield* Deferred.await(inserted)
            // Started while the first transaction is open; on PGlite it waits for it.
            const committing = yield* Effect.forkChild(uow.transaction(customers.insert(kept)))
            yield* Deferred.succeed(proceed, undefined)
            assert.deepStrictEqual(yield* Effect.flip(Fiber.join(failing)), "rollback")
            yield* Fiber.join(committing)
            assert.strictEqual((yield* customers.get(w.business.id, kept.id)).firstName, "Kept")
            assert.strictEqual((yield* Effect.flip(customers.get(w.business.id, doomed.id)))._tag, "NotFound")
          })
        )

        it.effect("an interrupted transaction rolls back and frees the database", () =>
          Effect.gen(function* () {
            const uow = yield* UnitOfWork
            const customers = yield* CustomerRepository
            const w = yield* world
            const lost = customerOf(w.business.id, "Interrupted")
            const after = customerOf(w.business.id, "After interruption")
            const inserted = yield* Deferred.make<void>()
            const fiber = yield* Effect.forkChild(
              uow.transaction(
                Effect.gen(function* () {
                  yield* customers.insert(lost)
                  yield* Deferred.succeed(inserted, undefined)
                  return yield* Effect.never
                })
              )
            )
            yield* Deferred.await(inserted)
            yield* Fiber.interrupt(fiber)
            assert.strictEqual((yield* Effect.flip(customers.get(w.business.id, lost.id)))._tag, "NotFound")
            yield* uow.transaction(customers.insert(after))
            assert.strictEqual((yield* customers.get(w.business.id, after.id)).id, after.id)
          })
        )

        it.effect("a defect inside a transaction rolls back and is returned unchanged", () =>
          Effect.gen(function* () {
            const uow = yield* UnitOfWork
            const customers = yield* CustomerRepository
            const w = yield* world
            const lost = customerOf(w.business.id, "Defect")
            const boom = new Error("boom")
            const exit = yield* Effect.exit(
              uow.transaction(Effect.andThen(customers.insert(lost), Effect.die(boom)))
            )
            assert.isTrue(exit._tag === "Failure")
            if (exit._tag === "Failure") {
              const defects = exit.cause.reasons.filter((r) => r._tag === "Die").map((r) => r.defect)
              assert.deepStrictEqual(defects, [boom])
            }
            assert.strictEqual((yield* Effect.flip(customers.get(w.business.id, lost.id)))._tag, "NotFound")
          })
        )
      })
    }
  )
