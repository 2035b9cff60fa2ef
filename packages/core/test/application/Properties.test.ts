/**
 * Properties over whole sequences of use cases on the in-memory adapters: whatever the business
 * and its customers do, no staff member is double-booked and no resource exceeds its capacity; a
 * refused command changes nothing; online booking accepts exactly the times availability offers.
 */
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Layer, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import { cancelAppointment } from "../../src/application/CancelAppointment.js"
import { bookOnline, createAppointment } from "../../src/application/CreateAppointment.js"
import { AvailabilityInput, getAvailability } from "../../src/application/GetAvailability.js"
import {
  RescheduleAppointmentInput,
  rescheduleAppointment
} from "../../src/application/RescheduleAppointment.js"
import { isActiveStatus } from "../../src/domain/Appointment.js"
import { findSlots } from "../../src/domain/Availability.js"
import { effectiveRules } from "../../src/domain/BookingRules.js"
import { addDays, toInstant } from "../../src/domain/LocalTime.js"
import {
  AppointmentRepository,
  BusinessRepository,
  ResourceRepository,
  StaffRepository
} from "../../src/ports/Repositories.js"
import { layerTest, MemoryStore, seedSalon } from "../../src/testing/index.js"
import { decodeCreate, decodeOnline, NOW } from "../support/salon.js"

const DAYS = ["2026-03-03", "2026-03-04", "2026-03-05"] as const
const ZONE = "Europe/Paris"

const slotArb = fc.record({
  day: fc.integer({ min: 0, max: DAYS.length - 1 }),
  // 08:00 to 19:45 in 15-minute steps: some inside working hours, some outside.
  quarter: fc.integer({ min: 32, max: 79 }),
  offset: fc.constantFrom(0, 0, 0, 5)
})
const startOf = (s: { day: number; quarter: number; offset: number }) =>
  DateTime.formatIso(toInstant(DAYS[s.day]!, s.quarter * 15 + s.offset, ZONE))

const opArb = fc.oneof(
  fc.record({
    kind: fc.constant("create" as const),
    at: slotArb,
    service: fc.integer({ min: 0, max: 2 }),
    staff: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
    allowOutsideHours: fc.boolean()
  }),
  fc.record({
    kind: fc.constant("online" as const),
    at: slotArb,
    service: fc.integer({ min: 0, max: 2 }),
    staff: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined })
  }),
  fc.record({ kind: fc.constant("reschedule" as const), target: fc.nat(), at: slotArb }),
  fc.record({ kind: fc.constant("cancel" as const), target: fc.nat() })
)

const decodeReschedule = Schema.decodeUnknownSync(RescheduleAppointmentInput)
const decodeAvailability = Schema.decodeUnknownSync(AvailabilityInput)

const run = <A, E>(effect: Effect.Effect<A, E, Layer.Success<typeof layerTest>>) =>
  Effect.runPromise(
    effect.pipe(Effect.provide(Layer.merge(layerTest, TestClock.layer()))) as Effect.Effect<A, E>
  )

const MINUTE = 60_000

describe("invariants under any sequence of commands", () => {
  it("never double-books a staff member or overfills a resource; refusals change nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) =>
        run(
          Effect.gen(function* () {
            yield* TestClock.setTime(NOW.epochMilliseconds)
            const salon = yield* seedSalon()
            const store = yield* MemoryStore
            const services = [salon.haircut, salon.colour, salon.massage]
            const staff = [salon.anna, salon.ben]
            const ids: Array<string> = []
            for (const op of ops) {
              const before = new Map(store.tables.appointments)
              const outboxBefore = store.tables.outbox.size
              const attempt: Effect.Effect<
                string | undefined,
                { readonly _tag: string },
                Layer.Success<typeof layerTest>
              > = op.kind === "create"
                ? createAppointment({
                    businessId: salon.business.id,
                    actor: salon.owner,
                    input: decodeCreate({
                      start: startOf(op.at),
                      items: [
                        {
                          serviceId: services[op.service]!.id,
                          ...(op.staff !== undefined && { staffId: staff[op.staff]!.id })
                        }
                      ],
                      customerId: salon.alice.id,
                      allowOutsideHours: op.allowOutsideHours
                    })
                  }).pipe(Effect.map((r): string | undefined => r.appointment.id))
                : op.kind === "online"
                  ? bookOnline({
                      businessId: salon.business.id,
                      input: decodeOnline({
                        start: startOf(op.at),
                        items: [
                          {
                            serviceId: services[op.service]!.id,
                            ...(op.staff !== undefined && { staffId: staff[op.staff]!.id })
                          }
                        ],
                        customer: { firstName: "Web", lastName: "Client", email: "web@example.test" }
                      })
                    }).pipe(Effect.map((r): string | undefined => r.appointment.id))
                  : ids.length === 0
                    ? Effect.succeed(undefined)
                    : op.kind === "reschedule"
                      ? rescheduleAppointment({
                          businessId: salon.business.id,
                          appointmentId: ids[op.target % ids.length]!,
                          actor: salon.owner,
                          input: decodeReschedule({ start: startOf(op.at) })
                        }).pipe(Effect.as(undefined))
                      : cancelAppointment({
                          businessId: salon.business.id,
                          appointmentId: ids[op.target % ids.length]!,
                          actor: salon.owner,
                          input: {}
                        }).pipe(Effect.as(undefined))
              const result = yield* Effect.result(attempt)
              if (result._tag === "Success") {
                if (result.success !== undefined) ids.push(result.success)
                continue
              }
              // A refused command leaves every appointment and the outbox as they were.
              const after = store.tables.appointments
              if (after.size !== before.size || [...after].some(([id, a]) => before.get(id) !== a)) {
                return yield* Effect.die(
                  `${op.kind} was refused (${result.failure._tag}) but changed appointments`
                )
              }
              if (store.tables.outbox.size !== outboxBefore) {
                return yield* Effect.die(`${op.kind} was refused but wrote to the outbox`)
              }
            }
            const active = [...store.tables.appointments.values()].filter((a) => isActiveStatus(a.status))
            const occupied = active.flatMap((a) =>
              a.items.map((i) => ({
                appointment: a.id,
                staff: i.staffId as string,
                resource: i.resourceId as string | null,
                start: i.start.epochMilliseconds - i.bufferBeforeMinutes * MINUTE,
                end: i.end.epochMilliseconds + i.bufferAfterMinutes * MINUTE
              }))
            )
            for (const x of occupied) {
              for (const y of occupied) {
                if (x === y || x.appointment === y.appointment) continue
                const overlap = x.start < y.end && y.start < x.end
                if (overlap && x.staff === y.staff) return yield* Effect.die(`${x.staff} double-booked`)
                // The room has capacity 1.
                if (overlap && x.resource !== null && x.resource === y.resource) {
                  return yield* Effect.die(`${x.resource} over capacity`)
                }
              }
            }
          })
        )
      ),
      { numRuns: 60 }
    )
  }, 60_000)

  it("accepts an online booking exactly when availability offers that time", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(slotArb, { maxLength: 6 }),
        slotArb,
        fc.integer({ min: 0, max: 2 }),
        fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
        (existing, candidate, service, staffIndex) =>
          run(
            Effect.gen(function* () {
              yield* TestClock.setTime(NOW.epochMilliseconds)
              const salon = yield* seedSalon()
              const services = [salon.haircut, salon.colour, salon.massage]
              const staff = [salon.anna, salon.ben]
              for (const at of existing) {
                yield* Effect.result(
                  createAppointment({
                    businessId: salon.business.id,
                    actor: salon.owner,
                    input: decodeCreate({ start: startOf(at), items: [{ serviceId: salon.haircut.id }] })
                  })
                )
              }
              const staffId = staffIndex === undefined ? undefined : staff[staffIndex]!.id
              const start = startOf(candidate)
              const { slots } = yield* getAvailability({
                businessId: salon.business.id,
                input: decodeAvailability({
                  serviceIds: [services[service]!.id],
                  from: DAYS[candidate.day],
                  to: DAYS[candidate.day],
                  ...(staffId !== undefined && { staffId })
                })
              })
              const offered = slots.some(
                (s) => s.start.epochMilliseconds === DateTime.makeUnsafe(start).epochMilliseconds
              )
              const booked = yield* Effect.result(
                bookOnline({
                  businessId: salon.business.id,
                  input: decodeOnline({
                    start,
                    items: [{ serviceId: services[service]!.id, ...(staffId !== undefined && { staffId }) }],
                    customer: { firstName: "Web", lastName: "Client", email: "web@example.test" }
                  })
                })
              )
              if (offered !== (booked._tag === "Success")) {
                return yield* Effect.die(
                  `availability ${offered ? "offered" : "did not offer"} ${start} but booking ${booked._tag === "Success" ? "succeeded" : `failed (${booked.failure._tag})`}`
                )
              }
            })
          )
      ),
      { numRuns: 80 }
    )
  }, 60_000)
})

describe("availability over ranges reaching past the booking limits", () => {
  it.effect("is what findSlots gives over the whole range, and nothing far in the past or ahead", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW.epochMilliseconds)
      const salon = yield* seedSalon()
      yield* createAppointment({
        businessId: salon.business.id,
        actor: salon.owner,
        input: decodeCreate({
          start: "2026-03-03T10:00:00+01:00",
          items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }]
        })
      })
      const business = yield* (yield* BusinessRepository).get(salon.business.id)
      const staff = yield* (yield* StaffRepository).list(salon.business.id)
      const resources = yield* (yield* ResourceRepository).list(salon.business.id)
      const appointments = yield* (yield* AppointmentRepository).list(salon.business.id, {})
      const today = "2026-03-02"
      for (const [from, to] of [
        [-40, -2],
        [-5, 3],
        [0, 0],
        [80, 100],
        [120, 150]
      ] as const) {
        const input = { serviceIds: [salon.haircut.id], from: addDays(today, from), to: addDays(today, to) }
        const { slots } = yield* getAvailability({ businessId: salon.business.id, input })
        const expected = findSlots({
          timezone: business.timezone,
          rules: effectiveRules(business.bookingRules, [salon.haircut.rules ?? undefined]),
          services: [salon.haircut],
          staff,
          resources,
          appointments: appointments.filter((a) => isActiveStatus(a.status)),
          from: input.from,
          to: input.to,
          now: NOW
        })
        assert.deepStrictEqual(slots, expected, `${input.from} – ${input.to}`)
        if (to < 0 || from > 90) assert.lengthOf(slots, 0)
        else assert.isAbove(slots.length, 0)
      }
    }).pipe(Effect.provide(layerTest))
  )
})
