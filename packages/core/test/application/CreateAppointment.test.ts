import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { bookOnline, createAppointment } from "../../src/application/CreateAppointment.js"
import { updateService } from "../../src/application/ManageCatalog.js"
import type { PolicyViolation, SlotUnavailable } from "../../src/domain/Errors.js"
import { formatInZone } from "../../src/domain/LocalTime.js"
import { Outbox } from "../../src/ports/Outbox.js"
import { AppointmentRepository, CustomerRepository } from "../../src/ports/Repositories.js"
import { layerTest, setRules } from "../../src/testing/index.js"
import { book, decodeCreate, decodeOnline, type Salon, salonAtNow } from "../support/salon.js"

describe("createAppointment", () => {
  it.effect("books an approved appointment and writes the confirmation to the outbox", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const result = yield* createAppointment({
        businessId: salon.business.id,
        actor: salon.owner,
        input: decodeCreate({
          start: "2026-03-02T10:00:00+01:00",
          items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
          customerId: salon.alice.id
        })
      })
      assert.strictEqual(result.appointment.status, "approved")
      assert.strictEqual(result.appointment.start.toJSON(), "2026-03-02T09:00:00.000Z")
      assert.strictEqual(result.appointment.end.toJSON(), "2026-03-02T09:30:00.000Z")
      assert.isTrue(result.customerNotified)
      const outbox = yield* (yield* Outbox).list(salon.business.id, { appointmentId: result.appointment.id })
      const confirmed = outbox.filter((m) => m.event === "confirmed" && m.recipientRole === "customer")
      assert.strictEqual(confirmed.length, 1)
      assert.strictEqual(confirmed[0]!.to, "alice@example.test")
      assert.match(confirmed[0]!.links.manage ?? "", /^https:\/\/creneau\.test\/manage\/[0-9a-f]{64}$/)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("refuses an overlapping booking for the same staff member, buffers included", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const book = (start: string) =>
        createAppointment({
          businessId: salon.business.id,
          actor: salon.owner,
          input: decodeCreate({ start, items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }] })
        })
      yield* book("2026-03-02T10:00:00+01:00")
      // The haircut ends at 10:30 and has 10 minutes of cleaning after it.
      const error = yield* book("2026-03-02T10:35:00+01:00").pipe(Effect.flip)
      assert.strictEqual(error._tag, "SlotUnavailable")
      yield* book("2026-03-02T10:40:00+01:00")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("puts an online booking under manual approval in pending (staff_approval)", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      yield* setRules(salon.business.id, { approvalMode: "manual" })
      const result = yield* bookOnline({
        businessId: salon.business.id,
        input: decodeOnline({
          start: "2026-03-03T11:00:00+01:00",
          items: [{ serviceId: salon.haircut.id }],
          customer: { firstName: "Chloé", lastName: "Petit", email: "chloe@example.test" }
        })
      })
      assert.strictEqual(result.appointment.status, "pending")
      assert.strictEqual(result.appointment.pendingReason, "staff_approval")
      assert.strictEqual(result.appointment.rulesSnapshot.approvalMode, "manual")
    }).pipe(Effect.provide(layerTest))
  )
})

describe("createAppointment: options and refusals", () => {
  const withSalon = <A, E, R>(f: (salon: Salon) => Effect.Effect<A, E, R>) =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      return yield* f(salon)
    }).pipe(Effect.provide(layerTest))

  it.effect("asks the client to confirm: pending (client_confirmation) and a confirm request", () =>
    withSalon((salon) =>
      Effect.gen(function* () {
        const { appointment } = yield* book(salon, "2026-03-03T10:00:00+01:00", {
          confirmation: "request_client_confirmation"
        })
        assert.strictEqual(appointment.status, "pending")
        assert.strictEqual(appointment.pendingReason, "client_confirmation")
        const events = (yield* (yield* Outbox).list(salon.business.id, {
          appointmentId: appointment.id
        })).map((m) => `${m.recipientRole}:${m.event}:${m.channel}`)
        assert.include(events, "customer:confirm_request:email")
      })
    )
  )

  it.effect("sends nothing to the client with no_message, and says so", () =>
    withSalon((salon) =>
      Effect.gen(function* () {
        const result = yield* book(salon, "2026-03-03T10:00:00+01:00", { confirmation: "no_message" })
        assert.strictEqual(result.appointment.status, "approved")
        assert.isFalse(result.customerNotified)
        assert.strictEqual(result.reason, "not_requested")
        const outbox = yield* (yield* Outbox).list(salon.business.id, {
          appointmentId: result.appointment.id
        })
        assert.isFalse(outbox.some((m) => m.recipientRole === "customer" && m.event === "confirmed"))
        assert.isTrue(outbox.some((m) => m.recipientRole === "staff" && m.event === "confirmed"))
      })
    )
  )

  it.effect("reports a customer without email and a walk-in without customer", () =>
    withSalon((salon) =>
      Effect.gen(function* () {
        const bob = yield* book(salon, "2026-03-03T10:00:00+01:00", { customerId: salon.bob.id })
        assert.isFalse(bob.customerNotified)
        assert.strictEqual(bob.reason, "no_email")
        const walkIn = yield* createAppointment({
          businessId: salon.business.id,
          actor: salon.owner,
          input: decodeCreate({
            start: "2026-03-03T11:00:00+01:00",
            items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }]
          })
        })
        assert.isNull(walkIn.appointment.customerId)
        assert.strictEqual(walkIn.reason, "no_customer")
      })
    )
  )

  it.effect("files a new customer, reuses one with the same email, and appends notes to the profile", () =>
    withSalon((salon) =>
      Effect.gen(function* () {
        const first = yield* createAppointment({
          businessId: salon.business.id,
          actor: salon.owner,
          input: decodeCreate({
            start: "2026-03-03T10:00:00+01:00",
            items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
            customer: { firstName: "Dora", lastName: "Blanc", email: "dora@example.test" },
            appointmentNotes: "Prefers short layers"
          })
        })
        const second = yield* createAppointment({
          businessId: salon.business.id,
          actor: salon.owner,
          input: decodeCreate({
            start: "2026-03-04T10:00:00+01:00",
            items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
            customer: { firstName: "Dora", lastName: "Blanc", email: "DORA@example.test" }
          })
        })
        assert.isNotNull(first.appointment.customerId)
        assert.strictEqual(second.appointment.customerId, first.appointment.customerId)
        const profile = yield* (yield* CustomerRepository).get(
          salon.business.id,
          first.appointment.customerId!
        )
        assert.include(profile.notes, "Prefers short layers")
      })
    )
  )

  it.effect("refuses outside working hours and in the past unless the business says so", () =>
    withSalon((salon) =>
      Effect.gen(function* () {
        const evening = yield* book(salon, "2026-03-03T19:00:00+01:00").pipe(Effect.flip)
        assert.strictEqual(evening._tag, "PolicyViolation")
        assert.strictEqual((evening as PolicyViolation).reason, "outside_working_hours")
        const past = yield* book(salon, "2026-03-01T10:00:00+01:00").pipe(Effect.flip)
        assert.strictEqual((past as PolicyViolation).reason, "past_start")
        const walkIn = yield* book(salon, "2026-03-03T19:00:00+01:00", { allowOutsideHours: true })
        assert.strictEqual(walkIn.appointment.status, "approved")
        const late = yield* book(salon, "2026-03-01T10:00:00+01:00", { allowOutsideHours: true })
        assert.strictEqual(late.appointment.status, "approved")
      })
    )
  )

  it.effect("refuses more than five services and a staff member who does not perform the service", () =>
    withSalon((salon) =>
      Effect.gen(function* () {
        const six = yield* createAppointment({
          businessId: salon.business.id,
          actor: salon.owner,
          input: decodeCreate({
            start: "2026-03-03T09:00:00+01:00",
            items: Array.from({ length: 6 }, () => ({ serviceId: salon.haircut.id }))
          })
        }).pipe(Effect.flip)
        assert.strictEqual((six as PolicyViolation).reason, "too_many_items")
        const wrongStaff = yield* createAppointment({
          businessId: salon.business.id,
          actor: salon.owner,
          input: decodeCreate({
            start: "2026-03-03T09:00:00+01:00",
            items: [{ serviceId: salon.colour.id, staffId: salon.ben.id }]
          })
        }).pipe(Effect.flip)
        assert.strictEqual((wrongStaff as PolicyViolation).reason, "staff_not_assigned")
      })
    )
  )

  it.effect("performs several services back to back and holds the room for the massage", () =>
    withSalon((salon) =>
      Effect.gen(function* () {
        const { appointment } = yield* createAppointment({
          businessId: salon.business.id,
          actor: salon.owner,
          input: decodeCreate({
            start: "2026-03-03T09:00:00+01:00",
            items: [{ serviceId: salon.colour.id }, { serviceId: salon.massage.id }],
            customerId: salon.alice.id
          })
        })
        assert.deepStrictEqual(
          appointment.items.map((i) => [i.serviceName, i.staffId, i.resourceId, i.start.toJSON()]),
          [
            ["Colour", salon.anna.id, null, "2026-03-03T08:00:00.000Z"],
            ["Massage", salon.anna.id, salon.room.id, "2026-03-03T09:30:00.000Z"]
          ]
        )
        // Ben is free at 10:30 but the only room is taken.
        const error = yield* createAppointment({
          businessId: salon.business.id,
          actor: salon.owner,
          input: decodeCreate({
            start: "2026-03-03T10:45:00+01:00",
            items: [{ serviceId: salon.massage.id, staffId: salon.ben.id }]
          })
        }).pipe(Effect.flip)
        assert.strictEqual(error._tag, "SlotUnavailable")
      })
    )
  )

  it.effect("refuses online a time inside the minimum booking notice and missing required answers", () =>
    withSalon((salon) =>
      Effect.gen(function* () {
        const tooSoon = yield* bookOnline({
          businessId: salon.business.id,
          input: decodeOnline({
            start: "2026-03-02T08:30:00+01:00",
            items: [{ serviceId: salon.haircut.id }],
            customer: { firstName: "Eve", lastName: "Noir", email: "eve@example.test" }
          })
        }).pipe(Effect.flip)
        assert.strictEqual((tooSoon as PolicyViolation).reason, "booking_notice")
        yield* updateService(salon.business.id, salon.haircut.id, {
          questionnaire: [{ id: "hair", label: "Hair length", kind: "text", required: true, options: [] }]
        })
        const unanswered = yield* bookOnline({
          businessId: salon.business.id,
          input: decodeOnline({
            start: "2026-03-03T10:00:00+01:00",
            items: [{ serviceId: salon.haircut.id }],
            customer: { firstName: "Eve", lastName: "Noir", email: "eve@example.test" }
          })
        }).pipe(Effect.flip)
        assert.strictEqual(unanswered._tag, "ValidationFailed")
      })
    )
  )
})

describe("createAppointment: series", () => {
  it.effect("creates a weekly series keeping 11:00 in Paris across the March change, one confirmation", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const result = yield* book(salon, "2026-03-17T11:00:00+01:00", {
        recurrence: { frequency: "weekly", interval: 1, count: 4 }
      })
      assert.isDefined(result.series)
      const starts = result.series!.appointments.map((a) => formatInZone(a.start, "Europe/Paris"))
      assert.deepStrictEqual(starts, [
        "2026-03-17T11:00:00.000+01:00",
        "2026-03-24T11:00:00.000+01:00",
        "2026-03-31T11:00:00.000+02:00",
        "2026-04-07T11:00:00.000+02:00"
      ])
      assert.strictEqual(result.series!.endsOn, "2026-04-07")
      const outbox = yield* (yield* Outbox).list(salon.business.id, {})
      const confirmations = outbox.filter((m) => m.recipientRole === "customer" && m.event === "confirmed")
      assert.strictEqual(confirmations.length, 1)
      const reminders = outbox.filter((m) => m.recipientRole === "customer" && m.event === "reminder")
      // Two reminder settings (24 h email, 2 h SMS) for each of the four occurrences.
      assert.strictEqual(reminders.length, 8)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("is all-or-nothing by default and skips conflicts on request", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      yield* book(salon, "2026-03-24T11:00:00+01:00")
      const refused = yield* book(salon, "2026-03-17T11:00:00+01:00", {
        recurrence: { frequency: "weekly", count: 3 }
      }).pipe(Effect.flip)
      assert.strictEqual(refused._tag, "SlotUnavailable")
      assert.deepStrictEqual(
        (refused as SlotUnavailable).conflicts.map((c) => c.start.toJSON()),
        ["2026-03-24T10:00:00.000Z"]
      )
      const all = yield* (yield* AppointmentRepository).list(salon.business.id, {})
      assert.strictEqual(all.length, 1)
      const skipped = yield* book(salon, "2026-03-17T11:00:00+01:00", {
        recurrence: { frequency: "weekly", count: 3 },
        onConflict: "skip"
      })
      assert.strictEqual(skipped.series!.appointments.length, 2)
      assert.strictEqual(skipped.series!.skipped.length, 1)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("refuses a prepaid or online-paid series", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      for (const payment of [
        { method: "card", status: "paid" },
        { method: "card", status: "deposit_paid" },
        { method: "online" }
      ]) {
        const error = yield* book(salon, "2026-03-17T11:00:00+01:00", {
          recurrence: { frequency: "weekly", count: 3 },
          payment
        }).pipe(Effect.flip)
        assert.strictEqual((error as PolicyViolation).reason, "recurring_prepayment")
      }
    }).pipe(Effect.provide(layerTest))
  )
})
