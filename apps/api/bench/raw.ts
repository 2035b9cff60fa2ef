/**
 * The floor of a booking on a database: the raw insert of one approved appointment and its item
 * in one transaction, the exclusion constraint checking the item against the staff member's other
 * active items, with nothing read, decided or rendered. The rows are those the Drizzle adapter
 * writes, and the statements those of `packages/adapters/drizzle/bench/persistence.ts`: through
 * postgres.js directly on PostgreSQL (prepared, on a pool as large as the server's), through the
 * adapter's Database on PGlite (its one connection, the commit made durable as for any write).
 */
import { randomBytes } from "node:crypto"
import { defaultBookingRules } from "@creneau/core"
import { Database, schema } from "@creneau/drizzle"
import { Effect, ManagedRuntime } from "effect"
import postgres from "postgres"
import type { Store } from "./processes.js"

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const system = { kind: "system", id: null, name: "Créneau" }

/** The rows of an approved one-item appointment (30 minutes, 5 of buffer after), as the adapter stores them. */
const rows = (businessId: string, serviceId: string, staffId: string, start: number) => {
  const id = `apt_${randomBytes(16).toString("base64url")}`
  const end = start + 30 * MINUTE
  const range = `[${new Date(start).toISOString()},${new Date(end + 5 * MINUTE).toISOString()})`
  const now = new Date()
  return {
    appointment: {
      id,
      businessId,
      status: "approved",
      pendingReason: null,
      noShow: false,
      startAt: new Date(start),
      endAt: new Date(end),
      occupied: range,
      customerId: null,
      source: "business",
      requestedByClient: false,
      customerRequest: null,
      quickNote: null,
      appointmentNotes: null,
      answers: {},
      paymentMethod: "on_site",
      paymentStatus: "unpaid",
      paymentAmountRequested: null,
      paymentCurrency: null,
      paymentInstrumentKind: null,
      paymentInstrumentReference: null,
      rulesSnapshot: defaultBookingRules,
      seriesId: null,
      cancellationMessage: null,
      rejectionReason: null,
      version: 1,
      createdAt: now,
      createdBy: system,
      updatedAt: now,
      updatedBy: system
    },
    item: {
      appointmentId: id,
      position: 0,
      businessId,
      serviceId,
      serviceName: "Coupe",
      staffId,
      resourceId: null,
      startAt: new Date(start),
      endAt: new Date(end),
      priceAmount: 3500,
      priceCurrency: "EUR",
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 5,
      occupied: range,
      active: true
    }
  }
}

type Rows = ReturnType<typeof rows>

interface Inserter {
  readonly insert: (r: Rows) => Promise<unknown>
  readonly close: () => Promise<void>
}

const postgresInserter = (url: string, max: number): Inserter => {
  const client = postgres(url, { max, onnotice: () => {} })
  return {
    insert: ({ appointment: a, item: i }) =>
      client.begin(async (tx) => {
        await tx`insert into appointments (id, business_id, status, pending_reason, no_show, start_at, end_at,
          occupied, customer_id, source, requested_by_client, customer_request, quick_note, appointment_notes,
          answers, payment_method, payment_status, payment_amount_requested, payment_currency,
          payment_instrument_kind, payment_instrument_reference, rules_snapshot, series_id,
          cancellation_message, rejection_reason, version, created_at, created_by, updated_at, updated_by)
          values (${a.id}, ${a.businessId}, ${a.status}, null, false, ${a.startAt}, ${a.endAt},
          ${a.occupied}, null, ${a.source}, false, null, null, null, ${tx.json(a.answers)}, ${a.paymentMethod},
          ${a.paymentStatus}, null, null, null, null, ${tx.json(a.rulesSnapshot)}, null, null, null, 1,
          ${a.createdAt}, ${tx.json(a.createdBy)}, ${a.updatedAt}, ${tx.json(a.updatedBy)})`
        await tx`insert into appointment_items (appointment_id, position, business_id, service_id, service_name,
          staff_id, resource_id, start_at, end_at, price_amount, price_currency, buffer_before_minutes,
          buffer_after_minutes, occupied, active)
          values (${i.appointmentId}, 0, ${i.businessId}, ${i.serviceId}, ${i.serviceName}, ${i.staffId}, null,
          ${i.startAt}, ${i.endAt}, ${i.priceAmount}, ${i.priceCurrency}, 0, 5, ${i.occupied}, true)`
      }),
    close: () => client.end({ timeout: 5 })
  }
}

const pgliteInserter = (dataDir: string): Inserter => {
  const runtime = ManagedRuntime.make(Database.layerPglite({ dataDir }))
  return {
    insert: (r) =>
      runtime.runPromise(
        Effect.gen(function* () {
          const db = yield* Database
          return yield* db.transaction(
            Effect.andThen(
              db.query("raw.appointment", (q) => q.insert(schema.appointments).values(r.appointment)),
              db.query("raw.item", (q) => q.insert(schema.appointmentItems).values(r.item))
            )
          )
        })
      ),
    close: () => runtime.dispose()
  }
}

export interface RawRate {
  readonly insertsPerSecond: number
  readonly p50: number
  readonly p99: number
  readonly total: number
  /** How the statements reach the database, for the report. */
  readonly via: string
}

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

/**
 * Raw inserts from `callers` concurrent callers for `seconds` (after a short warm-up), into the
 * business `target`: each on an hour of its own for one of `staffIds`, from `from` on.
 */
export const measureRawInserts = async (
  store: Store,
  target: {
    readonly businessId: string
    readonly serviceId: string
    readonly staffIds: ReadonlyArray<string>
  },
  options: {
    readonly callers: number
    readonly seconds: number
    readonly poolSize: number
    readonly from: number
  }
): Promise<RawRate> => {
  const inserter =
    store.engine === "postgres"
      ? postgresInserter(store.url, options.poolSize)
      : pgliteInserter(store.dataDir)
  const via =
    store.engine === "postgres"
      ? `postgres.js, pool of ${options.poolSize}, ${options.callers} callers`
      : `the adapter's Database, ${options.callers} callers`
  try {
    let n = 0
    const next = () => {
      const k = n++
      const staffId = target.staffIds[k % target.staffIds.length]!
      const start = options.from + Math.floor(k / target.staffIds.length) * HOUR
      return rows(target.businessId, target.serviceId, staffId, start)
    }
    const during = async (seconds: number) => {
      const latencies: Array<number> = []
      const deadline = performance.now() + seconds * 1000
      const caller = async () => {
        while (performance.now() < deadline) {
          const r = next()
          const started = performance.now()
          await inserter.insert(r)
          latencies.push(performance.now() - started)
        }
      }
      const started = performance.now()
      await Promise.all(Array.from({ length: options.callers }, caller))
      return { latencies, elapsed: (performance.now() - started) / 1000 }
    }
    await during(Math.min(1, options.seconds))
    const { latencies, elapsed } = await during(options.seconds)
    const sorted = latencies.sort((a, b) => a - b)
    return {
      insertsPerSecond: latencies.length / elapsed,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      total: latencies.length,
      via
    }
  } finally {
    await inserter.close()
  }
}
