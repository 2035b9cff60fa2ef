/**
 * The database connection as an Effect service: a thin wrapper over drizzle (0.45, promise-based)
 * that runs each query on the ambient transaction when the fiber has one, turns driver failures
 * into the core's `PersistenceError` (with the operation name), and bridges Effect and drizzle's
 * `db.transaction(callback)`.
 *
 * Transactions: the inner effect runs inside drizzle's callback with every service of the caller
 * plus the transaction handle (a Context.Reference); its Exit is carried out of the callback, and
 * a failure or defect is thrown as a private sentinel so that drizzle rolls back, then returned
 * unchanged. A nested `transaction` joins the outer one; `atomically` takes a savepoint instead,
 * so that a refused write (a slot conflict) leaves the outer transaction usable. PGlite is a single
 * connection: its transactions are serialized, so statements of two transactions never interleave.
 */
import { PersistenceError } from "@creneau/core"
import { PGlite } from "@electric-sql/pglite"
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { DrizzleQueryError } from "drizzle-orm"
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core"
import { drizzle as drizzlePglite } from "drizzle-orm/pglite"
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js"
import { Context, Effect, Exit, Layer, Semaphore } from "effect"
import postgres from "postgres"
import { migrate } from "./Migrations.js"

/** What queries run on: the database itself or an open transaction (or savepoint). */
export type Executor = PgDatabase<PgQueryResultHKT>

export type Dialect = "pglite" | "postgres"

/** The transaction the current fiber runs in, tagged with the database it belongs to. */
interface Ambient {
  readonly owner: object
  readonly tx: Executor
  /** One savepoint at a time per transaction: concurrent fibers share its connection. */
  readonly savepoints: Semaphore.Semaphore
}

const CurrentTransaction = Context.Reference<Ambient | null>("@creneau/drizzle/Database/CurrentTransaction", {
  defaultValue: () => null
})

export class Database extends Context.Service<
  Database,
  {
    readonly dialect: Dialect
    /** Run statements on the ambient transaction, or on the database when there is none. */
    readonly query: <A>(
      operation: string,
      run: (db: Executor) => PromiseLike<A>
    ) => Effect.Effect<A, PersistenceError>
    /** Run `effect` in one transaction; inside another transaction, join it. */
    readonly transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
    /**
     * Run `effect` all or nothing: in a savepoint of the ambient transaction, or in a transaction
     * of its own. A failure undoes its writes only.
     */
    readonly atomically: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  }
>()("@creneau/drizzle/Database") {
  /**
   * Embedded PostgreSQL (PGlite): in memory when `dataDir` is undefined (tests), else persisted
   * under that directory. Migrates at start; closed when the layer's scope ends.
   */
  static readonly layerPglite = (options: { readonly dataDir?: string | undefined } = {}) =>
    Layer.effect(
      Database,
      Effect.gen(function* () {
        const client = yield* Effect.acquireRelease(
          Effect.tryPromise({
            try: () =>
              PGlite.create({
                ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
                extensions: { btree_gist, pg_trgm }
              }),
            catch: (cause) => new PersistenceError({ operation: "connect", cause })
          }),
          (client) => Effect.promise(() => client.close().catch(() => undefined))
        )
        yield* migrate({ kind: "pglite", client })
        return yield* make(drizzlePglite(client) as unknown as Executor, "pglite")
      })
    )

  /**
   * PostgreSQL at `url` through a pool of `max` connections (postgres.js). Migrates at start
   * (under an advisory lock) unless `migrate` is false; the pool is closed when the scope ends.
   */
  static readonly layerPostgres = (options: {
    readonly url: string
    readonly max?: number | undefined
    readonly migrate?: boolean | undefined
  }) =>
    Layer.effect(
      Database,
      Effect.gen(function* () {
        if (options.migrate !== false) yield* migrate({ kind: "postgres", url: options.url })
        const client = yield* Effect.acquireRelease(
          Effect.sync(() => postgres(options.url, { max: options.max ?? 10, onnotice: () => {} })),
          (client) => Effect.promise(() => client.end({ timeout: 5 }).catch(() => undefined))
        )
        return yield* make(drizzlePostgres(client) as unknown as Executor, "postgres")
      })
    )
}

/** Thrown inside drizzle's transaction callback to make it roll back. */
class RollbackSignal {}

/** The driver's error rather than drizzle's wrapper, whose message repeats every parameter. */
const driverError = (cause: unknown): unknown =>
  cause instanceof DrizzleQueryError && cause.cause !== undefined ? cause.cause : cause

const make = Effect.fnUntraced(function* (root: Executor, dialect: Dialect) {
  const owner = {}
  const lock = dialect === "pglite" ? yield* Semaphore.make(1) : null
  const ambient = Effect.map(CurrentTransaction, (a) => (a !== null && a.owner === owner ? a : null))

  /** Run `effect` inside the transaction (or savepoint) that `begin` opens. */
  const within = <A, E, R>(
    begin: (body: (tx: Executor) => Promise<void>) => Promise<void>,
    effect: Effect.Effect<A, E, R>
  ): Effect.Effect<A, E, R> =>
    Effect.contextWith((context: Context.Context<R>) =>
      Effect.callback<Exit.Exit<A, E>>((resume) => {
        const interrupted = new AbortController()
        let outcome: Exit.Exit<A, E> | undefined
        const settled = begin(async (tx) => {
          const inner = Context.add(context, CurrentTransaction, {
            owner,
            tx,
            savepoints: Semaphore.makeUnsafe(1)
          })
          outcome = await Effect.runPromiseExitWith(inner)(effect, { signal: interrupted.signal })
          if (Exit.isFailure(outcome)) throw new RollbackSignal()
        }).then(
          () => resume(Effect.succeed(outcome!)),
          (error: unknown) =>
            resume(
              error instanceof RollbackSignal && outcome !== undefined
                ? Effect.succeed(outcome)
                : // BEGIN, COMMIT or ROLLBACK failed: the port has no error for it.
                  Effect.die(new PersistenceError({ operation: "transaction", cause: driverError(error) }))
            )
        )
        // Interrupted: interrupt the inner fiber, and wait for the rollback before going on.
        return Effect.promise(() => {
          interrupted.abort()
          return settled
        })
      })
    ).pipe(Effect.flatten)

  const begin = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
    const run = within((body) => root.transaction(body), effect)
    return lock === null ? run : lock.withPermits(1)(run)
  }

  return Database.of({
    dialect,
    query: (operation, run) =>
      Effect.flatMap(ambient, (a) =>
        Effect.tryPromise({
          try: () => Promise.resolve(run(a?.tx ?? root)),
          catch: (cause) => new PersistenceError({ operation, cause: driverError(cause) })
        })
      ),
    transaction: (effect) => Effect.flatMap(ambient, (a) => (a === null ? begin(effect) : effect)),
    atomically: (effect) =>
      Effect.flatMap(ambient, (a) =>
        a === null
          ? begin(effect)
          : a.savepoints.withPermits(1)(within((body) => a.tx.transaction(body), effect))
      )
  })
})

/** The SQLSTATE code of a driver error (`23P01` exclusion violation, `23505` unique violation). */
export const sqlState = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { readonly code?: unknown }).code
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code
    current = (current as { readonly cause?: unknown }).cause
  }
  return undefined
}

/** Whether `error` is a PersistenceError caused by the SQLSTATE `code`. */
export const isSqlState =
  (code: string) =>
  (error: unknown): error is PersistenceError =>
    error instanceof PersistenceError && sqlState(error.cause) === code
