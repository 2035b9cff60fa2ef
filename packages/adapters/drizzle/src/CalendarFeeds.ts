/**
 * CalendarFeedRepository on `staff_calendar_feeds`: a feed's token is 32 random bytes (256 bits)
 * in base64url, stored as its SHA-256 only, like action tokens; one row per staff member, replaced
 * (token and all) when a new feed is issued.
 */
import { CalendarFeed, CalendarFeedRepository, NotFound } from "@creneau/core"
import { and, eq, sql } from "drizzle-orm"
import { Effect, Layer, Option } from "effect"
import { Database } from "./Database.js"
import { randomBase64url } from "./Random.js"
import { decoder, toDate, toUtc } from "./Rows.js"
import { staffCalendarFeeds as feeds } from "./schema.js"
import { hashToken } from "./Tokens.js"

type Row = typeof feeds.$inferSelect

const decodeFeed = decoder(CalendarFeed)

const toFeed = (operation: string) => (row: Row) =>
  decodeFeed(operation, { businessId: row.businessId, staffId: row.staffId, createdAt: toUtc(row.createdAt) })

const TOKEN_BYTES = 32

const scoped = (businessId: string, staffId: string) =>
  and(eq(feeds.staffId, staffId), eq(feeds.businessId, businessId))

export const layerCalendarFeedRepository = Layer.effect(
  CalendarFeedRepository,
  Effect.gen(function* () {
    const db = yield* Database
    const byHash = db.prepare("calendarFeeds.resolve", (q) =>
      q
        .select()
        .from(feeds)
        .where(eq(feeds.tokenHash, sql.placeholder("tokenHash")))
    )
    return CalendarFeedRepository.of({
      issue: (feed) =>
        Effect.suspend(() => {
          const raw = randomBase64url(TOKEN_BYTES)
          const values = {
            businessId: feed.businessId,
            tokenHash: hashToken(raw),
            createdAt: toDate(feed.createdAt)
          }
          return Effect.as(
            db.query("calendarFeeds.issue", (q) =>
              q
                .insert(feeds)
                .values({ staffId: feed.staffId, ...values })
                .onConflictDoUpdate({ target: feeds.staffId, set: values })
            ),
            raw
          )
        }),
      find: Effect.fnUntraced(function* (businessId, staffId) {
        const [row] = yield* db.query("calendarFeeds.find", (q) =>
          q.select().from(feeds).where(scoped(businessId, staffId))
        )
        return row === undefined ? Option.none() : Option.some(yield* toFeed("calendarFeeds.find")(row))
      }),
      resolve: Effect.fnUntraced(function* (raw) {
        const [row] = yield* byHash({ tokenHash: hashToken(raw) })
        if (row === undefined) return yield* new NotFound({ entity: "calendar feed", id: "token" })
        return yield* toFeed("calendarFeeds.resolve")(row)
      }),
      revoke: (businessId, staffId) =>
        Effect.map(
          db.query("calendarFeeds.revoke", (q) =>
            q.delete(feeds).where(scoped(businessId, staffId)).returning({ staffId: feeds.staffId })
          ),
          (removed) => removed.length > 0
        )
    })
  })
)
