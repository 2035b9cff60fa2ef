import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { cancelAppointment } from "../../src/application/CancelAppointment.js"
import { listOutbox } from "../../src/application/ListOutbox.js"
import { registerWebhook } from "../../src/application/ManageWebhooks.js"
import { updateAppointmentDetails } from "../../src/application/UpdateAppointmentDetails.js"
import { layerTest } from "../../src/testing/index.js"
import { book, salonAtNow } from "../support/salon.js"

describe("appointment details", () => {
  it.effect("changes notes and payment under the caller's version, and records it", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const { appointment } = yield* book(salon, "2026-03-04T10:00:00+01:00")
      const updated = yield* updateAppointmentDetails({
        businessId: salon.business.id,
        appointmentId: appointment.id,
        actor: salon.owner,
        expectedVersion: appointment.version,
        input: {
          quickNote: "Allergic to ammonia",
          payment: { method: "card", amountRequested: null, status: "paid", instrument: null }
        }
      })
      assert.strictEqual(updated.quickNote, "Allergic to ammonia")
      assert.strictEqual(updated.payment.status, "paid")
      assert.strictEqual(updated.version, appointment.version + 1)
      assert.strictEqual(updated.history.at(-1)!.type, "details_changed")
      const stale = yield* updateAppointmentDetails({
        businessId: salon.business.id,
        appointmentId: appointment.id,
        actor: salon.owner,
        expectedVersion: appointment.version,
        input: { quickNote: "lost update" }
      }).pipe(Effect.flip)
      assert.strictEqual(stale._tag, "VersionConflict")
    }).pipe(Effect.provide(layerTest))
  )
})

describe("webhooks", () => {
  it.effect("delivers every domain event to the registered endpoints through the outbox", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const endpoint = yield* registerWebhook(salon.business.id, {
        url: "https://hooks.example.test/creneau"
      })
      assert.match(endpoint.secret, /^whsec_[0-9a-f]{64}$/)
      yield* registerWebhook(salon.business.id, {
        url: "https://hooks.example.test/cancellations",
        events: ["appointment.cancelled"]
      })
      const { appointment } = yield* book(salon, "2026-03-04T10:00:00+01:00")
      yield* cancelAppointment({
        businessId: salon.business.id,
        appointmentId: appointment.id,
        actor: salon.owner,
        input: {}
      })
      const hooks = (yield* listOutbox(salon.business.id, { appointmentId: appointment.id })).filter(
        (m) => m.channel === "webhook"
      )
      assert.deepStrictEqual(
        hooks.map((m) => `${m.to} ${m.event}`),
        [
          "https://hooks.example.test/creneau appointment.created",
          "https://hooks.example.test/creneau appointment.cancelled",
          "https://hooks.example.test/cancellations appointment.cancelled"
        ]
      )
      const body = JSON.parse(hooks[1]!.text ?? "") as {
        type: string
        data: { appointmentId: string; status: string }
      }
      assert.strictEqual(body.type, "appointment.cancelled")
      assert.strictEqual(body.data.appointmentId, appointment.id)
      assert.strictEqual(body.data.status, "cancelled")
    }).pipe(Effect.provide(layerTest))
  )
})
