/**
 * Runs an effect as one atomic unit: every repository, outbox and idempotency write inside it
 * commits together or not at all. Nested calls join the outer transaction.
 */
import { Context, type Effect } from "effect"

export class UnitOfWork extends Context.Service<
  UnitOfWork,
  {
    readonly transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  }
>()("@creneau/core/ports/UnitOfWork") {}
