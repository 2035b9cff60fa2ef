/**
 * Runs an effect as one atomic unit: every repository, outbox and idempotency write inside it
 * commits together or not at all. Nested calls join the outer transaction. The effect's own
 * failures come back unchanged (after the rollback); a failure to begin or commit is a
 * PersistenceError.
 */
import { Context, type Effect } from "effect"
import type { PersistenceError } from "./Repositories.js"

export class UnitOfWork extends Context.Service<
  UnitOfWork,
  {
    readonly transaction: <A, E, R>(
      effect: Effect.Effect<A, E, R>
    ) => Effect.Effect<A, E | PersistenceError, R>
  }
>()("@creneau/core/ports/UnitOfWork") {}
