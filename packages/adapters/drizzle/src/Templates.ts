/**
 * TemplateRepository on `notification_templates`: a business's own template per (event,
 * recipient, channel), the text part in `body`. A put replaces the row of its key in one
 * statement (INSERT … ON CONFLICT DO UPDATE); the read a message makes is prepared.
 */
import { StoredTemplate, type TemplateKey, TemplateRepository } from "@creneau/core"
import { and, asc, eq, sql } from "drizzle-orm"
import { Effect, Layer, Option } from "effect"
import { Database } from "./Database.js"
import { decoder, toDate, toUtc } from "./Rows.js"
import { notificationTemplates as templates } from "./schema.js"

type Row = typeof templates.$inferSelect

const decodeTemplate = decoder(StoredTemplate)

const toTemplate = (operation: string) => (row: Row) =>
  decodeTemplate(operation, {
    businessId: row.businessId,
    event: row.event,
    recipient: row.recipient,
    channel: row.channel,
    subject: row.subject,
    text: row.body,
    html: row.html,
    updatedAt: toUtc(row.updatedAt)
  })

const keyed = (businessId: string, key: TemplateKey) =>
  and(
    eq(templates.businessId, businessId),
    eq(templates.event, key.event),
    eq(templates.recipient, key.recipient),
    eq(templates.channel, key.channel)
  )

export const layerTemplateRepository = Layer.effect(
  TemplateRepository,
  Effect.gen(function* () {
    const db = yield* Database
    const selectOne = db.prepare("templates.get", (q) =>
      q
        .select()
        .from(templates)
        .where(
          and(
            eq(templates.businessId, sql.placeholder("businessId")),
            eq(templates.event, sql.placeholder("event")),
            eq(templates.recipient, sql.placeholder("recipient")),
            eq(templates.channel, sql.placeholder("channel"))
          )
        )
    )
    return TemplateRepository.of({
      list: Effect.fnUntraced(function* (businessId) {
        const rows = yield* db.query("templates.list", (q) =>
          q
            .select()
            .from(templates)
            .where(eq(templates.businessId, businessId))
            .orderBy(asc(templates.event), asc(templates.recipient), asc(templates.channel))
        )
        return yield* Effect.forEach(rows, toTemplate("templates.list"))
      }),
      get: Effect.fnUntraced(function* (businessId, key) {
        const [row] = yield* selectOne({
          businessId,
          event: key.event,
          recipient: key.recipient,
          channel: key.channel
        })
        return row === undefined ? Option.none() : Option.some(yield* toTemplate("templates.get")(row))
      }),
      put: (t) => {
        const values = { subject: t.subject, body: t.text, html: t.html, updatedAt: toDate(t.updatedAt) }
        return Effect.asVoid(
          db.query("templates.put", (q) =>
            q
              .insert(templates)
              .values({
                businessId: t.businessId,
                event: t.event,
                recipient: t.recipient,
                channel: t.channel,
                ...values
              })
              .onConflictDoUpdate({
                target: [templates.businessId, templates.event, templates.recipient, templates.channel],
                set: values
              })
          )
        )
      },
      remove: (businessId, key) =>
        Effect.map(
          db.query("templates.remove", (q) =>
            q.delete(templates).where(keyed(businessId, key)).returning({ event: templates.event })
          ),
          (removed) => removed.length > 0
        )
    })
  })
)
