import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Schema } from "effect"
import { TestClock } from "effect/testing"
import {
  bookOnline,
  CreateAppointmentInput,
  createAppointment,
  OnlineBookingInput
} from "../../src/application/CreateAppointment.js"
import { Outbox } from "../../src/ports/Outbox.js"
import { layerTest, seedSalon, setRules } from "../../src/testing/index.js"

const decode = Schema.decodeUnknownSync(CreateAppointmentInput)
const decodeOnline = Schema.decodeUnknownSync(OnlineBookingInput)

// Monday 2 March 2026, 08:00 in Paris (UTC+1).
const NOW = DateTime.makeUnsafe("2026-03-02T07:00:00Z").epochMilliseconds

describe("createAppointment", () => {
  it.effect("books an approved appointment and writes the confirmation to the outbox", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const salon = yield* seedSalon()
      const result = yield* createAppointment({
        businessId: salon.business.id,
        actor: salon.owner,
        input: decode({
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
      yield* TestClock.setTime(NOW)
      const salon = yield* seedSalon()
      const book = (start: string) =>
        createAppointment({
          businessId: salon.business.id,
          actor: salon.owner,
          input: decode({ start, items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }] })
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
      yield* TestClock.setTime(NOW)
      const salon = yield* seedSalon()
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
