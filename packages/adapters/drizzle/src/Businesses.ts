/** BusinessRepository on the `businesses` table: settings as jsonb, decoded through the core's Business. */
import { Business, BusinessRepository, NotFound } from "@creneau/core"
import { eq } from "drizzle-orm"
import { Effect, Layer } from "effect"
import { Database } from "./Database.js"
import { decoder } from "./Rows.js"
import { businesses } from "./schema.js"

type Row = typeof businesses.$inferSelect

const decodeBusiness = decoder(Business)

const toBusiness = (row: Row) =>
  decodeBusiness("businesses.get", {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    locale: row.locale,
    currency: row.currency,
    bookingRules: row.bookingRules,
    notifications: row.notifications,
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
    return BusinessRepository.of({
      get: Effect.fnUntraced(function* (id) {
        const [row] = yield* db.query("businesses.get", (q) =>
          q.select().from(businesses).where(eq(businesses.id, id))
        )
        if (row === undefined) return yield* new NotFound({ entity: "business", id })
        return yield* toBusiness(row)
      }),
      insert: (b) =>
        Effect.asVoid(db.query("businesses.insert", (q) => q.insert(businesses).values(toRow(b)))),
      update: Effect.fnUntraced(function* (b) {
        const updated = yield* db.query("businesses.update", (q) =>
          q.update(businesses).set(toRow(b)).where(eq(businesses.id, b.id)).returning({ id: businesses.id })
        )
        if (updated.length === 0) return yield* new NotFound({ entity: "business", id: b.id })
      })
    })
  })
)
