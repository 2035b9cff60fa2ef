/**
 * AccountRepository on the `users`, `api_keys` and `sessions` tables. Emails are unique across the
 * product whatever their case: the unique index on `lower(email)` holds it (a second address
 * fails with a PersistenceError, even under concurrent sign-ups) and serves `findUserByEmail`,
 * which compares with the same `lower()` after trimming the address. API keys are listed and
 * revoked within their business. Key and token hashes are made by the caller (the Credentials
 * port): they are stored and looked up as given.
 *
 * Every authenticated request looks its key or session up: the ones found are kept per process
 * for a short while (`ttlMillis`), as long as the credentials' generation (Changes.ts) has not
 * moved. Revoking a key and ending a session move it when they commit, in this process at once and
 * in the others when the notification arrives; the expiry bounds what a lost notification leaves
 * valid. A session kept still expires at its own time (the caller checks it). What was not found
 * is not kept, and inside a transaction nothing is kept or taken.
 */
import { AccountRepository, ApiKey, NotFound, Session, User } from "@creneau/core"
import { and, asc, eq, sql } from "drizzle-orm"
import { Effect, Layer, Option } from "effect"
import { CREDENTIALS_KEY } from "./Changes.js"
import { Database } from "./Database.js"
import { type KeepOptions, makeKept, readKept } from "./Kept.js"
import { decoder, toDate, toUtc, toUtcOrNull } from "./Rows.js"
import { apiKeys, sessions, users } from "./schema.js"

type UserRow = typeof users.$inferSelect
type ApiKeyRow = typeof apiKeys.$inferSelect
type SessionRow = typeof sessions.$inferSelect

const decodeUser = decoder(User)
const decodeApiKey = decoder(ApiKey)
const decodeSession = decoder(Session)

const toUser = (operation: string) => (row: UserRow) =>
  decodeUser(operation, {
    id: row.id,
    businessId: row.businessId,
    email: row.email,
    name: row.name,
    role: row.role,
    staffId: row.staffId,
    passwordHash: row.passwordHash,
    createdAt: toUtc(row.createdAt)
  })

const toApiKey = (operation: string) => (row: ApiKeyRow) =>
  decodeApiKey(operation, {
    id: row.id,
    businessId: row.businessId,
    name: row.name,
    role: row.role,
    staffId: row.staffId,
    keyHash: row.keyHash,
    createdAt: toUtc(row.createdAt),
    revokedAt: toUtcOrNull(row.revokedAt)
  })

const toSession = (operation: string) => (row: SessionRow) =>
  decodeSession(operation, {
    id: row.id,
    userId: row.userId,
    tokenHash: row.tokenHash,
    expiresAt: toUtc(row.expiresAt),
    createdAt: toUtc(row.createdAt)
  })

/** The first row decoded, or none. */
const firstOf =
  <Row, A, E>(decode: (row: Row) => Effect.Effect<A, E>) =>
  (rows: ReadonlyArray<Row>): Effect.Effect<Option.Option<A>, E> => {
    const [row] = rows
    return row === undefined ? Effect.succeedNone : Effect.asSome(decode(row))
  }

const make = (options: KeepOptions) =>
  Effect.gen(function* () {
    const db = yield* Database
    const credentials = makeKept<Option.Option<ApiKey | Session>>(options)
    /** `find`'s answer for `key`, kept when found (see the module's documentation). */
    const kept = <A extends ApiKey | Session, E>(key: string, find: Effect.Effect<Option.Option<A>, E>) =>
      readKept(db, credentials, key, CREDENTIALS_KEY, find, (found, end) =>
        Option.isSome(found) ? end : undefined
      ) as Effect.Effect<Option.Option<A>, E>
    // What every authenticated request reads, prepared.
    const userById = db.prepare("accounts.getUser", (q) =>
      q
        .select()
        .from(users)
        .where(eq(users.id, sql.placeholder("id")))
    )
    const apiKeyByHash = db.prepare("accounts.findApiKeyByHash", (q) =>
      q
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.keyHash, sql.placeholder("keyHash")))
    )
    const sessionByHash = db.prepare("accounts.findSessionByHash", (q) =>
      q
        .select()
        .from(sessions)
        .where(eq(sessions.tokenHash, sql.placeholder("tokenHash")))
    )
    return AccountRepository.of({
      insertUser: (user) =>
        Effect.asVoid(
          db.query("accounts.insertUser", (q) =>
            q.insert(users).values({
              id: user.id,
              businessId: user.businessId,
              email: user.email,
              name: user.name,
              role: user.role,
              staffId: user.staffId,
              passwordHash: user.passwordHash,
              createdAt: toDate(user.createdAt)
            })
          )
        ),
      findUserByEmail: (email) =>
        db
          .query("accounts.findUserByEmail", (q) =>
            q.select().from(users).where(sql`lower(${users.email}) = lower(${email.trim()})`).limit(1)
          )
          .pipe(Effect.flatMap(firstOf(toUser("accounts.findUserByEmail")))),
      getUser: Effect.fnUntraced(function* (id) {
        const [row] = yield* userById({ id })
        if (row === undefined) return yield* new NotFound({ entity: "user", id })
        return yield* toUser("accounts.getUser")(row)
      }),
      insertApiKey: (key) =>
        Effect.asVoid(
          db.query("accounts.insertApiKey", (q) =>
            q.insert(apiKeys).values({
              id: key.id,
              businessId: key.businessId,
              name: key.name,
              role: key.role,
              staffId: key.staffId,
              keyHash: key.keyHash,
              createdAt: toDate(key.createdAt),
              revokedAt: key.revokedAt === null ? null : toDate(key.revokedAt)
            })
          )
        ),
      findApiKeyByHash: (keyHash) =>
        kept(
          `key ${keyHash}`,
          apiKeyByHash({ keyHash }).pipe(Effect.flatMap(firstOf(toApiKey("accounts.findApiKeyByHash"))))
        ),
      listApiKeys: Effect.fnUntraced(function* (businessId) {
        const rows = yield* db.query("accounts.listApiKeys", (q) =>
          q
            .select()
            .from(apiKeys)
            .where(eq(apiKeys.businessId, businessId))
            .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
        )
        return yield* Effect.forEach(rows, toApiKey("accounts.listApiKeys"))
      }),
      revokeApiKey: Effect.fnUntraced(function* (businessId, id, at) {
        // A second revocation keeps the first time.
        const revoked = yield* db.query("accounts.revokeApiKey", (q) =>
          q
            .update(apiKeys)
            .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${toDate(at).toISOString()}::timestamptz)` })
            .where(and(eq(apiKeys.id, id), eq(apiKeys.businessId, businessId)))
            .returning({ id: apiKeys.id })
        )
        if (revoked.length === 0) return yield* new NotFound({ entity: "API key", id })
        yield* db.touchCredentials
      }),
      insertSession: (session) =>
        Effect.asVoid(
          db.query("accounts.insertSession", (q) =>
            q.insert(sessions).values({
              id: session.id,
              userId: session.userId,
              tokenHash: session.tokenHash,
              expiresAt: toDate(session.expiresAt),
              createdAt: toDate(session.createdAt)
            })
          )
        ),
      findSessionByHash: (tokenHash) =>
        kept(
          `session ${tokenHash}`,
          sessionByHash({ tokenHash }).pipe(Effect.flatMap(firstOf(toSession("accounts.findSessionByHash"))))
        ),
      deleteSession: Effect.fnUntraced(function* (tokenHash) {
        const deleted = yield* db.query("accounts.deleteSession", (q) =>
          q.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).returning({ id: sessions.id })
        )
        // Only an ended session moves the credentials: a sign-out with an unknown token changes
        // nothing.
        if (deleted.length > 0) yield* db.touchCredentials
      })
    })
  })

/**
 * The repository on the Database, the credentials found kept as the module says: for up to
 * `ttlMillis` (10 s by default), at most `capacity` of them (500 by default).
 */
export const layerAccountRepositoryWith = (options: KeepOptions = {}) =>
  Layer.effect(AccountRepository, make(options))

/** The repository on the Database, the credentials found kept for up to 10 s while none ends. */
export const layerAccountRepository = layerAccountRepositoryWith()
