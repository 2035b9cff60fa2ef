import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Schema } from "effect"
import { TestClock } from "effect/testing"
import { approveAppointment } from "../../src/application/ApproveAppointment.js"
import { cancelAppointment } from "../../src/application/CancelAppointment.js"
import { completeEndedAppointments } from "../../src/application/CompleteEndedAppointments.js"
import { bookOnline, createAppointment } from "../../src/application/CreateAppointment.js"
import { deliverDueMessages } from "../../src/application/DeliverOutbox.js"
import { idempotent } from "../../src/application/Idempotency.js"
import { markNoShow } from "../../src/application/MarkNoShow.js"
import { rejectAppointment } from "../../src/application/RejectAppointment.js"
import {
  RescheduleAppointmentInput,
  rescheduleAppointment
} from "../../src/application/RescheduleAppointment.js"
import {
  actOnStaffLink,
  cancelByClient,
  clientAvailability,
  confirmByClient,
  getManagePage,
  getStaffLinkPage,
  rescheduleByClient
} from "../../src/application/SelfService.js"
import type { Appointment } from "../../src/domain/Appointment.js"
import type { PolicyViolation } from "../../src/domain/Errors.js"
import { formatInZone } from "../../src/domain/LocalTime.js"
import { Outbox } from "../../src/ports/Outbox.js"
import { AppointmentRepository, CustomerRepository } from "../../src/ports/Repositories.js"
import { layerTest, RecordedDeliveries, setRules } from "../../src/testing/index.js"
import { book, decodeCreate, decodeOnline, NOW, type Salon, salonAtNow } from "../support/salon.js"

const decodeReschedule = Schema.decodeUnknownSync(RescheduleAppointmentInput)

const tokenOf = (url: string | undefined) => url?.split("/").pop()?.split("?")[0] ?? ""

/** The customer's manage link from the confirmation email of `appointment`. */
const manageToken = (salon: Salon, appointment: Appointment) =>
  Effect.gen(function* () {
    const messages = yield* (yield* Outbox).list(salon.business.id, { appointmentId: appointment.id })
    const withLink = messages.find((m) => m.recipientRole === "customer" && m.links.manage !== undefined)
    assert.isDefined(withLink, "a customer message with a manage link")
    return tokenOf(withLink!.links.manage)
  })

const pendingEvents = (salon: Salon, appointmentId: string) =>
  Effect.gen(function* () {
    const messages = yield* (yield* Outbox).list(salon.business.id, { appointmentId, status: "pending" })
    return messages.map((m) => `${m.recipientRole}:${m.event}:${m.channel}`)
  })

describe("business changes", () => {
  it.effect("reschedules keeping the id and payment, re-plans reminders, records the previous time", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const { appointment } = yield* book(salon, "2026-03-04T10:00:00+01:00", {
        payment: { method: "card", status: "paid" }
      })
      const moved = yield* rescheduleAppointment({
        businessId: salon.business.id,
        appointmentId: appointment.id,
        actor: salon.owner,
        input: decodeReschedule({ start: "2026-03-05T15:00:00+01:00" })
      })
      assert.strictEqual(moved.appointment.id, appointment.id)
      assert.strictEqual(moved.appointment.status, "rescheduled")
      assert.strictEqual(moved.appointment.payment.status, "paid")
      assert.strictEqual(moved.appointment.start.toJSON(), "2026-03-05T14:00:00.000Z")
      const entry = moved.appointment.history.at(-1)!
      assert.strictEqual(entry.type, "rescheduled")
      assert.strictEqual(entry.data.previousStart, "2026-03-04T09:00:00.000Z")
      const reminders = (yield* (yield* Outbox).list(salon.business.id, {
        appointmentId: appointment.id
      })).filter((m) => m.event === "reminder" && m.status === "pending")
      assert.isTrue(reminders.length > 0)
      for (const r of reminders)
        assert.isTrue(r.sendAfter.epochMilliseconds < moved.appointment.start.epochMilliseconds)
      assert.isTrue(reminders.some((r) => r.sendAfter.toJSON() === "2026-03-04T14:00:00.000Z"))
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("moves the following occurrences of a series by the same local shift", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const created = yield* book(salon, "2026-03-17T11:00:00+01:00", {
        recurrence: { frequency: "weekly", count: 4 }
      })
      const second = created.series!.appointments[1]!
      const moved = yield* rescheduleAppointment({
        businessId: salon.business.id,
        appointmentId: second.id,
        actor: salon.owner,
        input: decodeReschedule({ start: "2026-03-24T14:00:00+01:00", scope: "following" })
      })
      assert.strictEqual(moved.changed.length, 3)
      const all = yield* (yield* AppointmentRepository).list(salon.business.id, {
        seriesId: created.series!.id
      })
      assert.deepStrictEqual(
        all.map((a) => formatInZone(a.start, "Europe/Paris")),
        [
          "2026-03-17T11:00:00.000+01:00",
          "2026-03-24T14:00:00.000+01:00",
          "2026-03-31T14:00:00.000+02:00",
          "2026-04-07T14:00:00.000+02:00"
        ]
      )
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("cancels a whole series with a personal message, and drops the reminders", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const created = yield* book(salon, "2026-03-17T11:00:00+01:00", {
        recurrence: { frequency: "weekly", count: 3 }
      })
      const result = yield* cancelAppointment({
        businessId: salon.business.id,
        appointmentId: created.series!.appointments[0]!.id,
        actor: salon.owner,
        input: { message: "The salon is closed for works", scope: "series" }
      })
      assert.deepStrictEqual(
        result.changed.map((a) => a.status),
        ["cancelled", "cancelled", "cancelled"]
      )
      for (const a of result.changed) {
        const pending = yield* pendingEvents(salon, a.id)
        assert.isFalse(pending.some((e) => e.includes(":reminder:")))
      }
      const messages = yield* (yield* Outbox).list(salon.business.id, {
        appointmentId: created.series!.appointments[0]!.id
      })
      const cancelled = messages.find((m) => m.event === "cancelled" && m.recipientRole === "customer")
      assert.strictEqual(cancelled!.intent?.data.message, "The salon is closed for works")
      // Rendered when sent: the message is in the words the customer reads.
      yield* deliverDueMessages(100)
      const sent = (yield* RecordedDeliveries).sent.find((m) => m.id === cancelled!.id)
      assert.include(sent!.text, "The salon is closed for works")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("honours notifyCustomer: false on a rejection", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const { appointment } = yield* book(salon, "2026-03-04T10:00:00+01:00")
      const result = yield* rejectAppointment({
        businessId: salon.business.id,
        appointmentId: appointment.id,
        actor: salon.owner,
        input: { notifyCustomer: false }
      })
      assert.strictEqual(result.appointment.status, "rejected")
      const messages = yield* (yield* Outbox).list(salon.business.id, { appointmentId: appointment.id })
      assert.isFalse(messages.some((m) => m.event === "rejected" && m.recipientRole === "customer"))
      assert.isTrue(messages.some((m) => m.event === "rejected" && m.recipientRole === "staff"))
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("lets a staff user book for themselves only", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const asBen = salon.staffUser(salon.ben.id)
      const own = yield* createAppointment({
        businessId: salon.business.id,
        actor: asBen,
        input: decodeCreate({ start: "2026-03-04T10:00:00+01:00", items: [{ serviceId: salon.haircut.id }] })
      })
      assert.strictEqual(own.appointment.items[0]!.staffId, salon.ben.id)
      const other = yield* createAppointment({
        businessId: salon.business.id,
        actor: asBen,
        input: decodeCreate({
          start: "2026-03-04T11:00:00+01:00",
          items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }]
        })
      }).pipe(Effect.flip)
      assert.strictEqual(other._tag, "Forbidden")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("lets a staff user act only on their own appointments", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const { appointment } = yield* book(salon, "2026-03-04T10:00:00+01:00")
      const denied = yield* cancelAppointment({
        businessId: salon.business.id,
        appointmentId: appointment.id,
        actor: salon.staffUser(salon.ben.id),
        input: {}
      }).pipe(Effect.flip)
      assert.strictEqual(denied._tag, "Forbidden")
      const allowed = yield* cancelAppointment({
        businessId: salon.business.id,
        appointmentId: appointment.id,
        actor: salon.staffUser(salon.anna.id),
        input: {}
      })
      assert.strictEqual(allowed.appointment.status, "cancelled")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("completes ended appointments, never pending ones, and counts no-shows on the profile", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const approved = (yield* book(salon, "2026-03-02T10:00:00+01:00")).appointment
      const pending = (yield* book(salon, "2026-03-02T11:00:00+01:00", {
        confirmation: "request_client_confirmation"
      })).appointment
      yield* TestClock.setTime(DateTime.makeUnsafe("2026-03-02T12:00:00Z").epochMilliseconds)
      const completed = yield* completeEndedAppointments()
      assert.strictEqual(completed, 1)
      const repo = yield* AppointmentRepository
      assert.strictEqual((yield* repo.get(salon.business.id, approved.id)).status, "completed")
      assert.strictEqual((yield* repo.get(salon.business.id, pending.id)).status, "pending")
      const follow = yield* pendingEvents(salon, approved.id)
      assert.include(follow, "customer:follow_up:email")

      const marked = yield* markNoShow({
        businessId: salon.business.id,
        appointmentId: approved.id,
        actor: salon.owner,
        input: { noShow: true }
      })
      assert.isTrue(marked.appointment.noShow)
      const customers = yield* CustomerRepository
      assert.strictEqual((yield* customers.get(salon.business.id, salon.alice.id)).noShowCount, 1)
      assert.include(yield* pendingEvents(salon, approved.id), "customer:missed:email")
      yield* markNoShow({
        businessId: salon.business.id,
        appointmentId: approved.id,
        actor: salon.owner,
        input: { noShow: false }
      })
      assert.strictEqual((yield* customers.get(salon.business.id, salon.alice.id)).noShowCount, 0)
    }).pipe(Effect.provide(layerTest))
  )
})

describe("self-service through the manage link", () => {
  it.effect("shows the allowed actions; opening the page changes nothing", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const { appointment } = yield* book(salon, "2026-03-04T10:00:00+01:00", {
        confirmation: "request_client_confirmation"
      })
      const token = yield* manageToken(salon, appointment)
      const page = yield* getManagePage(token)
      assert.deepStrictEqual(page.allowed, {
        cancel: { allowed: true },
        reschedule: { allowed: true },
        confirm: { allowed: true }
      })
      assert.strictEqual(page.appointment.version, appointment.version)
      const confirmed = yield* confirmByClient(token)
      assert.strictEqual(confirmed.appointment.status, "approved")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("cancels only with the booking's email address and within the notice", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const { appointment } = yield* book(salon, "2026-03-04T10:00:00+01:00")
      const token = yield* manageToken(salon, appointment)
      const wrong = yield* cancelByClient(token, { email: "someone@else.test" }).pipe(Effect.flip)
      assert.strictEqual((wrong as PolicyViolation).reason, "email_mismatch")
      // 23 hours before: the default rules ask for 24 hours' notice.
      yield* TestClock.setTime(DateTime.makeUnsafe("2026-03-03T10:00:00Z").epochMilliseconds)
      const late = yield* cancelByClient(token, { email: "alice@example.test" }).pipe(Effect.flip)
      assert.strictEqual((late as PolicyViolation).reason, "notice_too_short")
      yield* TestClock.setTime(NOW.epochMilliseconds)
      const done = yield* cancelByClient(token, { email: " Alice@Example.test " })
      assert.strictEqual(done.appointment.status, "cancelled")
      assert.strictEqual(done.appointment.updatedBy.kind, "customer")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("reschedules to an offered time with the same staff member, and refuses with a reason", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const { appointment } = yield* book(salon, "2026-03-05T10:00:00+01:00")
      const token = yield* manageToken(salon, appointment)
      const { slots } = yield* clientAvailability(token, { from: "2026-03-06", to: "2026-03-06" } as never)
      assert.isTrue(slots.length > 0)
      assert.isTrue(slots.every((s) => s.items[0]!.staffId === salon.anna.id))
      const moved = yield* rescheduleByClient(token, { start: DateTime.makeUnsafe("2026-03-06T13:00:00Z") })
      assert.strictEqual(moved.appointment.start.toJSON(), "2026-03-06T13:00:00.000Z")
      assert.strictEqual(moved.appointment.items[0]!.staffId, salon.anna.id)
      const outOfHours = yield* rescheduleByClient(token, {
        start: DateTime.makeUnsafe("2026-03-06T20:00:00Z")
      }).pipe(Effect.flip)
      assert.strictEqual(outOfHours._tag, "PolicyViolation")

      yield* setRules(salon.business.id, { clientReschedule: { enabled: false } })
      // The snapshot was taken at creation: the new rule does not apply to this appointment.
      const still = yield* getManagePage(token)
      assert.isTrue(still.allowed.reschedule.allowed)
      const second = (yield* book(salon, "2026-03-05T15:00:00+01:00")).appointment
      const refused = yield* rescheduleByClient(yield* manageToken(salon, second), {
        start: DateTime.makeUnsafe("2026-03-06T14:00:00Z")
      }).pipe(Effect.flip)
      assert.strictEqual((refused as PolicyViolation).reason, "client_reschedule_disabled")
      // The rule answers first, even for a time that is taken.
      const taken = yield* rescheduleByClient(yield* manageToken(salon, second), {
        start: moved.appointment.start
      }).pipe(Effect.flip)
      assert.strictEqual((taken as PolicyViolation).reason, "client_reschedule_disabled")
    }).pipe(Effect.provide(layerTest))
  )
})

describe("staff action links", () => {
  it.effect("approves a pending online booking from the staff email; a customer link cannot approve", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      yield* setRules(salon.business.id, { approvalMode: "manual" })
      const { appointment } = yield* bookOnline({
        businessId: salon.business.id,
        input: decodeOnline({
          start: "2026-03-04T10:00:00+01:00",
          items: [{ serviceId: salon.haircut.id, staffId: salon.ben.id }],
          customer: { firstName: "Chloé", lastName: "Petit", email: "chloe@example.test" }
        })
      })
      const messages = yield* (yield* Outbox).list(salon.business.id, { appointmentId: appointment.id })
      const staffMessage = messages.find((m) => m.recipientRole === "staff" && m.event === "pending")!
      assert.strictEqual(staffMessage.to, "ben@salon.test")
      const staffToken = tokenOf(staffMessage.links.approve)
      const customerToken = yield* manageToken(salon, appointment)
      const viaCustomer = yield* actOnStaffLink(customerToken, { action: "approve" }).pipe(Effect.flip)
      assert.strictEqual(viaCustomer._tag, "NotFound")
      const page = yield* getStaffLinkPage(staffToken)
      assert.strictEqual(page.appointment.status, "pending")
      const approved = yield* actOnStaffLink(staffToken, { action: "approve" })
      assert.strictEqual(approved.appointment.status, "approved")
      assert.strictEqual(approved.appointment.updatedBy.name, "Ben")
      const again = yield* approveAppointment({
        businessId: salon.business.id,
        appointmentId: appointment.id,
        actor: salon.owner
      }).pipe(Effect.flip)
      assert.strictEqual(again._tag, "InvalidTransition")
    }).pipe(Effect.provide(layerTest))
  )
})

describe("delivery and idempotency", () => {
  it.effect("retries a failed delivery with backoff and sends each message once", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const { appointment } = yield* book(salon, "2026-03-04T10:00:00+01:00")
      const deliveries = yield* RecordedDeliveries
      deliveries.failNext = 1
      const first = yield* deliverDueMessages()
      assert.strictEqual(first.retried, 1)
      const afterFirst = deliveries.sent.length
      const second = yield* deliverDueMessages()
      assert.strictEqual(second.sent, 0, "the failed one waits for its backoff")
      yield* TestClock.adjust("10 minutes")
      const third = yield* deliverDueMessages()
      assert.strictEqual(third.sent, 1)
      const ids = deliveries.sent.map((m) => m.id)
      assert.strictEqual(new Set(ids).size, ids.length, "nothing sent twice")
      assert.strictEqual(ids.length, afterFirst + 1)
      const failedOnce = (yield* (yield* Outbox).list(salon.business.id, {
        appointmentId: appointment.id
      })).find((m) => m.attempts === 2)
      assert.isDefined(failedOnce)
      assert.strictEqual(failedOnce!.status, "sent")
      assert.strictEqual(failedOnce!.lastError, "provider unavailable")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("replays a request with the same key and refuses the key with another request", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const run = (hash: string, start: string) =>
        idempotent({
          businessId: salon.business.id,
          key: "key-1",
          requestHash: hash,
          effect: book(salon, start).pipe(
            Effect.map((r) => ({ status: 201, body: { id: r.appointment.id } }))
          )
        })
      const first = yield* run("h1", "2026-03-04T10:00:00+01:00")
      const replay = yield* run("h1", "2026-03-04T10:00:00+01:00")
      assert.isFalse(first.replayed)
      assert.isTrue(replay.replayed)
      assert.deepStrictEqual(replay.body, first.body)
      const conflict = yield* run("h2", "2026-03-04T12:00:00+01:00").pipe(Effect.flip)
      assert.strictEqual(conflict._tag, "IdempotencyConflict")
      assert.strictEqual((yield* (yield* AppointmentRepository).list(salon.business.id, {})).length, 1)
    }).pipe(Effect.provide(layerTest))
  )
})
