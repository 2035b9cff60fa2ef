/**
 * IdempotencyStore on `idempotency_keys`. A second save of one (business, key) inserts nothing
 * (`ON CONFLICT DO NOTHING`, which also waits for a concurrent save to commit) and fails with a
 * PersistenceError, on which the core replays the stored response; no SQL error is raised, so the
 * ambient transaction stays usable.
 */
import { IdempotencyRecord, IdempotencyStore, PersistenceError } from "@creneau/core"
import { and, eq } from "drizzle-orm"
import { Effect, Layer, Option } from "effect"
import { Database } from "./Database.js"
import { decoder, toDate, toUtc } from "./Rows.js"
import { idempotencyKeys } from "./schema.js"

const decodeRecord = decoder(IdempotencyRecord)

export const layerIdempotencyStore = Layer.effect(
  IdempotencyStore,
  Effect.gen(function* () {
    const db = yield* Database
    return IdempotencyStore.of({
      find: Effect.fnUntraced(function* (businessId, key) {
        const [row] = yield* db.query("idempotency.find", (q) =>
          q
            .select()
            .from(idempotencyKeys)
            .where(and(eq(idempotencyKeys.businessId, businessId), eq(idempotencyKeys.key, key)))
        )
        if (row === undefined) return Option.none()
        const record = yield* decodeRecord("idempotency.find", {
          businessId: row.businessId,
          key: row.key,
          requestHash: row.requestHash,
          status: row.status,
          response: row.response,
          createdAt: toUtc(row.createdAt)
        })
        return Option.some(record)
      }),
      save: Effect.fnUntraced(function* (record) {
        const saved = yield* db.query("idempotency.save", (q) =>
          q
            .insert(idempotencyKeys)
            .values({
              businessId: record.businessId,
              key: record.key,
              requestHash: record.requestHash,
              status: record.status,
              response: record.response ?? null,
              createdAt: toDate(record.createdAt)
            })
            .onConflictDoNothing()
            .returning({ key: idempotencyKeys.key })
        )
        if (saved.length === 0) {
          return yield* new PersistenceError({
            operation: "idempotency.save",
            cause: new Error(`The idempotency key ${record.key} is already used.`)
          })
        }
      })
    })
  })
)
