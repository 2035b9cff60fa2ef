/**
 * Availability snapshots in one prepared statement: the catalog as the booking context reads it,
 * and of the active appointments only the time their items hold (instants as epoch milliseconds,
 * no history), which is most of what a week's read used to parse and map.
 *
 * Answers are kept per process for a short while (`ttlMillis`), per business and window, as long
 * as the business's generation (Changes.ts) has not moved: every write that availability depends
 * on moves it when it commits, in this process at once and in the others when the notification
 * arrives. An answer read while a change committed is not answered again. The expiry bounds what
 * a change made without this adapter (or a lost notification) can leave stale. A snapshot loaded
 * inside a transaction is neither kept nor taken.
 *
 * A booking moves the business's generation but not its catalog's: the snapshot read after it
 * takes the catalog kept by the CatalogCache (CatalogCache.ts), under that cache's rules, and reads
 * only the busy time. Such a snapshot expires with the catalog it was computed from.
 */
import {
  type AvailabilitySnapshot,
  type AvailabilitySnapshotQuery,
  AvailabilitySnapshots,
  NotFound,
  PersistenceError
} from "@creneau/core"
import { sql } from "drizzle-orm"
import { Effect, Layer } from "effect"
import { BUSY, type BusyRow, busyOf, CATALOG, type CatalogRow, catalogOf } from "./BookingContext.js"
import { CatalogCache } from "./CatalogCache.js"
import { Database } from "./Database.js"
import { type KeepOptions, makeKept, readKept } from "./Kept.js"
import { toDate } from "./Rows.js"

interface SnapshotRow extends CatalogRow, BusyRow {}

/** The catalog (all staff) and the busy time; the busy time alone when the catalog is kept (CatalogCache.ts). */
const STATEMENT = sql`select ${CATALOG}, ${BUSY}`
const BUSY_ONLY = sql`select ${BUSY}`

/** How long snapshots are kept, and how many (see Kept.ts). */
export type SnapshotCacheOptions = KeepOptions

/** Availability snapshots on the Database, kept as the module says. */
export const layerAvailabilitySnapshotsWith = (options: SnapshotCacheOptions = {}) =>
  Layer.effect(
    AvailabilitySnapshots,
    Effect.gen(function* () {
      const db = yield* Database
      const kept = makeKept<{ readonly snapshot: AvailabilitySnapshot; readonly expires: number }>(options)
      const catalogs = yield* CatalogCache
      const select = db.prepareSql<SnapshotRow>("availabilitySnapshots.load", STATEMENT)
      const selectBusy = db.prepareSql<BusyRow>("availabilitySnapshots.loadBusy", BUSY_ONLY)

      const read = Effect.fnUntraced(function* (query: AvailabilitySnapshotQuery) {
        const values = {
          businessId: query.businessId,
          staffIds: null,
          from: toDate(query.from).toISOString(),
          to: toDate(query.to).toISOString()
        }
        const lookup = yield* catalogs.lookup(query.businessId)
        const [row] = yield* lookup.kept === undefined ? select(values) : selectBusy(values)
        if (row === undefined) {
          return yield* new PersistenceError({
            operation: "availabilitySnapshots.load",
            cause: new Error("no row")
          })
        }
        let catalog = lookup.kept
        if (catalog === undefined) {
          const found = catalogOf(row as SnapshotRow)
          if (found === null) return yield* new NotFound({ entity: "business", id: query.businessId })
          yield* lookup.keep(found)
          catalog = found
        }
        const snapshot: AvailabilitySnapshot = { ...catalog, busy: row.busy.map(busyOf) }
        return { snapshot, expires: lookup.expires }
      })

      return AvailabilitySnapshots.of({
        load: (query) =>
          Effect.map(
            readKept(
              db,
              kept,
              `${query.businessId} ${query.from.epochMilliseconds} ${query.to.epochMilliseconds}`,
              query.businessId,
              read(query),
              // No longer than the catalog it was computed from.
              (answer, end) => Math.min(end, answer.expires)
            ),
            (answer) => answer.snapshot
          )
      })
    })
  )

/** Availability snapshots on the Database, kept for up to 10 s while nothing changes. */
export const layerAvailabilitySnapshots = layerAvailabilitySnapshotsWith()
