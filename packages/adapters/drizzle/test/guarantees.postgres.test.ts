/**
 * The persistence guarantees on PostgreSQL under real load, each in a database created for it
 * (and dropped after it) on the server of TEST_DATABASE_URL; skipped without it:
 * - 50 concurrent bookings of one slot through the core's `createAppointment`, over a pool of 20
 *   connections: one wins, 49 get SlotUnavailable, and only the winner's rows and messages exist;
 * - two workers, each with its own pool as two processes would have, delivering the same 200 due
 *   messages through the core's `deliverDueMessages`: each is delivered once and ends `sent`;
 * - a use case transaction whose backend is killed after its writes, before COMMIT: the use case
 *   fails with a PersistenceError (it does not hang), and none of its rows remain.
 */
import {
  CreateAppointmentInput,
  createAppointment,
  deliverDueMessages,
  Links,
  Outbox,
  type OutboxMessage,
  PersistenceError,
  UnitOfWork
} from "@creneau/core"
import {
  layerPlainRenderer,
  layerRecordingTransports,
  RecordedDeliveries,
  seedSalon
} from "@creneau/core/testing"
import { assert, describe, it } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { DateTime, Deferred, Effect, Exit, Fiber, Layer, Result, Schedule, Schema } from "effect"
import { Database, layerPostgresAll } from "../src/index.js"
import { freshDatabase } from "../src/testing/freshDatabase.js"
import { rows, sqlClient } from "./support/sqlClient.js"

const serverUrl = process.env.TEST_DATABASE_URL ?? ""
const skipped = serverUrl === ""

const decodeCreate = Schema.decodeUnknownSync(CreateAppointmentInput)

/** What the use cases need besides persistence. */
const services = Layer.mergeAll(layerPlainRenderer, Links.layer("https://creneau.test"))

/** Every persistence port on `url` through a pool of `max` connections, plus renderer and links. */
const onPostgres = (url: string, max: number) =>
  Layer.merge(layerPostgresAll(url, { max, migrate: false }), services)

/** A fresh, migrated database; its URL. */
const migratedDatabase = Effect.gen(function* () {
  const url = yield* freshDatabase(serverUrl)
  // Building the layer once runs the migrations.
  yield* Effect.provide(Effect.void, layerPostgresAll(url, { max: 1 }))
  return url
})

/** Counts of the rows of each appointment table and of the outbox, for one business. */
const countRows = (url: string, businessId: string) =>
  Effect.gen(function* () {
    const sql = yield* sqlClient(url)
    const [counts] = yield* rows<{
      appointments: number
      items: number
      history: number
      outbox: number
      tokens: number
    }>(
      sql,
      `select
         (select count(*)::int from appointments where business_id = $1) as appointments,
         (select count(*)::int from appointment_items where business_id = $1) as items,
         (select count(*)::int from appointment_history h join appointments a on a.id = h.appointment_id
            where a.business_id = $1) as history,
         (select count(*)::int from outbox where business_id = $1) as outbox,
         (select count(*)::int from action_tokens where business_id = $1) as tokens`,
      [businessId]
    )
    return counts!
  }).pipe(Effect.scoped)

const tally = <A, E extends { readonly _tag: string }>(results: ReadonlyArray<Result.Result<A, E>>) => {
  const counts: Record<string, number> = {}
  for (const r of results) {
    const key = Result.isSuccess(r) ? "success" : r.failure._tag
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

const bookAt = (salon: Effect.Success<ReturnType<typeof seedSalon>>, start: string) =>
  createAppointment({
    businessId: salon.business.id,
    actor: salon.owner,
    input: decodeCreate({
      start,
      items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
      customerId: salon.alice.id
    })
  })

describe.skipIf(skipped)(
  `postgres guarantees${skipped ? " (skipped: TEST_DATABASE_URL is not set, these tests need PostgreSQL)" : ""}`,
  () => {
    it.live(
      "50 concurrent bookings of one slot through createAppointment (pool of 20): one wins, 49 get SlotUnavailable, only the winner's rows remain",
      () =>
        Effect.gen(function* () {
          const url = yield* migratedDatabase
          yield* Effect.gen(function* () {
            const salon = yield* seedSalon()
            const results = yield* Effect.forEach(
              Array.from({ length: 50 }),
              () => Effect.result(bookAt(salon, "2031-03-03T10:00:00+01:00")),
              { concurrency: "unbounded" }
            )
            assert.deepStrictEqual(tally(results), { success: 1, SlotUnavailable: 49 })
            const winner = results.find(Result.isSuccess)!.success.appointment

            const sql = yield* sqlClient(url)
            const appointmentIds = yield* rows<{ id: string }>(
              sql,
              "select id from appointments where business_id = $1",
              [salon.business.id]
            )
            assert.deepStrictEqual(
              appointmentIds.map((r) => r.id),
              [winner.id]
            )
            const messages = yield* rows<{ appointment_id: string | null }>(
              sql,
              "select appointment_id from outbox where business_id = $1",
              [salon.business.id]
            )
            assert.isAbove(messages.length, 0, "the winner's notifications are in the outbox")
            assert.isTrue(
              messages.every((m) => m.appointment_id === winner.id),
              "no message of a losing booking remains"
            )
            const counts = yield* countRows(url, salon.business.id)
            assert.strictEqual(counts.appointments, 1)
            assert.strictEqual(counts.items, 1)
            assert.strictEqual(counts.history, 1)
          }).pipe(Effect.provide(onPostgres(url, 20)))
        }),
      30_000
    )

    it.live(
      "two workers with their own pools deliver 200 due messages concurrently: each exactly once, all sent",
      () =>
        Effect.gen(function* () {
          const url = yield* migratedDatabase
          const now = yield* DateTime.now
          const ids = yield* Effect.gen(function* () {
            const salon = yield* seedSalon()
            const messages: Array<OutboxMessage> = Array.from({ length: 200 }, (_, i) => ({
              id: `ntf_worker_${String(i).padStart(3, "0")}` as OutboxMessage["id"],
              businessId: salon.business.id,
              appointmentId: null,
              seriesId: null,
              channel: i % 2 === 0 ? "email" : "sms",
              recipientRole: "customer",
              to: i % 2 === 0 ? "alice@example.test" : "+33611111111",
              event: "reminder",
              subject: "Reminder",
              text: `Reminder ${i}`,
              html: null,
              links: {},
              attachments: [],
              intent: null,
              webhookId: null,
              sendAfter: DateTime.subtract(now, { minutes: 1 + (i % 7) }),
              status: "pending",
              attempts: 0,
              lastError: null,
              sentAt: null,
              createdAt: now
            }))
            yield* (yield* Outbox).enqueue(messages)
            return messages.map((m) => m.id)
          }).pipe(Effect.provide(onPostgres(url, 2)))

          const start = yield* Deferred.make<void>()
          /** One worker process: its own pool and transports, four delivery loops at once. */
          const worker = Effect.gen(function* () {
            yield* Deferred.await(start)
            const loop = Effect.gen(function* () {
              let delivered = 0
              while (true) {
                const report = yield* deliverDueMessages(5)
                if (report.sent + report.retried + report.failed === 0) return delivered
                delivered += report.sent
              }
            })
            yield* Effect.all([loop, loop, loop, loop], { concurrency: "unbounded" })
            return (yield* RecordedDeliveries).sent.map((m) => m.id)
          }).pipe(Effect.provide(Layer.merge(onPostgres(url, 5), layerRecordingTransports)))

          const running = yield* Effect.forkChild(Effect.all([worker, worker], { concurrency: "unbounded" }))
          // Both pools are being built: let them race for the same messages.
          yield* Deferred.succeed(start, undefined)
          const [first, second] = yield* Fiber.join(running)

          const deliveries = new Map<string, number>()
          for (const id of [...first, ...second]) deliveries.set(id, (deliveries.get(id) ?? 0) + 1)
          assert.strictEqual(deliveries.size, 200, "every message was delivered")
          assert.deepStrictEqual(
            [...deliveries].filter(([, n]) => n !== 1),
            [],
            "no message was delivered twice"
          )
          assert.isAbove(first.length, 0, "the first worker delivered some")
          assert.isAbove(second.length, 0, "the second worker delivered some")

          const sql = yield* sqlClient(url)
          const statuses = yield* rows<{ status: string; attempts: number; n: number }>(
            sql,
            "select status, attempts, count(*)::int as n from outbox where id = any($1) group by status, attempts",
            [ids]
          )
          assert.deepStrictEqual(statuses, [{ status: "sent", attempts: 1, n: 200 }])
        }),
      30_000
    )

    /**
     * The adapter's unit of work, paused after the use case's writes, before COMMIT: idle in the
     * transaction, or running a long statement. It reports its backend's pid.
     */
    const pausedUnitOfWork = (db: Database["Service"], busy: boolean) =>
      Effect.gen(function* () {
        const written = yield* Deferred.make<number>()
        const proceed = yield* Deferred.make<void>()
        const pause = Effect.gen(function* () {
          const [row] = yield* db.query(
            "test.backendPid",
            // postgres.js returns the rows themselves.
            (q) =>
              q.execute(sql`select pg_backend_pid() as pid`) as unknown as Promise<
                ReadonlyArray<{ readonly pid: number }>
              >
          )
          yield* Deferred.succeed(written, Number(row!.pid))
          if (busy) yield* db.query("test.sleep", (q) => q.execute(sql`select pg_sleep(20)`))
          else yield* Deferred.await(proceed)
        })
        const unitOfWork = UnitOfWork.of({
          transaction: (effect) => db.transaction(Effect.tap(effect, () => pause))
        })
        return { unitOfWork, written, proceed }
      })

    for (const busy of [false, true]) {
      it.live(
        `a use case transaction whose backend is killed before COMMIT, ${
          busy ? "during a statement" : "idle in transaction"
        }: the use case fails with a PersistenceError and leaves nothing behind`,
        () =>
          Effect.gen(function* () {
            const url = yield* migratedDatabase
            yield* Effect.gen(function* () {
              const salon = yield* seedSalon()
              const paused = yield* pausedUnitOfWork(yield* Database, busy)
              const booking = yield* Effect.forkChild(
                bookAt(salon, "2031-03-03T10:00:00+01:00").pipe(
                  Effect.provideService(UnitOfWork, paused.unitOfWork)
                )
              )
              const pid = yield* Deferred.await(paused.written)

              const admin = yield* sqlClient(url)
              const state = busy ? "active" : "idle in transaction"
              // The statement may take a moment to start.
              yield* rows<{ state: string }>(admin, "select state from pg_stat_activity where pid = $1", [
                pid
              ]).pipe(
                Effect.filterOrFail((r) => r[0]?.state === state),
                Effect.retry({ times: 50, schedule: Schedule.spaced("20 millis") }),
                Effect.orDie
              )
              const [xids] = yield* rows<{ n: number }>(
                admin,
                "select count(*)::int as n from pg_locks where pid = $1 and locktype = 'transactionid'",
                [pid]
              )
              assert.isAtLeast(xids?.n ?? 0, 1, "it has written")
              assert.strictEqual(
                (yield* countRows(url, salon.business.id)).appointments,
                0,
                "its writes are not visible before COMMIT"
              )
              yield* rows(admin, "select pg_terminate_backend($1)", [pid])

              // A hang fails the test with a TimeoutError.
              const exit = yield* Fiber.await(booking).pipe(Effect.timeout("10 seconds"))
              yield* Deferred.succeed(paused.proceed, undefined)
              assert.isTrue(Exit.isFailure(exit), "the use case fails")
              const error = Exit.isFailure(exit)
                ? exit.cause.reasons.find((r) => r._tag === "Fail")?.error
                : undefined
              assert.instanceOf(error, PersistenceError, "as a PersistenceError, not a defect")

              assert.deepStrictEqual(yield* countRows(url, salon.business.id), {
                appointments: 0,
                items: 0,
                history: 0,
                outbox: 0,
                tokens: 0
              })
              // The pool recovers and the slot is free again.
              const retried = yield* bookAt(salon, "2031-03-03T10:00:00+01:00")
              assert.strictEqual(retried.appointment.status, "approved")
              assert.strictEqual((yield* countRows(url, salon.business.id)).appointments, 1)
            }).pipe(Effect.provide(onPostgres(url, 4)))
          }),
        30_000
      )
    }
  }
)
