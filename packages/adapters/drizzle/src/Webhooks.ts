/** WebhookRepository on the `webhooks` table, scoped by business. */
import { NotFound, WebhookEndpoint, WebhookRepository } from "@creneau/core"
import { and, asc, eq, sql } from "drizzle-orm"
import { Effect, Layer } from "effect"
import { Database } from "./Database.js"
import { decoder, toDate, toUtc } from "./Rows.js"
import { webhooks } from "./schema.js"

type Row = typeof webhooks.$inferSelect

const decodeEndpoint = decoder(WebhookEndpoint)

export const toEndpoint = (operation: string) => (row: Row) =>
  decodeEndpoint(operation, {
    id: row.id,
    businessId: row.businessId,
    url: row.url,
    events: row.events,
    secret: row.secret,
    createdAt: toUtc(row.createdAt)
  })

const scoped = (businessId: string, id: string) =>
  and(eq(webhooks.id, id), eq(webhooks.businessId, businessId))

export const layerWebhookRepository = Layer.effect(
  WebhookRepository,
  Effect.gen(function* () {
    const db = yield* Database
    const select = db.prepare("webhooks.list", (q) =>
      q
        .select()
        .from(webhooks)
        .where(eq(webhooks.businessId, sql.placeholder("businessId")))
        .orderBy(asc(webhooks.createdAt), asc(webhooks.id))
    )
    return WebhookRepository.of({
      list: Effect.fnUntraced(function* (businessId) {
        const rows = yield* select({ businessId })
        return yield* Effect.forEach(rows, toEndpoint("webhooks.list"))
      }),
      get: Effect.fnUntraced(function* (businessId, id) {
        const [row] = yield* db.query("webhooks.get", (q) =>
          q.select().from(webhooks).where(scoped(businessId, id))
        )
        if (row === undefined) return yield* new NotFound({ entity: "webhook", id })
        return yield* toEndpoint("webhooks.get")(row)
      }),
      insert: (w) =>
        Effect.asVoid(
          db.query("webhooks.insert", (q) =>
            q.insert(webhooks).values({
              id: w.id,
              businessId: w.businessId,
              url: w.url,
              events: [...w.events],
              secret: w.secret,
              createdAt: toDate(w.createdAt)
            })
          )
        ),
      remove: Effect.fnUntraced(function* (businessId, id) {
        const removed = yield* db.query("webhooks.remove", (q) =>
          q.delete(webhooks).where(scoped(businessId, id)).returning({ id: webhooks.id })
        )
        if (removed.length === 0) return yield* new NotFound({ entity: "webhook", id })
      })
    })
  })
)
