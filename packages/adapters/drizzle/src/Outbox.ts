/**
 * The outbox on the `outbox` table. A notification's intent is stored as JSON (`intent`), its
 * words once it has been rendered and sent. Workers claim due messages with
 * `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING *`: a message another worker
 * is claiming is skipped rather than waited for, and a claimed one is leased (`leased_until`) so
 * no other claim returns it until the lease ends or the attempt is recorded.
 */
import { NotificationIntent, Outbox, OutboxMessage } from "@creneau/core"
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm"
import { Effect, Layer, Schema } from "effect"
import { Database } from "./Database.js"
import { decoder, jsonInsert, toDate, toUtc, toUtcOrNull } from "./Rows.js"
import { outbox } from "./schema.js"
import { tokenInsert, tokenRows } from "./Tokens.js"

type Row = typeof outbox.$inferSelect

const decodeMessage = decoder(OutboxMessage)
const intentJson = Schema.toCodecJson(NotificationIntent)
const encodeIntent = Schema.encodeSync(intentJson)
const decodeIntent = decoder(intentJson)

/**
 * An intent that cannot be read (written by another version, say) reads as none: the message is
 * still listed, and its delivery fails for good instead of stopping every claim.
 */
const intentOf = (operation: string, row: Row) =>
  row.intent === null
    ? Effect.succeed(null)
    : decodeIntent(operation, row.intent).pipe(Effect.orElseSucceed(() => null))

const toMessage = (operation: string) => (row: Row) =>
  Effect.flatMap(intentOf(operation, row), (intent) =>
    decodeMessage(operation, {
      id: row.id,
      businessId: row.businessId,
      appointmentId: row.appointmentId,
      seriesId: row.seriesId,
      channel: row.channel,
      recipientRole: row.recipientRole,
      to: row.recipient,
      event: row.event,
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml,
      links: row.links,
      attachments: row.attachments,
      intent,
      webhookId: row.webhookId,
      sendAfter: toUtc(row.sendAfter),
      status: row.status,
      attempts: row.attempts,
      lastError: row.lastError,
      sentAt: toUtcOrNull(row.sentAt),
      createdAt: toUtc(row.createdAt)
    })
  )

const rowOf = (m: OutboxMessage) => ({
  id: m.id,
  businessId: m.businessId,
  appointmentId: m.appointmentId,
  seriesId: m.seriesId,
  channel: m.channel,
  recipientRole: m.recipientRole,
  recipient: m.to,
  event: m.event,
  subject: m.subject,
  bodyText: m.text,
  bodyHtml: m.html,
  links: m.links,
  attachments: m.attachments,
  intent: m.intent === null ? null : encodeIntent(m.intent),
  webhookId: m.webhookId,
  sendAfter: toDate(m.sendAfter),
  status: m.status,
  attempts: m.attempts,
  lastError: m.lastError,
  sentAt: m.sentAt === null ? null : toDate(m.sentAt),
  leasedUntil: null,
  createdAt: toDate(m.createdAt)
})

/** Any number of messages in one prepared statement. */
const insert = jsonInsert(outbox, [
  "id",
  "businessId",
  "appointmentId",
  "seriesId",
  "channel",
  "recipientRole",
  "recipient",
  "event",
  "subject",
  "bodyText",
  "bodyHtml",
  "links",
  "attachments",
  "intent",
  "webhookId",
  "sendAfter",
  "status",
  "attempts",
  "lastError",
  "sentAt",
  "leasedUntil",
  "createdAt"
])

export const layerOutbox = Layer.effect(
  Outbox,
  Effect.gen(function* () {
    const db = yield* Database
    const enqueue = db.prepareSql("outbox.enqueue", insert.sql)
    // The messages and the tokens of their links in one statement (a data-modifying CTE).
    const enqueueWithTokens = db.prepareSql(
      "outbox.enqueueWithTokens",
      sql`with stored_tokens as (${tokenInsert.sql}) ${insert.sql}`
    )
    return Outbox.of({
      enqueue: (messages, tokens = []) =>
        tokens.length > 0
          ? Effect.asVoid(
              enqueueWithTokens({
                rows: insert.json(messages.map(rowOf)),
                tokens: tokenInsert.json(tokenRows(tokens))
              })
            )
          : messages.length === 0
            ? Effect.void
            : Effect.asVoid(enqueue({ rows: insert.json(messages.map(rowOf)) })),

      dropPending: (appointmentId, events) =>
        events.length === 0
          ? Effect.void
          : Effect.asVoid(
              db.query("outbox.dropPending", (q) =>
                q
                  .update(outbox)
                  .set({ status: "dropped", leasedUntil: null })
                  .where(
                    and(
                      eq(outbox.appointmentId, appointmentId),
                      eq(outbox.status, "pending"),
                      inArray(outbox.event, [...events])
                    )
                  )
              )
            ),

      list: Effect.fnUntraced(function* (businessId, filter) {
        const rows = yield* db.query("outbox.list", (q) =>
          q
            .select()
            .from(outbox)
            .where(
              and(
                eq(outbox.businessId, businessId),
                filter.appointmentId === undefined
                  ? undefined
                  : eq(outbox.appointmentId, filter.appointmentId),
                filter.status === undefined ? undefined : eq(outbox.status, filter.status)
              )
            )
            .orderBy(asc(outbox.createdAt), asc(outbox.id))
            .limit(Math.max(0, Math.floor(filter.limit ?? 500)))
        )
        return yield* Effect.forEach(rows, toMessage("outbox.list"))
      }),

      claimDue: Effect.fnUntraced(function* (now, limit, leaseMillis) {
        const at = toDate(now)
        const rows = yield* db.query("outbox.claimDue", (q) => {
          const due = q
            .select({ id: outbox.id })
            .from(outbox)
            .where(
              and(
                eq(outbox.status, "pending"),
                lte(outbox.sendAfter, at),
                or(isNull(outbox.leasedUntil), lte(outbox.leasedUntil, at))
              )
            )
            .orderBy(asc(outbox.sendAfter), asc(outbox.id))
            .limit(Math.max(0, Math.floor(limit)))
            .for("update", { skipLocked: true })
          return q
            .update(outbox)
            .set({ leasedUntil: new Date(now.epochMilliseconds + leaseMillis) })
            .where(inArray(outbox.id, due))
            .returning()
        })
        const claimed = yield* Effect.forEach(rows, toMessage("outbox.claimDue"))
        return [...claimed].sort(
          (a, b) =>
            a.sendAfter.epochMilliseconds - b.sendAfter.epochMilliseconds ||
            (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
        )
      }),

      markRendered: (id, rendered) =>
        Effect.asVoid(
          db.query("outbox.markRendered", (q) =>
            q
              .update(outbox)
              .set({
                subject: rendered.subject,
                bodyText: rendered.text,
                bodyHtml: rendered.html,
                attachments: rendered.attachments
              })
              .where(eq(outbox.id, id))
          )
        ),

      markDropped: (id) =>
        Effect.asVoid(
          db.query("outbox.markDropped", (q) =>
            q.update(outbox).set({ status: "dropped", leasedUntil: null }).where(eq(outbox.id, id))
          )
        ),

      markSent: (id, at) =>
        Effect.asVoid(
          db.query("outbox.markSent", (q) =>
            q
              .update(outbox)
              .set({
                status: "sent",
                sentAt: toDate(at),
                attempts: sql`${outbox.attempts} + 1`,
                leasedUntil: null
              })
              .where(eq(outbox.id, id))
          )
        ),

      markAttemptFailed: (id, error, retryAt) =>
        Effect.asVoid(
          db.query("outbox.markAttemptFailed", (q) =>
            q
              .update(outbox)
              .set({
                status: retryAt === null ? "failed" : "pending",
                attempts: sql`${outbox.attempts} + 1`,
                lastError: error,
                ...(retryAt === null ? {} : { sendAfter: toDate(retryAt) }),
                leasedUntil: null
              })
              .where(eq(outbox.id, id))
          )
        )
    })
  })
)
