/**
 * The retry policy of failed deliveries: each wait lies between half and all of a ceiling that
 * doubles after each failure up to a cap, the jitter spreads retries over that range, and after
 * the last attempt there is no retry. The delivery loop follows the policy the application
 * provides.
 */
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { cancelAppointment } from "../../src/application/CancelAppointment.js"
import { DeliveryRetryPolicy, deliverDueMessages } from "../../src/application/DeliverOutbox.js"
import { updateBusiness } from "../../src/application/ManageBusiness.js"
import {
  defaultRetryPolicy,
  MAX_DELIVERY_ATTEMPTS,
  type RetryPolicy,
  retryDelayMillis
} from "../../src/domain/DeliveryPolicy.js"
import { formatInZone } from "../../src/domain/LocalTime.js"
import type { NotificationIntent } from "../../src/domain/NotificationPlan.js"
import { Outbox, type OutboxMessage } from "../../src/ports/Outbox.js"
import {
  AppointmentRepository,
  CustomerRepository,
  PersistenceError,
  StaffRepository
} from "../../src/ports/Repositories.js"
import { layerTest, RecordedDeliveries, seedSalon } from "../../src/testing/index.js"
import { book, salonAtNow } from "../support/salon.js"

const SECOND = 1_000
const HOUR = 3_600_000
const randoms = [0, 0.001, 0.25, 0.5, 0.75, 0.999_999]

/** A repository read that fails as it would with the database unreachable. */
const unreachable = (operation: string) => () =>
  Effect.fail(new PersistenceError({ operation, cause: new Error("unreachable") }))

describe("retryDelayMillis", () => {
  it("doubles the ceiling after each failure, from 30 seconds", () => {
    const ceilings = [30, 60, 120, 240, 480, 960, 1920].map((s) => s * SECOND)
    ceilings.forEach((ceiling, i) => {
      const attempts = i + 1
      assert.strictEqual(retryDelayMillis(attempts, 0), ceiling / 2, `attempt ${attempts}, no jitter`)
      assert.strictEqual(retryDelayMillis(attempts, 0.999_999), Math.round(ceiling * 0.999_999_5))
      for (const random of randoms) {
        const delay = retryDelayMillis(attempts, random)!
        assert.isAtLeast(delay, ceiling / 2)
        assert.isAtMost(delay, ceiling)
      }
    })
  })

  it("spreads retries over the range instead of sending them all at once", () => {
    const delays = randoms.map((r) => retryDelayMillis(3, r)!)
    assert.strictEqual(new Set(delays).size, randoms.length)
    assert.deepStrictEqual(
      delays,
      [...delays].sort((a, b) => a - b)
    )
  })

  it("never waits longer than the cap", () => {
    const policy: RetryPolicy = { baseMillis: 30 * SECOND, capMillis: 6 * HOUR, maxAttempts: 40 }
    for (let attempts = 1; attempts < 40; attempts++) {
      assert.isAtMost(retryDelayMillis(attempts, 0.999_999, policy)!, 6 * HOUR)
    }
    assert.strictEqual(retryDelayMillis(30, 0, policy), 3 * HOUR)
    assert.strictEqual(defaultRetryPolicy.capMillis, 6 * HOUR)
  })

  it("gives up after the maximum number of attempts", () => {
    assert.strictEqual(MAX_DELIVERY_ATTEMPTS, 8)
    assert.isNotNull(retryDelayMillis(MAX_DELIVERY_ATTEMPTS - 1, 0.5))
    assert.isNull(retryDelayMillis(MAX_DELIVERY_ATTEMPTS, 0.5))
    assert.isNull(retryDelayMillis(MAX_DELIVERY_ATTEMPTS + 3, 0.5))
  })

  it("follows a policy of the application's own", () => {
    const quick: RetryPolicy = { baseMillis: 200, capMillis: 1_000, maxAttempts: 3 }
    assert.strictEqual(retryDelayMillis(1, 0, quick), 100)
    assert.strictEqual(retryDelayMillis(2, 0, quick), 200)
    assert.isNull(retryDelayMillis(3, 0, quick))
    const capped: RetryPolicy = { ...quick, maxAttempts: 10 }
    assert.strictEqual(retryDelayMillis(9, 0.999_999, capped), 1_000)
  })
})

const message: OutboxMessage = {
  id: "ntf_1",
  businessId: "biz_1",
  appointmentId: null,
  seriesId: null,
  channel: "sms",
  recipientRole: "customer",
  to: "+33600000000",
  event: "reminder",
  subject: "reminder",
  text: "À demain 10:00",
  html: null,
  links: {},
  attachments: [],
  intent: null,
  webhookId: null,
  sendAfter: DateTime.makeUnsafe(0),
  status: "pending",
  attempts: 0,
  lastError: null,
  sentAt: null,
  createdAt: DateTime.makeUnsafe(0)
}

describe("deliverDueMessages", () => {
  const retryAfterOneFailure = Effect.gen(function* () {
    const outbox = yield* Outbox
    yield* outbox.enqueue([message])
    const deliveries = yield* RecordedDeliveries
    deliveries.failNext = 1
    assert.deepStrictEqual(yield* deliverDueMessages(), { sent: 0, retried: 1, failed: 0, dropped: 0 })
    const [waiting] = yield* outbox.list("biz_1", {})
    return waiting!.sendAfter.epochMilliseconds
  })

  it.effect("waits 15 to 30 seconds before the first retry by default", () =>
    Effect.gen(function* () {
      const retryAt = yield* retryAfterOneFailure
      assert.isAtLeast(retryAt, 15_000)
      assert.isAtMost(retryAt, 30_000)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("follows the retry policy the application provides", () =>
    Effect.gen(function* () {
      const retryAt = yield* retryAfterOneFailure
      assert.isAtLeast(retryAt, 250)
      assert.isAtMost(retryAt, 500)
    }).pipe(
      Effect.provide(
        Layer.merge(layerTest, Layer.succeed(DeliveryRetryPolicy, { ...defaultRetryPolicy, baseMillis: 500 }))
      )
    )
  )

  it.effect("a notification whose appointment is gone cannot be written: it fails at once, unsent", () =>
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const salon = yield* seedSalon()
      const intent: NotificationIntent = {
        event: "reminder",
        recipientRole: "customer",
        channel: "email",
        to: "alice@example.test",
        recipientName: "Alice",
        staffId: null,
        appointmentId: "apt_gone" as NotificationIntent["appointmentId"],
        seriesId: null,
        links: [],
        sendAfter: DateTime.makeUnsafe(0),
        attachIcs: false,
        data: {}
      }
      yield* outbox.enqueue([
        { ...message, businessId: salon.business.id, subject: null, text: null, intent, channel: "email" }
      ])
      assert.deepStrictEqual(yield* deliverDueMessages(), { sent: 0, retried: 0, failed: 1, dropped: 0 })
      const [failed] = yield* outbox.list(salon.business.id, {})
      assert.strictEqual(failed!.status, "failed")
      assert.strictEqual(failed!.lastError, "Cannot render: the appointment apt_gone is gone.")
      assert.isNull(failed!.subject)
      assert.deepStrictEqual((yield* RecordedDeliveries).sent, [])
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("a notification no longer true when it comes due is dropped; the cancellation is sent", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const { appointment } = yield* book(salon, "2026-03-10T10:00:00+01:00")
      yield* cancelAppointment({
        businessId: salon.business.id,
        appointmentId: appointment.id,
        actor: salon.owner,
        input: {}
      })
      const report = yield* deliverDueMessages(100)
      const sent = (yield* RecordedDeliveries).sent.map((m) => `${m.recipientRole}:${m.event}`).sort()
      assert.deepStrictEqual(sent, ["customer:cancelled", "staff:cancelled"])
      assert.isAbove(report.dropped, 0)
      const messages = yield* (yield* Outbox).list(salon.business.id, { appointmentId: appointment.id })
      for (const m of messages.filter((m) => m.event === "confirmed")) {
        assert.strictEqual(m.status, "dropped")
        assert.isNull(m.subject)
      }
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("a notification is written once: a retry sends the words of the first attempt", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const { appointment } = yield* book(salon, "2026-03-10T10:00:00+01:00")
      const deliveries = yield* RecordedDeliveries
      deliveries.failNext = 100
      const first = yield* deliverDueMessages(100)
      assert.strictEqual(first.sent, 0)
      assert.isAbove(first.retried, 0)
      const written = (yield* (yield* Outbox).list(salon.business.id, {
        appointmentId: appointment.id
      })).find((m) => m.event === "confirmed" && m.recipientRole === "customer")!
      assert.strictEqual(written.status, "pending")
      assert.strictEqual(written.subject, "confirmed: Salon Lumière")
      // The business is renamed before the retry: the retry still sends what the first attempt wrote.
      yield* updateBusiness(salon.business.id, { name: "Salon Renommé" })
      deliveries.failNext = 0
      yield* TestClock.adjust("1 hour")
      yield* deliverDueMessages(100)
      const retried = deliveries.sent.find((m) => m.id === written.id)!
      assert.strictEqual(retried.subject, "confirmed: Salon Lumière")
      assert.strictEqual(retried.text, written.text)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("a series' confirmation announces the occurrences still planned when it comes due", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const created = yield* book(salon, "2026-03-17T11:00:00+01:00", {
        recurrence: { frequency: "weekly", count: 3 }
      })
      const [first, second, third] = created.series!.appointments
      yield* cancelAppointment({
        businessId: salon.business.id,
        appointmentId: first!.id,
        actor: salon.owner,
        input: {}
      })
      yield* deliverDueMessages(100)
      const sent = (yield* RecordedDeliveries).sent
      const confirmation = sent.find((m) => m.event === "confirmed" && m.recipientRole === "customer")!
      const zone = salon.business.timezone
      assert.include(confirmation.text, `Start: ${formatInZone(second!.start, zone)}`)
      assert.include(
        confirmation.text,
        `Dates: ${formatInZone(second!.start, zone)}, ${formatInZone(third!.start, zone)}`
      )
      assert.isTrue(sent.some((m) => m.event === "cancelled" && m.recipientRole === "customer"))

      // Every occurrence cancelled before it comes due: nothing is left to announce.
      const other = yield* book(salon, "2026-03-18T11:00:00+01:00", {
        recurrence: { frequency: "weekly", count: 2 }
      })
      yield* cancelAppointment({
        businessId: salon.business.id,
        appointmentId: other.series!.appointments[0]!.id,
        actor: salon.owner,
        input: { scope: "series" }
      })
      const report = yield* deliverDueMessages(100)
      assert.isAbove(report.dropped, 0)
      assert.isFalse(
        (yield* RecordedDeliveries).sent.some(
          (m) => m.event === "confirmed" && m.appointmentId === other.series!.appointments[0]!.id
        )
      )
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("a series' confirmation whose occurrences cannot be read now is retried, not dropped", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      yield* book(salon, "2026-03-17T11:00:00+01:00", { recurrence: { frequency: "weekly", count: 2 } })
      const repo = yield* AppointmentRepository
      const report = yield* deliverDueMessages(100).pipe(
        Effect.provideService(AppointmentRepository, { ...repo, get: unreachable("appointments.get") })
      )
      assert.strictEqual(report.dropped, 0)
      assert.isAbove(report.retried, 0)
      yield* TestClock.adjust("1 hour")
      yield* deliverDueMessages(100)
      assert.isTrue(
        (yield* RecordedDeliveries).sent.some(
          (m) => m.event === "confirmed" && m.recipientRole === "customer"
        )
      )
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("renders the messages of one appointment from one read of it and of its customer per round", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const first = yield* book(salon, "2026-03-17T11:00:00+01:00")
      yield* book(salon, "2026-03-17T15:00:00+01:00")
      const reads = { appointments: [] as Array<string>, customers: [] as Array<string> }
      const appointments = yield* AppointmentRepository
      const customers = yield* CustomerRepository
      const counting = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        effect.pipe(
          Effect.provideService(AppointmentRepository, {
            ...appointments,
            get: (businessId, id) => {
              reads.appointments.push(id)
              return appointments.get(businessId, id)
            }
          }),
          Effect.provideService(CustomerRepository, {
            ...customers,
            get: (businessId, id) => {
              reads.customers.push(id)
              return customers.get(businessId, id)
            }
          })
        )
      const report = yield* counting(deliverDueMessages(100))
      // Each booking's confirmation to the customer and notice to the staff member.
      assert.strictEqual(report.sent, 4)
      assert.lengthOf(reads.appointments, 2, "each appointment read once")
      assert.lengthOf(reads.customers, 1, "the one customer read once")
      // The next round reads again: what it renders is as things are then.
      yield* cancelAppointment({
        businessId: salon.business.id,
        actor: salon.owner,
        appointmentId: first.appointment.id,
        input: {}
      })
      yield* counting(deliverDueMessages(100))
      assert.include(reads.appointments.slice(2), first.appointment.id)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("a notification whose staff member cannot be read now is retried, not sent without them", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      yield* book(salon, "2026-03-17T11:00:00+01:00")
      const staff = yield* StaffRepository
      const report = yield* deliverDueMessages(100).pipe(
        Effect.provideService(StaffRepository, { ...staff, get: unreachable("staff.get") })
      )
      assert.strictEqual(report.sent, 0)
      assert.isAbove(report.retried, 0)
      assert.lengthOf((yield* RecordedDeliveries).sent, 0)
    }).pipe(Effect.provide(layerTest))
  )
})
