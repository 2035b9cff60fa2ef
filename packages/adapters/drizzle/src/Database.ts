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
 * so that a refused write (a slot conflict) leaves the outer transaction usable. When BEGIN or
 * COMMIT fails, or the connection is lost mid-transaction, the inner effect is interrupted and the
 * transaction fails with a PersistenceError ("transaction"). PGlite is a single connection: its
 * transactions are serialized, so statements of two transactions never interleave.
 *
 * Prepared statements: `prepare` has drizzle build a statement once (its text and parameters, the
 * values left as `sql.placeholder`s); each run only fills the placeholders in, on the ambient
 * transaction or the database. Building a query is most of drizzle's cost (every fragment is
 * type-checked as it is rendered), so the statements of the hot paths are prepared.
 *
 * Durability on PGlite with a data directory: a commit is made durable before it is acknowledged
 * (see `walSync`), and only one process at a time opens the directory (see `lockDirectory`).
 *
 * Changes: writes that caches depend on mark their business (`touch`), and its catalog when they
 * change it; the marks take effect in `changes` when the transaction commits, and reach other
 * processes on PostgreSQL through LISTEN/NOTIFY (see Changes.ts).
 */
import { randomUUID } from "node:crypto"
import {
  closeSync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { join, resolve } from "node:path"
import { PersistenceError } from "@creneau/core"
import { PGlite } from "@electric-sql/pglite"
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { DrizzleQueryError, type Query, type SQL } from "drizzle-orm"
import type { PgDatabase, PgQueryResultHKT, SelectedFieldsOrdered } from "drizzle-orm/pg-core"
import { drizzle as drizzlePglite } from "drizzle-orm/pglite"
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js"
import { Context, Effect, Exit, Layer, Semaphore } from "effect"
import postgres from "postgres"
import { CHANNEL, Changes, CREDENTIALS_KEY, catalogKey, notification, parseNotification } from "./Changes.js"
import { migrate } from "./Migrations.js"

/** What queries run on: the database itself or an open transaction (or savepoint). */
export type Executor = PgDatabase<PgQueryResultHKT>

export type Dialect = "pglite" | "postgres"

/** The values of a prepared statement's placeholders, by name. */
export type Values = Readonly<Record<string, unknown>>

/**
 * What `prepare` compiles: a select (its rows mapped as drizzle maps them), or a write that
 * returns nothing.
 */
export interface Preparable<A> extends PromiseLike<A> {
  readonly toSQL: () => Query
}

/** A prepared statement: run with the values of its placeholders. */
export type Prepared<A> = (values?: Values) => Effect.Effect<A, PersistenceError>

/** The transaction the current fiber runs in, tagged with the database it belongs to. */
interface Ambient {
  readonly owner: object
  readonly tx: Executor
  /** One savepoint at a time per transaction: concurrent fibers share its connection. */
  readonly savepoints: Semaphore.Semaphore
  readonly connection: Link
  /** The keys its writes touched (see Changes.ts), marked changed when it commits. */
  readonly touched: Set<string>
}

/** The connection of a transaction, shared by its savepoints: once lost, nothing is sent on it. */
interface Link {
  lost: boolean
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
    readonly transaction: <A, E, R>(
      effect: Effect.Effect<A, E, R>
    ) => Effect.Effect<A, E | PersistenceError, R>
    /**
     * Run `effect` all or nothing: in a savepoint of the ambient transaction, or in a transaction
     * of its own. A failure undoes its writes only.
     */
    readonly atomically: <A, E, R>(
      effect: Effect.Effect<A, E, R>
    ) => Effect.Effect<A, E | PersistenceError, R>
    /**
     * A statement drizzle builds once, `sql.placeholder(name)` standing for each value that
     * changes from run to run (see the module's documentation).
     */
    readonly prepare: <A>(operation: string, build: (db: Executor) => Preparable<A>) => Prepared<A>
    /**
     * The same for a statement written with `sql`: its rows as the driver gives them (columns
     * by their names in the result, jsonb parsed, instants as text).
     */
    readonly prepareSql: <R extends object>(operation: string, statement: SQL) => Prepared<ReadonlyArray<R>>
    /**
     * Mark the business's data as changed, for the caches that depend on it: when the ambient
     * transaction commits (not if it rolls back), at once when there is none. Called after the
     * write; `catalog` for a write to the business's settings or catalog, which marks its
     * {@link catalogKey} too.
     */
    readonly touch: (businessId: string, options?: { readonly catalog?: boolean }) => Effect.Effect<void>
    /**
     * Mark the credentials as changed (a key revoked, a session ended), for the kept credentials
     * (Accounts.ts), as `touch` marks a business.
     */
    readonly touchCredentials: Effect.Effect<void>
    /** The keys the ambient transaction's writes touched so far, not committed yet (none outside one). */
    readonly uncommitted: Effect.Effect<ReadonlySet<string>>
    /** The generations of the businesses' data and catalogs, and of the credentials, as known here. */
    readonly changes: Changes
    /** Whether the fiber runs in a transaction of this database (whose writes are not committed yet). */
    readonly inTransaction: Effect.Effect<boolean>
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
        const dataDir = options.dataDir
        const host = hostDirectory(dataDir)
        if (host !== undefined) yield* lockDirectory(host)
        const client = yield* Effect.acquireRelease(
          Effect.tryPromise({
            try: () =>
              PGlite.create({
                ...(dataDir === undefined ? {} : { dataDir }),
                extensions: { btree_gist, pg_trgm }
              }),
            catch: (cause) => new PersistenceError({ operation: "connect", cause })
          }),
          (client) =>
            Effect.promise(async () => {
              await client.close().catch(() => undefined)
              // The shutdown checkpoint wrote the data files without fsync: sync them.
              if (host !== undefined) syncTree(host)
            })
        )
        yield* migrate({ kind: "pglite", client })
        const durable = host === undefined ? undefined : yield* walSync(client, host)
        // One process holds a PGlite database: its own commits are all the changes there are.
        return yield* make(drizzlePglite(client) as unknown as Executor, "pglite", {
          changes: new Changes(),
          ...(durable !== undefined && { durable })
        })
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
        // What tells this pool's notifications from the others': its own are not learnt again.
        const origin = randomUUID()
        const changes = yield* listenForChanges(client, origin)
        const context = yield* Effect.context<never>()
        const lost = (cause: unknown) =>
          Effect.runForkWith(context)(
            Effect.logWarning(
              "A change notification could not be sent: the other processes keep their answers until they expire.",
              cause
            )
          )
        return yield* make(drizzlePostgres(preparing(client)) as unknown as Executor, "postgres", {
          changes,
          notify: notifier(client, origin, lost)
        })
      })
    )
}

/**
 * drizzle runs every statement with `prepare: false`, and postgres.js then sends a statement that
 * has parameters in two round trips (describe it, then run it). Prepared, it takes one, and is
 * parsed once per connection. `?prepare=false` on the URL still turns it off (behind PgBouncer in
 * transaction mode, say). The transactions and savepoints postgres.js hands drizzle are wrapped
 * alike.
 */
const preparing = (client: postgres.Sql): postgres.Sql => {
  type Scoped = (...args: Array<unknown>) => unknown
  const scoped =
    (open: Scoped): Scoped =>
    (...args) => {
      const body = args.pop() as (sql: postgres.Sql) => unknown
      return open(...args, (sql: postgres.Sql) => body(preparing(sql)))
    }
  return new Proxy(client, {
    get: (target, key, receiver) => {
      switch (key) {
        case "unsafe":
          return (query: string, params?: Array<postgres.ParameterOrJSON<never>>, options?: object) =>
            target.unsafe(query, params, { ...options, prepare: true })
        case "begin":
        case "savepoint":
          return scoped((target as unknown as Record<string, Scoped>)[key]!)
        default:
          return Reflect.get(target, key, receiver)
      }
    }
  })
}

/**
 * The changes of the other processes on the same database: LISTEN on a connection of its own
 * (postgres.js re-establishes it after a loss, and every generation then moves). This process's
 * own changes are marked when they commit, so its notifications, which come back to it too, are
 * passed over: learnt again, they would move the generations a second time, a moment later, and
 * turn away answers kept since. Where LISTEN fails, changes are untracked. Behind a pooler that
 * accepts LISTEN without delivering notifications (PgBouncer in transaction mode), other
 * processes' changes are seen only when the kept answers expire.
 */
const listenForChanges = (client: postgres.Sql, origin: string): Effect.Effect<Changes> => {
  const changes = new Changes()
  return Effect.tryPromise(() =>
    client.listen(
      CHANNEL,
      (payload) => {
        const parsed = parseNotification(payload)
        if (parsed.origin !== origin) changes.changed([parsed.key])
      },
      () => changes.changedAll()
    )
  ).pipe(
    Effect.as(changes),
    Effect.catch((error) =>
      Effect.as(
        Effect.logWarning("Cannot LISTEN for changes: caches are off.", error.cause),
        new Changes(false)
      )
    )
  )
}

/**
 * Tell the other processes what changed: one NOTIFY per key (see Changes.ts), the keys of a turn of
 * the event loop sent together after their commits, each with this pool's `origin`. A
 * notification that cannot be sent is lost (and `lost` told): the others' caches keep their
 * answers until they expire.
 */
const notifier = (client: postgres.Sql, origin: string, lost: (cause: unknown) => void) => {
  let pending: Set<string> | undefined
  const flush = () => {
    const payloads = [...(pending ?? [])].map((key) => notification(origin, key))
    pending = undefined
    // As JSON text: an array parameter needs the types postgres.js fetches with the pool's first
    // statement, and would fail if this one came first.
    client`select pg_notify(${CHANNEL}, payload) from json_array_elements_text(${JSON.stringify(payloads)}::json) as payload`.then(
      () => undefined,
      lost
    )
  }
  return (keys: Iterable<string>) => {
    if (pending === undefined) {
      pending = new Set()
      setImmediate(flush)
    }
    for (const key of keys) pending.add(key)
  }
}

/** Thrown inside drizzle's transaction callback to make it roll back. */
class RollbackSignal {}

/** The driver's error rather than drizzle's wrapper, whose message repeats every parameter. */
const driverError = (cause: unknown): unknown =>
  cause instanceof DrizzleQueryError && cause.cause !== undefined ? cause.cause : cause

/**
 * What makes a PGlite commit durable before it is acknowledged. PGlite starts PostgreSQL with
 * fsync off (`-F`), its Node filesystem (Emscripten's NODEFS) ignores fsync anyway, and its
 * `transaction()` does not call `syncToFs()` after COMMIT (electric-sql/pglite#1065). On NodeFS a
 * commit's WAL is written to the host file before COMMIT returns, so it survives the process
 * being killed, but it sits in the OS page cache: an OS crash or a power cut could lose it. So,
 * after each transaction and each statement outside one: `syncToFs()` (what #1065 asks for; a
 * no-op on NodeFS, needed by filesystems that buffer in memory), then, when the WAL has moved,
 * fdatasync of the WAL segments written since, as PostgreSQL with `fsync = on` would do.
 */
const walSync = Effect.fnUntraced(function* (client: PGlite, dataDir: string) {
  const walDir = join(dataDir, "pg_wal")
  const position = async () => {
    const { rows } = await client.query<{ readonly segment: string; readonly lsn: string }>(
      "select pg_walfile_name(lsn) as segment, lsn::text as lsn from pg_current_wal_insert_lsn() as lsn"
    )
    return rows[0] ?? { segment: "", lsn: "" }
  }
  let synced = yield* Effect.tryPromise({
    try: position,
    catch: (cause) => new PersistenceError({ operation: "connect", cause })
  })
  return async (): Promise<void> => {
    await client.syncToFs()
    const now = await position()
    if (now.lsn === synced.lsn) return
    // Segment names sort in WAL order: sync every segment from the last synced one on.
    const from = synced.segment
    const segments =
      now.segment === from
        ? [now.segment]
        : readdirSync(walDir).filter((name) => SEGMENT.test(name) && name >= from && name <= now.segment)
    for (const name of segments) syncFile(join(walDir, name), fdatasyncSync)
    synced = now
  }
})

/** The lock file of a PGlite data directory: the pid of the process that has it open. */
export const LOCK_FILE = "creneau.lock"

/**
 * One process at a time per PGlite data directory, until the scope closes: PGlite has no lock of
 * its own, and two processes writing one directory corrupt it. The lock file holds the owner's
 * pid; one left by a process that is gone (killed) is taken over.
 */
const lockDirectory = (dir: string) =>
  Effect.acquireRelease(
    Effect.try({
      try: () => {
        mkdirSync(dir, { recursive: true })
        const path = join(dir, LOCK_FILE)
        for (;;) {
          try {
            writeFileSync(path, String(process.pid), { flag: "wx" })
            return path
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
          }
          const owner = Number(readFileSync(path, "utf8").trim())
          if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
            throw new Error(
              owner === process.pid
                ? "this process already has this data directory open"
                : `another process (pid ${owner}) has this data directory open; stop it, or remove ${path} if no such process is running`
            )
          }
          rmSync(path, { force: true })
        }
      },
      catch: (cause) => new PersistenceError({ operation: "connect", cause })
    }),
    (path) => Effect.sync(() => rmSync(path, { force: true }))
  )

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** The host directory of a PGlite `dataDir` (a path or `file://`), if it has one. */
const hostDirectory = (dataDir: string | undefined): string | undefined =>
  dataDir === undefined
    ? undefined
    : dataDir.startsWith("file://")
      ? resolve(dataDir.slice("file://".length))
      : /^[a-z][a-z0-9+.-]*:\/\//i.test(dataDir)
        ? undefined
        : resolve(dataDir)

const SEGMENT = /^[0-9A-F]{24}$/

const syncFile = (path: string, sync: (fd: number) => void): void => {
  let fd: number
  try {
    fd = openSync(path, "r")
  } catch (error) {
    // Gone since it was listed (a recycled WAL segment), or a directory Windows will not open.
    if (["ENOENT", "EISDIR", "EPERM"].includes((error as NodeJS.ErrnoException).code ?? "")) return
    throw error
  }
  try {
    sync(fd)
  } finally {
    closeSync(fd)
  }
}

/** fsync every file and directory under `dir`. */
const syncTree = (dir: string): void => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) syncTree(path)
    else if (entry.isFile()) syncFile(path, fsyncSync)
  }
  syncFile(dir, fsyncSync)
}

/**
 * `durable`: what makes the work committed so far durable (PGlite on disk), run before answering;
 * `notify`: what tells other processes of the changes committed here.
 */
const make = Effect.fnUntraced(function* (
  root: Executor,
  dialect: Dialect,
  options: {
    readonly changes: Changes
    readonly durable?: () => Promise<void>
    readonly notify?: (keys: Iterable<string>) => void
  }
) {
  const { changes, durable, notify } = options
  const committed = (keys: ReadonlySet<string>) => {
    if (keys.size === 0) return
    changes.changed(keys)
    notify?.(keys)
  }
  const owner = {}
  const lock = dialect === "pglite" ? yield* Semaphore.make(1) : null
  const ambient = Effect.map(CurrentTransaction, (a) => (a !== null && a.owner === owner ? a : null))

  /**
   * Run `effect` inside what `begin` opens: a transaction (no `link`), or a savepoint of the
   * transaction whose connection is `link`.
   *
   * When the connection of a postgres.js transaction closes (its backend killed, a failover, an
   * idle-in-transaction timeout), postgres.js rejects the transaction at once while our callback
   * still runs, and anything sent on that connection afterwards (a query, ROLLBACK TO, ROLLBACK or
   * COMMIT, which postgres.js sends itself when the callback settles) crashes the process from a
   * timer (porsager/postgres#1208), or runs on the next session of that connection. So once the
   * link is lost nothing more is sent: queries and savepoints fail at once, a savepoint's callback
   * returns (postgres.js sends nothing then) and the transaction's callback never settles.
   */
  const within = <A, E, R>(
    begin: (body: (tx: Executor) => Promise<void>) => Promise<void>,
    link: Link | undefined,
    touched: Set<string>,
    effect: Effect.Effect<A, E, R>
  ): Effect.Effect<A, E | PersistenceError, R> =>
    Effect.contextWith((context: Context.Context<R>) =>
      Effect.callback<Exit.Exit<A, E | PersistenceError>>((resume) => {
        const connection = link ?? { lost: false }
        const interrupted = new AbortController()
        let running: Promise<Exit.Exit<A, E>> | undefined
        let outcome: Exit.Exit<A, E> | undefined
        const settled = begin(async (tx) => {
          const inner = Context.add(context, CurrentTransaction, {
            owner,
            tx,
            savepoints: Semaphore.makeUnsafe(1),
            connection,
            touched
          })
          running = Effect.runPromiseExitWith(inner)(effect, { signal: interrupted.signal })
          outcome = await running
          if (connection.lost) return link === undefined ? new Promise<never>(() => {}) : undefined
          if (Exit.isFailure(outcome)) throw new RollbackSignal()
        }).then(
          () => resume(Effect.succeed(outcome!)),
          async (error: unknown) => {
            // The effect's own failure, even when the ROLLBACK after it failed too.
            if (outcome !== undefined && Exit.isFailure(outcome)) return resume(Effect.succeed(outcome))
            // BEGIN or COMMIT failed, or the connection was lost while the effect ran: stop it.
            if (link === undefined) connection.lost = true
            interrupted.abort()
            await running
            resume(Effect.succeed(Exit.fail(failure("transaction", driverError(error)))))
          }
        )
        // Interrupted: interrupt the inner fiber, and wait for the rollback before going on.
        return Effect.promise(() => {
          interrupted.abort()
          return settled
        })
      })
    ).pipe(Effect.flatten)

  const begin = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | PersistenceError, R> =>
    Effect.suspend(() => {
      const touched = new Set<string>()
      // The changes are marked as soon as COMMIT succeeds, whatever becomes of the caller since.
      const commit = (body: (tx: Executor) => Promise<void>) =>
        root.transaction(body).then(() => committed(touched))
      const run = within(
        durable === undefined ? commit : (body) => commit(body).then(durable),
        undefined,
        touched,
        effect
      )
      return lock === null ? run : lock.withPermits(1)(run)
    })

  /** Mark `keys` changed: when the ambient transaction commits, at once outside one. */
  const mark = (keys: ReadonlyArray<string>) =>
    Effect.map(ambient, (a) => {
      if (a === null) committed(new Set(keys))
      else for (const key of keys) a.touched.add(key)
    })

  const query = <A>(
    operation: string,
    run: (db: Executor) => PromiseLike<A>
  ): Effect.Effect<A, PersistenceError> =>
    Effect.flatMap(ambient, (a) =>
      a?.connection.lost
        ? Effect.fail(failure(operation, connectionLost))
        : Effect.tryPromise({
            try: async () => {
              if (a !== null) return await run(a.tx)
              const result = await run(root)
              if (durable !== undefined) await durable()
              return result
            },
            catch: (cause) => failure(operation, driverError(cause))
          })
    )

  return Database.of({
    dialect,
    query,
    prepare: <A>(operation: string, build: (db: Executor) => Preparable<A>): Prepared<A> => {
      const compiled = compile(build(root))
      return (values) => query(operation, (db) => runCompiled(db, compiled, values) as Promise<A>)
    },
    prepareSql: <R extends object>(operation: string, statement: SQL): Prepared<ReadonlyArray<R>> => {
      const compiled: Compiled = { query: root.execute(statement).getQuery(), fields: undefined }
      return (values) =>
        query(operation, async (db) => rowsOf(await runCompiled(db, compiled, values)) as ReadonlyArray<R>)
    },
    transaction: (effect) => Effect.flatMap(ambient, (a) => (a === null ? begin(effect) : effect)),
    atomically: (effect) =>
      Effect.flatMap(ambient, (a) =>
        a === null
          ? begin(effect)
          : a.connection.lost
            ? Effect.fail(failure("savepoint", connectionLost))
            : a.savepoints.withPermits(1)(
                within((body) => a.tx.transaction(body), a.connection, a.touched, effect)
              )
      ),
    touch: (businessId, options) =>
      mark(options?.catalog === true ? [businessId, catalogKey(businessId)] : [businessId]),
    touchCredentials: mark([CREDENTIALS_KEY]),
    uncommitted: Effect.map(ambient, (a) => a?.touched ?? noKeys),
    changes,
    inTransaction: Effect.map(ambient, (a) => a !== null)
  })
})

const noKeys: ReadonlySet<string> = new Set()

const failure = (operation: string, cause: unknown) => new PersistenceError({ operation, cause })

/** A statement as drizzle compiled it, and how its rows map to objects (selects only). */
interface Compiled {
  readonly query: Query
  readonly fields: SelectedFieldsOrdered | undefined
}

/**
 * The compiled form of a query builder. A select's fields are its flat selection (what drizzle's
 * own `execute` maps its rows with); a write returns nothing to map.
 */
const compile = (built: Preparable<unknown>): Compiled => {
  const selected = (built as { readonly _?: { readonly selectedFields?: object } })._?.selectedFields
  return {
    query: built.toSQL(),
    fields:
      selected === undefined
        ? undefined
        : Object.entries(selected).map(([name, field]) => ({
            path: [name],
            field: field as SelectedFieldsOrdered[number]["field"]
          }))
  }
}

/** Run a compiled statement on `executor` (the database or a transaction) with these values. */
const runCompiled = (executor: Executor, compiled: Compiled, values: Values | undefined): Promise<unknown> =>
  executor._.session
    .prepareQuery(compiled.query, compiled.fields, undefined, compiled.fields !== undefined)
    .execute(values)

/** The rows of a driver's result: postgres.js answers an array, PGlite `{ rows }`. */
const rowsOf = (result: unknown): ReadonlyArray<object> =>
  Array.isArray(result) ? result : ((result as { readonly rows?: ReadonlyArray<object> }).rows ?? [])

const connectionLost = new Error("The connection of this transaction was lost; it was rolled back.")

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
