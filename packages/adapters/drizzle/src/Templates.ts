/**
 * TemplateRepository on `notification_templates`: a business's own template per (event,
 * recipient, channel), the text part in `body`. A put replaces the row of its key in one
 * statement (INSERT … ON CONFLICT DO UPDATE); the read a message makes is prepared.
 *
 * The read a message makes (`get`, found or not) is kept per process under the rules of the
 * catalog (Kept.ts, Changes.ts): while the business's catalog generation holds, for 10 s at most,
 * outside a transaction; a put or a removal marks the catalog as changed. The worker then renders
 * a stream of messages without reading the same template again for each.
 */
import { StoredTemplate, type TemplateKey, TemplateRepository } from "@creneau/core"
import { and, asc, eq, sql } from "drizzle-orm"
import { Effect, Layer, Option } from "effect"
import { catalogKey } from "./Changes.js"
import { Database } from "./Database.js"
import { type KeepOptions, makeKept, readKept } from "./Kept.js"
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

const make = (options: KeepOptions) =>
  Effect.gen(function* () {
    const db = yield* Database
    const kept = makeKept<Option.Option<StoredTemplate>>(options)
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
      get: (businessId, key) =>
        readKept(
          db,
          kept,
          JSON.stringify([businessId, key.event, key.recipient, key.channel]),
          catalogKey(businessId),
          Effect.gen(function* () {
            const [row] = yield* selectOne({
              businessId,
              event: key.event,
              recipient: key.recipient,
              channel: key.channel
            })
            return row === undefined ? Option.none() : Option.some(yield* toTemplate("templates.get")(row))
          })
        ),
      put: (t) => {
        const values = { subject: t.subject, body: t.text, html: t.html, updatedAt: toDate(t.updatedAt) }
        return db
          .query("templates.put", (q) =>
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
          .pipe(Effect.andThen(db.touch(t.businessId, { catalog: true })))
      },
      remove: (businessId, key) =>
        db
          .query("templates.remove", (q) =>
            q.delete(templates).where(keyed(businessId, key)).returning({ event: templates.event })
          )
          .pipe(
            Effect.tap((removed) =>
              removed.length > 0 ? db.touch(businessId, { catalog: true }) : Effect.void
            ),
            Effect.map((removed) => removed.length > 0)
          )
    })
  })

/**
 * The repository on the Database, the templates a message reads kept as the module says: for up
 * to `ttlMillis` (10 s by default), at most `capacity` of them (500 by default).
 */
export const layerTemplateRepositoryWith = (options: KeepOptions = {}) =>
  Layer.effect(TemplateRepository, make(options))

/** The repository on the Database, the templates a message reads kept for up to 10 s while unchanged. */
export const layerTemplateRepository = layerTemplateRepositoryWith()
