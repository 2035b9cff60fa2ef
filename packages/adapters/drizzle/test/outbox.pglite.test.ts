/**
 * An outbox row whose intent this version cannot read (written by another version, say) does not
 * stop delivery: it is listed, and its delivery fails for good while the other due messages go.
 * On PGlite, in memory.
 */
import { CreateAppointmentInput, createAppointment, deliverDueMessages, Links, Outbox } from "@creneau/core"
import {
  layerPlainRenderer,
  layerRecordingTransports,
  RecordedDeliveries,
  seedSalon
} from "@creneau/core/testing"
import { assert, describe, it } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Effect, Layer, Schema } from "effect"
import { Database, layerPgliteAll } from "../src/index.js"

const layer = Layer.mergeAll(
  layerPgliteAll(),
  layerPlainRenderer,
  layerRecordingTransports,
  Links.layer("https://creneau.test")
)

describe("outbox on PGlite", () => {
  it.live("a message whose intent cannot be read fails for good; the others are sent", () =>
    Effect.gen(function* () {
      const salon = yield* seedSalon()
      const { appointment } = yield* createAppointment({
        businessId: salon.business.id,
        actor: salon.owner,
        input: Schema.decodeUnknownSync(CreateAppointmentInput)({
          start: new Date(Date.now() + 10 * 86_400_000).toISOString(),
          items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
          customerId: salon.alice.id,
          allowOutsideHours: true
        })
      })
      const outbox = yield* Outbox
      const messages = yield* outbox.list(salon.business.id, { appointmentId: appointment.id })
      const unreadable = messages.find((m) => m.event === "confirmed" && m.recipientRole === "customer")!
      const db = yield* Database
      yield* db.query("test.corruptIntent", (q) =>
        q.execute(
          sql`update outbox set intent = '{"event":"no_such_event"}'::jsonb where id = ${unreadable.id}`
        )
      )
      const listed = (yield* outbox.list(salon.business.id, { appointmentId: appointment.id })).find(
        (m) => m.id === unreadable.id
      )!
      assert.isNull(listed.intent)

      const report = yield* deliverDueMessages(100)
      assert.strictEqual(report.failed, 1)
      assert.isAbove(report.sent, 0)
      const after = (yield* outbox.list(salon.business.id, { appointmentId: appointment.id })).find(
        (m) => m.id === unreadable.id
      )!
      assert.strictEqual(after.status, "failed")
      assert.match(after.lastError ?? "", /no intent/)
      const sent = (yield* RecordedDeliveries).sent
      assert.isFalse(sent.some((m) => m.id === unreadable.id))
      assert.isTrue(sent.some((m) => m.event === "confirmed" && m.recipientRole === "staff"))
    }).pipe(Effect.provide(layer))
  )
})
