/**
 * Benchmark of the adapter under the core's use cases, run with `npm run bench -w @creneau/drizzle`.
 *
 * On PGlite (a data directory under the OS temp dir, as `npm start` runs it) and on PostgreSQL (a
 * database created for the run on the server of TEST_DATABASE_URL or DATABASE_URL, dropped after
 * it; skipped without either), with 1 and 16 concurrent callers:
 * - bookings per second through the core's `createAppointment` (context loaded: the business's
 *   catalog as kept since the first booking, the time held around it read each time; decided;
 *   the appointment, its item and history written, its notifications written to the outbox as
 *   the intents the worker renders when it sends them, with their action tokens; one
 *   transaction, five statements), in the same run beside raw inserts of the same appointment and
 *   item rows (one transaction each, the exclusion constraint checking the item), and beside raw
 *   inserts of every row a booking writes (the same, with its history entry, three notifications
 *   and their action tokens; one transaction each, its five inserts sent together);
 * - availability reads per second of a 20-staff week through the core's `getAvailability`, beside
 *   a raw SELECT of the same active appointments and their items: each read afresh (the snapshot
 *   statement with the catalog, its mapping, the engine), then as a business whose data has not
 *   changed is answered (the snapshot kept, its slots reused).
 * For reference, the same bookings on the core's in-memory ports (no database at all): the
 * ceiling of any adapter on the machine.
 *
 * Every booking takes a slot of its own (its own day), so none conflict and each one's context
 * holds a few appointments. The raw rows go to a business of their own. On PostgreSQL the raw
 * statements go through postgres.js directly (a pool as large as the adapter's, statements
 * prepared); on PGlite through the adapter's Database (the one connection, and the commit made
 * durable as for any write).
 */
import { randomBytes } from "node:crypto"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  AvailabilityInput,
  CreateAppointmentInput,
  createAppointment,
  createBusiness,
  createCustomer,
  createService,
  createStaff,
  getAvailability,
  Links,
  PersistenceError,
  type StaffId
} from "@creneau/core"
import { layerTest, owner, salonWeek } from "@creneau/core/testing"
import { sql } from "drizzle-orm"
import { Effect, Layer, Schema } from "effect"
import postgres from "postgres"
import {
  Database,
  layerAvailabilitySnapshotsWith,
  layerCatalogCacheWith,
  layerPgliteAll,
  layerPostgresAll,
  schema
} from "../src/index.js"
import {
  insertRawBooking,
  insertRawBookingAll,
  insertRawBookingAllThroughDatabase,
  insertRawBookingThroughDatabase,
  rawBookingExtras,
  rawBookingRows
} from "../src/testing/index.js"

const DAY = 86_400_000
const MINUTE = 60_000
const CALLERS = [1, 16] as const
/**
 * Operations per measurement, whatever the number of callers (raw ones are cheaper: more of
 * them). Each figure is the median of ROUNDS measurements, the use case's and the raw ones taken
 * in turn so that a busy machine weighs on both alike.
 */
const OPS = { create: 150, availability: 30, rawFactor: 4, warmUp: 16 }
const ROUNDS = 3

const decodeCreate = Schema.decodeUnknownSync(CreateAppointmentInput)
const decodeAvailability = Schema.decodeUnknownSync(AvailabilityInput)

interface Line {
  readonly engine: string
  readonly what: string
  readonly callers: number
  readonly useCase: number
  readonly raw: number
  /** For bookings: the raw insert of every row the booking writes (NaN otherwise). */
  readonly rawAll: number
}

/** Run `op(0) … op(ops - 1)` from `callers` fibers at once; operations per second. */
const rate = <E, R>(callers: number, ops: number, op: (n: number) => Effect.Effect<unknown, E, R>) =>
  Effect.gen(function* () {
    let next = 0
    const caller = Effect.gen(function* () {
      while (next < ops) yield* op(next++)
    })
    const started = performance.now()
    yield* Effect.all(
      Array.from({ length: callers }, () => caller),
      { concurrency: "unbounded", discard: true }
    )
    return (ops * 1000) / (performance.now() - started)
  })

/** A business of 20 staff members (Monday to Saturday 09:00–18:00) and one 30-minute service. */
const seedBusiness = (name: string) =>
  Effect.gen(function* () {
    const business = yield* createBusiness({ name, timezone: "Europe/Paris", locale: "en", currency: "EUR" })
    const staff: Array<StaffId> = []
    for (let i = 0; i < 20; i++) {
      staff.push(
        (yield* createStaff(business.id, { name: `Staff ${i}`, email: `s${i}@b.test`, weekly: salonWeek })).id
      )
    }
    const service = yield* createService(business.id, {
      name: "Cut",
      durationMinutes: 30,
      price: { amount: 3000, currency: "EUR" },
      bufferAfterMinutes: 5,
      staffIds: staff
    })
    const customer = yield* createCustomer(business.id, {
      firstName: "Bench",
      lastName: "Customer",
      email: "bench@example.test"
    })
    return { business, staff, service, customer }
  })

type Seeded = Effect.Success<ReturnType<typeof seedBusiness>>

const rows = rawBookingRows

/** The Monday at least a week ahead (inside the default 90 days of advance booking). */
const nextMonday = (): string => {
  const day = new Date(Date.now() + 7 * DAY)
  day.setUTCDate(day.getUTCDate() + ((8 - day.getUTCDay()) % 7))
  return day.toISOString().slice(0, 10)
}

/** Six 30-minute appointments a day for each of the 20 staff members, Monday to Saturday. */
const fillWeek = (seeded: Seeded, monday: string) =>
  Effect.gen(function* () {
    const db = yield* Database
    const all = seeded.staff.flatMap((staffId) =>
      Array.from({ length: 36 }, (_, n) =>
        rows(
          seeded.business.id,
          seeded.service.id,
          staffId,
          Date.parse(`${monday}T08:00:00Z`) + Math.floor(n / 6) * DAY + (n % 6) * 90 * MINUTE
        )
      )
    )
    yield* db.transaction(
      Effect.all([
        db.query("bench.fillWeek", (q) =>
          q.insert(schema.appointments).values(all.map((r) => r.appointment))
        ),
        db.query("bench.fillWeekItems", (q) =>
          q.insert(schema.appointmentItems).values(all.map((r) => r.item))
        )
      ])
    )
    return all.length
  })

/** The appointments and items `listActive` reads for that week (with its margins). */
const weekRange = (monday: string) => ({
  from: new Date(Date.parse(`${monday}T00:00:00Z`) - 3 * DAY),
  to: new Date(Date.parse(`${monday}T00:00:00Z`) + 11 * DAY)
})

const ACTIVE_SELECT = `select a.*, i.* from appointments a join appointment_items i on i.appointment_id = a.id
  where a.business_id = $1 and a.status in ('pending', 'approved', 'rescheduled')
  and a.occupied && tstzrange($2::timestamptz, $3::timestamptz, '[)')`

interface Raw {
  readonly insert: (r: ReturnType<typeof rows>) => Effect.Effect<unknown, PersistenceError>
  readonly insertAll: (r: ReturnType<typeof rows>) => Effect.Effect<unknown, PersistenceError>
  readonly selectWeek: (businessId: string, monday: string) => Effect.Effect<number, PersistenceError>
}

/** Raw statements through the adapter's Database (PGlite). */
const rawThroughDatabase = Effect.gen(function* () {
  const db = yield* Database
  return {
    insert: (r) => Effect.provideService(insertRawBookingThroughDatabase(r), Database, db),
    insertAll: (r) =>
      Effect.provideService(insertRawBookingAllThroughDatabase(r, rawBookingExtras(r)), Database, db),
    selectWeek: (businessId, monday) => {
      const { from, to } = weekRange(monday)
      return db.query("raw.select", async (q) => {
        const result = (await q.execute(
          sql`select a.*, i.* from appointments a join appointment_items i on i.appointment_id = a.id
            where a.business_id = ${businessId} and a.status in ('pending', 'approved', 'rescheduled')
            and a.occupied && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`
        )) as unknown as { readonly rows: ReadonlyArray<unknown> }
        return result.rows.length
      })
    }
  } satisfies Raw
})

/** Raw statements through postgres.js directly (PostgreSQL), prepared, on a pool of `max`. */
const rawPostgres = (url: string, max: number) =>
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => postgres(url, { max, onnotice: () => {} })),
      (client) => Effect.promise(() => client.end({ timeout: 5 }))
    ),
    (client): Raw => {
      const failed = (operation: string) => (cause: unknown) => new PersistenceError({ operation, cause })
      return {
        insert: (r) =>
          Effect.tryPromise({ try: () => insertRawBooking(client, r), catch: failed("raw.insert") }),
        insertAll: (r) =>
          Effect.tryPromise({
            try: () => insertRawBookingAll(client, r, rawBookingExtras(r)),
            catch: failed("raw.insertAll")
          }),
        selectWeek: (businessId, monday) => {
          const { from, to } = weekRange(monday)
          return Effect.tryPromise({
            try: () =>
              client.unsafe(ACTIVE_SELECT, [businessId, from.toISOString(), to.toISOString()], {
                prepare: true
              }),
            catch: failed("raw.select")
          }).pipe(Effect.map((r) => r.length))
        }
      }
    }
  )

/** Every measurement on one engine. */
const measure = <E, R>(engine: string, raw: Effect.Effect<Raw, E, R>) =>
  Effect.gen(function* () {
    const lines: Array<Line> = []
    const booking = yield* seedBusiness("Bench bookings")
    const rawTarget = yield* seedBusiness("Bench raw")
    const week = yield* seedBusiness("Bench week")
    const monday = nextMonday()
    const seededRows = yield* fillWeek(week, monday)
    const r = yield* raw

    let day = 0
    const book = () => {
      const n = day++
      return createAppointment({
        businessId: booking.business.id,
        actor: owner,
        input: decodeCreate({
          start: new Date(Date.parse("2031-01-01T09:00:00Z") + n * DAY).toISOString(),
          items: [{ serviceId: booking.service.id, staffId: booking.staff[n % 20]! }],
          customerId: booking.customer.id,
          allowOutsideHours: true
        })
      })
    }
    let rawDay = 0
    const rawRows = () => {
      const n = rawDay++
      return rows(
        rawTarget.business.id,
        rawTarget.service.id,
        rawTarget.staff[n % 20]!,
        Date.parse("2031-01-01T09:00:00Z") + n * DAY
      )
    }
    const insertRaw = () => r.insert(rawRows())
    const insertRawAll = () => r.insertAll(rawRows())
    const availability = () =>
      getAvailability({
        businessId: week.business.id,
        input: decodeAvailability({ serviceIds: [week.service.id], from: monday, to: addDays(monday, 6) })
      })
    const slots = (yield* availability()).slots.length
    const selected = yield* r.selectWeek(week.business.id, monday)
    process.stdout.write(
      `${engine}: the week has ${seededRows} appointments; getAvailability finds ${slots} slots; the raw select reads ${selected} rows\n`
    )

    /** The use case beside `raw` and, when given, `rawAll`, taken in turn. */
    const compare = <E1, R1, E2, R2>(
      what: string,
      ops: number,
      useCase: () => Effect.Effect<unknown, E1, R1>,
      raw: () => Effect.Effect<unknown, E2, R2>,
      rawAll?: () => Effect.Effect<unknown, E2, R2>
    ) =>
      Effect.gen(function* () {
        for (const callers of CALLERS) {
          yield* rate(callers, OPS.warmUp, useCase)
          yield* rate(callers, OPS.warmUp, raw)
          if (rawAll !== undefined) yield* rate(callers, OPS.warmUp, rawAll)
          const useCaseRates: Array<number> = []
          const rawRates: Array<number> = []
          const rawAllRates: Array<number> = []
          for (let round = 0; round < ROUNDS; round++) {
            useCaseRates.push(yield* rate(callers, ops, useCase))
            rawRates.push(yield* rate(callers, ops * OPS.rawFactor, raw))
            if (rawAll !== undefined) rawAllRates.push(yield* rate(callers, ops * OPS.rawFactor, rawAll))
          }
          lines.push({
            engine,
            what,
            callers,
            useCase: median(useCaseRates),
            raw: median(rawRates),
            rawAll: rawAll === undefined ? Number.NaN : median(rawAllRates)
          })
        }
      })
    yield* compare("create appointment", OPS.create, book, insertRaw, insertRawAll)
    // Read afresh every time (the snapshot statement, mapped, then the engine), then as the API
    // answers a business whose data has not changed since (the snapshot kept, its slots reused).
    const fresh = yield* Layer.build(
      layerAvailabilitySnapshotsWith({ ttlMillis: 0 }).pipe(
        Layer.provide(layerCatalogCacheWith({ ttlMillis: 0 }))
      )
    )
    yield* compare(
      "availability, 20 staff x 7 days",
      OPS.availability,
      () => Effect.provide(availability(), fresh),
      () => r.selectWeek(week.business.id, monday)
    )
    yield* compare("availability, kept snapshot", OPS.availability, availability, () =>
      r.selectWeek(week.business.id, monday)
    )
    return lines
  })

const median = (values: ReadonlyArray<number>): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)

const links = Links.layer("https://creneau.test")

const onPglite = Effect.gen(function* () {
  const dir = yield* Effect.acquireRelease(
    Effect.promise(() => mkdtemp(join(tmpdir(), "creneau-bench-"))),
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
  )
  return yield* measure("pglite", rawThroughDatabase).pipe(
    Effect.provide(links.pipe(Layer.provideMerge(layerPgliteAll({ dataDir: dir }))))
  )
})

const onPostgres = (serverUrl: string) =>
  Effect.gen(function* () {
    const name = `creneau_bench_${randomBytes(6).toString("hex")}`
    const url = new URL(serverUrl)
    url.pathname = `/${name}`
    const admin = (statement: string) =>
      Effect.promise(async () => {
        const client = postgres(serverUrl, { max: 1, onnotice: () => {} })
        await client.unsafe(statement)
        await client.end({ timeout: 5 })
      })
    yield* Effect.acquireRelease(admin(`create database "${name}"`), () =>
      admin(`drop database if exists "${name}" with (force)`)
    )
    const max = 20
    return yield* measure("postgres", rawPostgres(url.toString(), max)).pipe(
      Effect.provide(links.pipe(Layer.provideMerge(layerPostgresAll(url.toString(), { max }))))
    )
  })

const format = (n: number) => n.toFixed(0).padStart(7)

/**
 * The same bookings on the core's in-memory ports: what the use case costs with no database at
 * all, the ceiling of any adapter on this machine. A fresh store for each number of callers (the
 * in-memory store slows as it grows).
 */
const inMemory = (callers: number) =>
  Effect.gen(function* () {
    const booking = yield* seedBusiness("Bench bookings")
    let day = 0
    const book = () => {
      const n = day++
      return createAppointment({
        businessId: booking.business.id,
        actor: owner,
        input: decodeCreate({
          start: new Date(Date.parse("2031-01-01T09:00:00Z") + n * DAY).toISOString(),
          items: [{ serviceId: booking.service.id, staffId: booking.staff[n % 20]! }],
          customerId: booking.customer.id,
          allowOutsideHours: true
        })
      })
    }
    yield* rate(callers, OPS.warmUp, book)
    const rates: Array<number> = []
    for (let round = 0; round < ROUNDS; round++) rates.push(yield* rate(callers, OPS.create, book))
    const line: Line = {
      engine: "memory",
      what: "create appointment",
      callers,
      useCase: median(rates),
      raw: Number.NaN,
      rawAll: Number.NaN
    }
    return line
  }).pipe(Effect.provide(layerTest))

const main = Effect.gen(function* () {
  const lines = [...(yield* Effect.forEach(CALLERS, inMemory)), ...(yield* Effect.scoped(onPglite))]
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
  if (serverUrl === undefined || serverUrl === "") {
    process.stdout.write(
      "postgres: skipped (set TEST_DATABASE_URL or DATABASE_URL to a server to measure it)\n"
    )
  } else {
    lines.push(...(yield* Effect.scoped(onPostgres(serverUrl))))
  }
  const versus = (raw: number, useCase: number) =>
    Number.isNaN(raw)
      ? `${"-".padStart(7)}  ${"".padEnd(9)}`
      : `${format(raw)}  1 : ${(raw / useCase).toFixed(1).padEnd(5)}`
  process.stdout.write(
    `\n${"engine".padEnd(9)} ${"operation".padEnd(33)} callers  use case/s    raw/s  use case : raw   raw, all rows/s  use case : raw\n`
  )
  for (const l of lines) {
    const line = `${l.engine.padEnd(9)} ${l.what.padEnd(33)} ${String(l.callers).padStart(7)}  ${format(
      l.useCase
    )}    ${versus(l.raw, l.useCase)}           ${Number.isNaN(l.rawAll) ? "" : versus(l.rawAll, l.useCase)}`
    process.stdout.write(`${line.trimEnd()}\n`)
  }
  process.stdout.write(
    "\nraw: the appointment and its item (the exclusion constraint checking the item); raw, all rows: also its history entry, three notifications and their action tokens, as the booking writes them (five inserts sent together)\n"
  )
})

Effect.runPromise(main).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
