/** SeriesRepository on the `series` table: the recurrence rule as jsonb, decoded through the core's schema. */
import { NotFound, Series, SeriesRepository } from "@creneau/core"
import { and, eq } from "drizzle-orm"
import { Effect, Layer } from "effect"
import { Database } from "./Database.js"
import { decoder, toDate, toUtc } from "./Rows.js"
import { series } from "./schema.js"

const decodeSeries = decoder(Series)

export const layerSeriesRepository = Layer.effect(
  SeriesRepository,
  Effect.gen(function* () {
    const db = yield* Database
    return SeriesRepository.of({
      get: Effect.fnUntraced(function* (businessId, id) {
        const [row] = yield* db.query("series.get", (q) =>
          q
            .select()
            .from(series)
            .where(and(eq(series.id, id), eq(series.businessId, businessId)))
        )
        if (row === undefined) return yield* new NotFound({ entity: "series", id })
        return yield* decodeSeries("series.get", {
          id: row.id,
          businessId: row.businessId,
          rule: row.rule,
          createdAt: toUtc(row.createdAt)
        })
      }),
      insert: (s) =>
        Effect.asVoid(
          db.query("series.insert", (q) =>
            q
              .insert(series)
              .values({ id: s.id, businessId: s.businessId, rule: s.rule, createdAt: toDate(s.createdAt) })
          )
        )
    })
  })
)
