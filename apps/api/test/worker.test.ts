/**
 * The worker on the real persistence (in-memory PGlite) with short real intervals: it delivers
 * due messages through the development transports (the outbox rows become `sent`), completes
 * ended appointments, and keeps going after a failed round.
 */
import {
  AppointmentRepository,
  addDays,
  CreateAppointmentInput,
  createAppointment,
  EmailTransport,
  Outbox,
  type OutboxMessage,
  SmsTransport
} from "@creneau/core"
import { seedSalon } from "@creneau/core/testing"
import { layerPostgresAll } from "@creneau/drizzle"
import { freshDatabase } from "@creneau/drizzle/testing"
import { assert, describe, it } from "@effect/vitest"
import { Context, DateTime, Effect, Fiber, Layer, Logger, References, Schema } from "effect"
import { layerServicesWith } from "../src/Services.js"
import { runWorker } from "../src/WorkerLoops.js"
import { dateAhead, parisTime } from "./support/http.js"
import { fastCredentials, layerTestServices, TEST_DATABASE_URL, testConfig } from "./support/services.js"

const decode = Schema.decodeUnknownSync(CreateAppointmentInput)
const fast = { deliverEvery: "20 millis", completeEvery: "20 millis" } as const

/** Poll `check` until it holds, for at most `ms`. */
const eventually = <E, R>(check: Effect.Effect<boolean, E, R>, ms = 10_000) =>
  Effect.gen(function* () {
    const deadline = Date.now() + ms
    while (Date.now() < deadline) {
      if (yield* check) return
      yield* Effect.sleep("20 millis")
    }
    return yield* Effect.die(new Error(`not within ${ms} ms`))
  })

const due = (messages: ReadonlyArray<OutboxMessage>, now: number) =>
  messages.filter((m) => m.sendAfter.epochMilliseconds <= now)

/** Tomorrow-ish at 10:00 in Paris on a working day of the salon (Monday to Saturday). */
const upcoming = () => {
  const date = new Date(Date.now() + 2 * 86_400_000)
  if (date.getUTCDay() === 0) date.setUTCDate(date.getUTCDate() + 1)
  return `${date.toISOString().slice(0, 10)}T10:00:00+01:00`
}

const booking = Effect.fnUntraced(function* () {
  const salon = yield* seedSalon()
  const future = yield* createAppointment({
    businessId: salon.business.id,
    actor: salon.owner,
    input: decode({
      start: upcoming(),
      items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
      customerId: salon.alice.id
    })
  })
  const past = yield* createAppointment({
    businessId: salon.business.id,
    actor: salon.owner,
    input: decode({
      start: DateTime.formatIso(DateTime.makeUnsafe(Date.now() - 3 * 3_600_000)),
      items: [{ serviceId: salon.haircut.id, staffId: salon.ben.id }],
      customerId: salon.bob.id,
      allowOutsideHours: true
    })
  })
  return { salon, future: future.appointment, past: past.appointment }
})

describe("worker", () => {
  it.layer(layerTestServices("pglite"), { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("delivers due messages and completes ended appointments", () =>
      Effect.gen(function* () {
        const { salon, future, past } = yield* booking()
        const outbox = yield* Outbox
        const appointments = yield* AppointmentRepository
        const startedAt = Date.now()
        const before = due(yield* outbox.list(salon.business.id, { appointmentId: future.id }), startedAt)
        assert.isTrue(before.some((m) => m.to === "alice@example.test" && m.event === "confirmed"))
        assert.isTrue(before.every((m) => m.status === "pending"))

        const lines: Array<string> = []
        const worker = yield* Effect.forkChild(
          runWorker(fast).pipe(
            Effect.provide(Logger.layer([Logger.make(({ message }) => lines.push(String(message)))])),
            Effect.provideService(References.MinimumLogLevel, "Info")
          )
        )
        yield* eventually(
          Effect.map(outbox.list(salon.business.id, {}), (all) =>
            due(all, startedAt).every((m) => m.status === "sent" && m.sentAt !== null)
          )
        )
        yield* eventually(
          Effect.map(appointments.get(salon.business.id, past.id), (a) => a.status === "completed")
        )
        yield* Fiber.interrupt(worker)

        assert.strictEqual((yield* appointments.get(salon.business.id, future.id)).status, "approved")
        const sent = due(yield* outbox.list(salon.business.id, { appointmentId: future.id }), startedAt)
        assert.deepStrictEqual(
          sent.map((m) => m.attempts),
          sent.map(() => 1)
        )
        assert.isTrue(
          lines.some((l) => l.includes("[email] to=alice@example.test event=confirmed")),
          lines.join("\n")
        )
        assert.isTrue(lines.some((l) => l.includes("completed 1 ended appointment")))
      })
    )

    it.effect("logs a failed round and carries on", () =>
      Effect.gen(function* () {
        const { salon } = yield* booking()
        const outbox = yield* Outbox
        const startedAt = Date.now()
        let calls = 0
        const flaky = Outbox.of({
          ...outbox,
          claimDue: (...args) =>
            ++calls <= 2 ? Effect.die(new Error("database hiccup")) : outbox.claimDue(...args)
        })
        const errors: Array<string> = []
        const worker = yield* Effect.forkChild(
          runWorker(fast).pipe(
            Effect.provideService(Outbox, flaky),
            Effect.provide(
              Logger.layer([
                Logger.make(({ logLevel, message }) => {
                  if (logLevel === "Error") errors.push(String(message))
                })
              ])
            )
          )
        )
        yield* eventually(
          Effect.map(outbox.list(salon.business.id, {}), (all) =>
            due(all, startedAt).every((m) => m.status === "sent")
          )
        )
        yield* Fiber.interrupt(worker)
        assert.isAtLeast(calls, 3)
        assert.strictEqual(errors.filter((e) => e.includes("[worker] delivery failed")).length, 2)
      })
    )
  })
})

describe("two workers on one PostgreSQL database", () => {
  if (TEST_DATABASE_URL === undefined) {
    it.skip("TEST_DATABASE_URL is not set: two workers sharing PostgreSQL are not tested", () => {})
    return
  }
  it.live(
    "send each message exactly once",
    () =>
      Effect.gen(function* () {
        const url = yield* freshDatabase(TEST_DATABASE_URL!)
        const open = () =>
          Layer.build(
            layerServicesWith(testConfig(), layerPostgresAll(url, { max: 4 }), {
              credentials: fastCredentials
            })
          )
        const one = yield* open()
        const two = yield* open()

        const tue = dateAhead(3, "tue")
        const businessId = yield* Effect.gen(function* () {
          const salon = yield* seedSalon()
          for (let i = 0; i < 16; i++) {
            yield* createAppointment({
              businessId: salon.business.id,
              actor: salon.owner,
              input: decode({
                start: parisTime(addDays(tue, Math.floor(i / 8)), `${9 + (i % 8)}:00`.padStart(5, "0")),
                items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
                customerId: salon.alice.id
              })
            })
          }
          return salon.business.id
        }).pipe(Effect.provide(one))

        const sends = new Map<string, number>()
        const count = (message: OutboxMessage) =>
          Effect.sync(() => {
            sends.set(message.id, (sends.get(message.id) ?? 0) + 1)
          })
        const worker = (context: typeof one) =>
          runWorker({ deliverEvery: "10 millis", completeEvery: "1 second", batchSize: 5 }).pipe(
            Effect.provideService(EmailTransport, EmailTransport.of({ send: count })),
            Effect.provideService(SmsTransport, SmsTransport.of({ send: count })),
            Effect.provide(context)
          )
        const startedAt = Date.now()
        const fibers = [yield* Effect.forkChild(worker(one)), yield* Effect.forkChild(worker(two))]
        const outbox = Context.get(one, Outbox)
        yield* eventually(
          Effect.map(outbox.list(businessId, { limit: 1000 }), (all) =>
            due(all, startedAt).every((m) => m.status === "sent")
          )
        )
        yield* Fiber.interruptAll(fibers)
        const sent = due(yield* outbox.list(businessId, { limit: 1000 }), startedAt)
        assert.isAtLeast(sent.length, 32)
        assert.strictEqual(sends.size, sent.length)
        assert.deepStrictEqual(new Set(sends.values()), new Set([1]))
      }),
    { timeout: 60_000 }
  )
})
