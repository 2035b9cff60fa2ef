/**
 * Availability from kept snapshots on PostgreSQL, in a database created for each test on the
 * server of TEST_DATABASE_URL (skipped without it): the suite of support/availabilitySuite.ts;
 * then two pools on one database, as two processes would have them: a write through one is seen
 * by the other's next reads (availability, booking contexts and appointment lists) once its
 * notification arrives, long before its snapshots and catalogs expire; a write made without the
 * adapter is seen once they expire; and a pool passes over its own notifications.
 */
import {
  AppointmentRepository,
  addDays,
  BookingContextStore,
  CreateAppointmentInput,
  createAppointment,
  getAvailability,
  Links,
  localDateOf,
  setWorkingHours
} from "@creneau/core"
import { layerPlainRenderer, salonWeek, seedSalon } from "@creneau/core/testing"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Layer, Logger, Schema } from "effect"
import { CHANNEL } from "../src/Changes.js"
import {
  Database,
  layerAvailabilitySnapshotsWith,
  layerBookingContextStore,
  layerCatalogCacheWith,
  layerPostgresAll
} from "../src/index.js"
import { freshDatabase } from "../src/testing/freshDatabase.js"
import { availabilitySuite, mondayAhead } from "./support/availabilitySuite.js"
import { eventually, keptOnceSettled } from "./support/kept.js"
import { rows, sqlClient } from "./support/sqlClient.js"

const serverUrl = process.env.TEST_DATABASE_URL ?? ""
const skipped = serverUrl === ""

const services = Layer.mergeAll(layerPlainRenderer, Links.layer("https://creneau.test"))

/** Every port on `url`, availability snapshots and catalogs kept `ttlMillis`. */
const onPostgres = (url: string, ttlMillis: number) =>
  Layer.merge(
    // Fresh: the store is one layer, which a build would otherwise share with layerPostgresAll's.
    Layer.merge(layerAvailabilitySnapshotsWith({ ttlMillis }), Layer.fresh(layerBookingContextStore)).pipe(
      Layer.provideMerge(layerCatalogCacheWith({ ttlMillis })),
      Layer.provideMerge(layerPostgresAll(url, { max: 3 }))
    ),
    services
  )

describe.skipIf(skipped)(
  `availability snapshots on PostgreSQL${skipped ? " (skipped: TEST_DATABASE_URL is not set, these tests need PostgreSQL)" : ""}`,
  () => {
    availabilitySuite("PostgreSQL", () =>
      Layer.unwrap(
        Effect.map(freshDatabase(serverUrl), (url) => Layer.merge(layerPostgresAll(url), services))
      )
    )

    it.live(
      "a write through one pool is seen by another's kept snapshots on notification; a write made without the adapter, on expiry",
      () =>
        Effect.gen(function* () {
          const url = yield* freshDatabase(serverUrl)
          const writer = yield* Layer.build(onPostgres(url, 60_000))
          const reader = yield* Layer.build(onPostgres(url, 60_000))
          const salon = yield* seedSalon().pipe(Effect.provide(writer))
          const monday = mondayAhead(yield* DateTime.now)
          const ask = getAvailability({
            businessId: salon.business.id,
            input: { serviceIds: [salon.colour.id], from: monday, to: addDays(monday, 6) }
          })
          const before = yield* ask.pipe(Effect.provide(reader))
          assert.isAbove(before.slots.length, 0)
          // Anna as a booking decision sees her: her Monday hours, then whether she is active.
          const anna = Effect.gen(function* () {
            const { staff } = yield* (yield* BookingContextStore).load({
              businessId: salon.business.id,
              from: DateTime.makeUnsafe(Date.parse(`${monday}T00:00:00Z`)),
              to: DateTime.makeUnsafe(Date.parse(`${monday}T00:00:00Z`) + 86_400_000),
              staffIds: [salon.anna.id]
            })
            return staff[0]!
          })
          assert.isAbove((yield* anna.pipe(Effect.provide(reader))).workingHours.weekly.mon.length, 0)

          // Anna, the only one who does colours, takes Monday off through the writer.
          yield* setWorkingHours(salon.business.id, salon.anna.id, {
            weekly: { ...salonWeek, mon: [] }
          }).pipe(Effect.provide(writer))
          const onMonday = (slots: ReadonlyArray<{ readonly start: DateTime.Utc }>) =>
            slots.filter((s) => localDateOf(s.start, "Europe/Paris") === monday).length
          assert.isAbove(onMonday(before.slots), 0)
          yield* eventually(
            "the reader saw the change, its snapshots being kept 60 s",
            Effect.map(ask.pipe(Effect.provide(reader)), (a) => (onMonday(a.slots) === 0 ? true : undefined))
          )
          assert.lengthOf(
            (yield* anna.pipe(Effect.provide(reader))).workingHours.weekly.mon,
            0,
            "and so did its booking contexts, their catalog being kept 60 s"
          )

          // A booking through the writer shows in the reader's list of the week, kept 10 s.
          const week = Effect.flatMap(Effect.service(AppointmentRepository), (repo) =>
            repo.list(salon.business.id, {
              from: DateTime.makeUnsafe(Date.parse(`${monday}T00:00:00Z`)),
              to: DateTime.makeUnsafe(Date.parse(`${addDays(monday, 7)}T00:00:00Z`))
            })
          )
          // The writer's earlier notifications may still be on their way: once they are in, the
          // reader answers the same list again.
          yield* keptOnceSettled(week.pipe(Effect.provide(reader)))
          const booked = yield* createAppointment({
            businessId: salon.business.id,
            actor: salon.owner,
            input: Schema.decodeUnknownSync(CreateAppointmentInput)({
              start: `${addDays(monday, 1)}T10:00:00+01:00`,
              items: [{ serviceId: salon.haircut.id, staffId: salon.ben.id }],
              customerId: salon.alice.id
            })
          }).pipe(Effect.provide(writer))
          yield* eventually(
            "the reader listed the booking, its lists being kept 10 s",
            Effect.map(week.pipe(Effect.provide(reader)), (listed) =>
              listed.some((a) => a.id === booked.appointment.id) ? true : undefined
            )
          )

          // A write made without the adapter: no notification; a reader keeping 300 ms sees it then.
          const shortLived = yield* Layer.build(onPostgres(url, 300))
          const kept = yield* ask.pipe(Effect.provide(shortLived))
          assert.isTrue((yield* anna.pipe(Effect.provide(shortLived))).active)
          const sql = yield* sqlClient(url)
          yield* rows(sql, "update staff_members set active = false where id = $1", [salon.anna.id])
          assert.deepStrictEqual((yield* ask.pipe(Effect.provide(shortLived))).slots, kept.slots)
          assert.isTrue((yield* anna.pipe(Effect.provide(shortLived))).active)
          yield* Effect.sleep("400 millis")
          assert.lengthOf((yield* ask.pipe(Effect.provide(shortLived))).slots, 0)
          assert.isFalse((yield* anna.pipe(Effect.provide(shortLived))).active)
        }).pipe(Effect.scoped),
      30_000
    )

    it.live(
      "a pool passes over its own notifications and learns the others', and a key of unknown origin",
      () =>
        Effect.gen(function* () {
          const url = yield* freshDatabase(serverUrl)
          const one = yield* Effect.service(Database).pipe(
            Effect.provide(yield* Layer.build(onPostgres(url, 60_000)))
          )
          const other = yield* Effect.service(Database).pipe(
            Effect.provide(yield* Layer.build(onPostgres(url, 60_000)))
          )
          const key = "biz_notified"
          /** Wait until `db`'s generation of `of` moves from `from`; its new generation. */
          const moved = (label: string, db: typeof Database.Service, from: number, of = key) =>
            eventually(
              `${label}: the generation moved`,
              Effect.sync(() => (db.changes.generation(of) !== from ? db.changes.generation(of) : undefined))
            )

          const before = [one.changes.generation(key), other.changes.generation(key)] as const
          yield* one.touch(key)
          const mine = one.changes.generation(key)
          assert.notStrictEqual(mine, before[0], "the pool that wrote sees its change at once")
          yield* moved("the other pool", other, before[1])
          // The other pool has the notification, so it was committed. A notification sent after it
          // reaches the writer after its own (PostgreSQL delivers them in commit order): once the
          // writer has that one, it has had its own.
          const sql = yield* sqlClient(url)
          const sentinel = "biz_sentinel"
          const sentinelBefore = one.changes.generation(sentinel)
          yield* rows(sql, "select pg_notify($1, $2)", [CHANNEL, sentinel])
          yield* moved("the writer, a later notification", one, sentinelBefore, sentinel)
          assert.strictEqual(one.changes.generation(key), mine, "its own notification moved nothing")

          // A notification without an origin (as sent by a version before origins) is learnt by
          // all.
          const theirs = other.changes.generation(key)
          yield* rows(sql, "select pg_notify($1, $2)", [CHANNEL, key])
          yield* moved("without origin, the writer", one, mine)
          yield* moved("without origin, the other pool", other, theirs)
        }).pipe(Effect.scoped),
      30_000
    )

    it.live("a notification that cannot be sent is logged", () =>
      Effect.gen(function* () {
        const url = yield* freshDatabase(serverUrl)
        const logged: Array<string> = []
        const capture = Logger.layer([
          Logger.make(({ logLevel, message }) => {
            if (logLevel === "Warn") logged.push(JSON.stringify(message))
          })
        ])
        const db = yield* Effect.service(Database).pipe(
          Effect.provide(yield* Layer.build(Database.layerPostgres({ url }).pipe(Layer.provide(capture))))
        )
        // PostgreSQL refuses a payload of 8,000 bytes or more.
        yield* db.touch("x".repeat(9_000))
        const lost = () => logged.filter((line) => line.includes("could not be sent"))
        yield* eventually(
          "the lost notification logged",
          Effect.sync(() => (lost().length > 0 ? true : undefined))
        )
        assert.lengthOf(lost(), 1)
      }).pipe(Effect.scoped)
    )
  }
)
