/**
 * The floor of a booking on a database: the raw insert of one approved appointment and its item
 * in one transaction, the exclusion constraint checking the item against the staff member's other
 * active items, with nothing read, decided or rendered. The rows are those the Drizzle adapter
 * writes, and the statements those of `packages/adapters/drizzle/bench/persistence.ts`: through
 * postgres.js directly on PostgreSQL (prepared, on a pool as large as the server's), through the
 * adapter's Database on PGlite (its one connection, the commit made durable as for any write).
 */
import { Database } from "@creneau/drizzle"
import {
  insertRawBooking,
  insertRawBookingThroughDatabase,
  type RawBookingRows,
  rawBookingRows
} from "@creneau/drizzle/testing"
import { ManagedRuntime } from "effect"
import postgres from "postgres"
import type { Store } from "./processes.js"

const HOUR = 60 * 60_000

type Rows = RawBookingRows

interface Inserter {
  readonly insert: (r: Rows) => Promise<unknown>
  readonly close: () => Promise<void>
}

const postgresInserter = (url: string, max: number): Inserter => {
  const client = postgres(url, { max, onnotice: () => {} })
  return {
    insert: (r) => insertRawBooking(client, r),
    close: () => client.end({ timeout: 5 })
  }
}

const pgliteInserter = (dataDir: string): Inserter => {
  const runtime = ManagedRuntime.make(Database.layerPglite({ dataDir }))
  return {
    insert: (r) => runtime.runPromise(insertRawBookingThroughDatabase(r)),
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
      return rawBookingRows(target.businessId, target.serviceId, staffId, start)
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
