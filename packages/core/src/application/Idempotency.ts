/**
 * Idempotency keys: a request repeated with the same key gets the stored response instead of
 * acting twice; the same key with another request is a conflict. The response is stored in the
 * same transaction as the change it reports.
 */
import { DateTime, Effect, Option } from "effect"
import { IdempotencyConflict } from "../domain/Errors.js"
import { IdempotencyStore } from "../ports/Idempotency.js"
import { UnitOfWork } from "../ports/UnitOfWork.js"

export interface StoredResponse {
  readonly status: number
  readonly body: unknown
}

/**
 * Run `effect` once per (business, key). `requestHash` identifies the request (method, path and
 * body); the effect returns the response to store and replay.
 */
export const idempotent = <E, R>(params: {
  readonly businessId: string
  readonly key: string
  readonly requestHash: string
  readonly effect: Effect.Effect<StoredResponse, E, R>
}) =>
  Effect.gen(function* () {
    const store = yield* IdempotencyStore
    const uow = yield* UnitOfWork
    const replay = (record: {
      readonly requestHash: string
      readonly status: number
      readonly response: unknown
    }): Effect.Effect<StoredResponse & { readonly replayed: boolean }, IdempotencyConflict> =>
      record.requestHash === params.requestHash
        ? Effect.succeed({ status: record.status, body: record.response, replayed: true })
        : Effect.fail(new IdempotencyConflict({ key: params.key }))
    const existing = yield* store.find(params.businessId, params.key)
    if (Option.isSome(existing)) return yield* replay(existing.value)
    return yield* uow
      .transaction(
        Effect.gen(function* () {
          const response = yield* params.effect
          yield* store.save({
            businessId: params.businessId,
            key: params.key,
            requestHash: params.requestHash,
            status: response.status,
            response: response.body,
            createdAt: yield* DateTime.now
          })
          return { ...response, replayed: false }
        })
      )
      .pipe(
        // A concurrent request with the same key may have committed first — our save then fails,
        // or our effect lost the race for the same slot: answer with its stored response.
        Effect.catch((error) =>
          Effect.gen(function* () {
            const found = yield* store.find(params.businessId, params.key)
            if (Option.isNone(found)) return yield* Effect.fail(error)
            return yield* replay(found.value)
          })
        )
      )
  })
