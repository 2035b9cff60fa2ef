/** Stored responses of requests sent with an idempotency key, scoped per business. */
import { Context, type Effect, type Option, Schema } from "effect"
import type { PersistenceError } from "./Repositories.js"

export const IdempotencyRecord = Schema.Struct({
  businessId: Schema.String,
  key: Schema.String,
  requestHash: Schema.String,
  status: Schema.Int,
  response: Schema.Unknown,
  createdAt: Schema.DateTimeUtc
})
export type IdempotencyRecord = typeof IdempotencyRecord.Type

export class IdempotencyStore extends Context.Service<
  IdempotencyStore,
  {
    readonly find: (
      businessId: string,
      key: string
    ) => Effect.Effect<Option.Option<IdempotencyRecord>, PersistenceError>
    /** Save within the current transaction; a concurrent save of the same key makes one of them fail. */
    readonly save: (record: IdempotencyRecord) => Effect.Effect<void, PersistenceError>
  }
>()("@creneau/core/ports/Idempotency") {}
