/**
 * BusinessRepository on the `businesses` table: settings as jsonb, the core's own JSON. Outside a
 * transaction, `get` answers from the catalog the process keeps (CatalogCache.ts), which every
 * write to the business ends: every authenticated request reads its business, most of them then
 * without a statement.
 */
import {
  type BookingRules,
  type Business,
  type BusinessId,
  BusinessRepository,
  type CurrencyCode,
  type Locale,
  NotFound,
  type NotificationSettings,
  type TimeZoneId
} from "@creneau/core"
import { eq, sql } from "drizzle-orm"
import { Effect, Layer } from "effect"
import { CatalogCache } from "./CatalogCache.js"
import { Database } from "./Database.js"
import { businesses } from "./schema.js"

type Row = typeof businesses.$inferSelect

/** A trusted row (see Rows.ts): mapped, not decoded again. */
export const toBusiness = (row: Row): Business => ({
  id: row.id as BusinessId,
  name: row.name,
  timezone: row.timezone as TimeZoneId,
  locale: row.locale as Locale,
  currency: row.currency as CurrencyCode,
  bookingRules: row.bookingRules as BookingRules,
  notifications: row.notifications as NotificationSettings,
  bookingPageUrl: row.bookingPageUrl
})

const toRow = (b: Business) => ({
  id: b.id,
  name: b.name,
  timezone: b.timezone,
  locale: b.locale,
  currency: b.currency,
  bookingRules: b.bookingRules,
  notifications: b.notifications,
  bookingPageUrl: b.bookingPageUrl
})

export const layerBusinessRepository = Layer.effect(
  BusinessRepository,
  Effect.gen(function* () {
    const db = yield* Database
    const catalogs = yield* CatalogCache
    const select = db.prepare("businesses.get", (q) =>
      q
        .select()
        .from(businesses)
        .where(eq(businesses.id, sql.placeholder("id")))
    )
    return BusinessRepository.of({
      get: Effect.fnUntraced(function* (id) {
        // Inside a transaction, what it decides on is read with it.
        if (!(yield* db.inTransaction)) {
          const { kept } = yield* catalogs.lookup(id)
          if (kept !== undefined) return kept.business
        }
        const [row] = yield* select({ id })
        if (row === undefined) return yield* new NotFound({ entity: "business", id })
        return toBusiness(row)
      }),
      insert: (b) =>
        Effect.andThen(
          db.query("businesses.insert", (q) => q.insert(businesses).values(toRow(b))),
          db.touch(b.id, { catalog: true })
        ),
      update: Effect.fnUntraced(function* (b) {
        const updated = yield* db.query("businesses.update", (q) =>
          q.update(businesses).set(toRow(b)).where(eq(businesses.id, b.id)).returning({ id: businesses.id })
        )
        if (updated.length === 0) return yield* new NotFound({ entity: "business", id: b.id })
        // Its zone and rules are what availability is computed in (see Changes.ts).
        yield* db.touch(b.id, { catalog: true })
      })
    })
  })
)
