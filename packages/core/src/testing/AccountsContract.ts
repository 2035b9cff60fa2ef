/**
 * The accounts contract: the behaviour every `AccountRepository` (memory, PGlite, PostgreSQL) must
 * show, as a Vitest suite an adapter runs against its own layer:
 *
 * ```ts
 * accountsContract("pglite", layerPgliteAll())
 * ```
 *
 * Users and API keys belong to a business, which an SQL adapter checks with a foreign key: the
 * layer also provides the `BusinessRepository`, and each test inserts its own business. The layer
 * is built once and shared by every test, so every id, email address and hash is random and no
 * test assumes an empty database.
 *
 * Values are compared after turning every DateTime into its epoch milliseconds, so an adapter must
 * give back exactly what it was given (to the millisecond, nulls as nulls). Hashes are opaque: the
 * repository stores and looks up the strings it is given.
 */
import { assert, describe, layer, type Vitest } from "@effect/vitest"
import { DateTime, Effect, type Layer, Option, Result } from "effect"
import { defaultBookingRules } from "../domain/BookingRules.js"
import type { Business } from "../domain/Business.js"
import type { ApiKeyId, BusinessId, StaffId, UserId } from "../domain/Ids.js"
import { defaultNotificationSettings } from "../domain/NotificationSettings.js"
import { AccountRepository, type ApiKey, type Session, type User } from "../ports/Accounts.js"
import { BusinessRepository } from "../ports/Repositories.js"

/** What the suite needs: the accounts, and businesses for them to belong to. */
export type AccountsPorts = AccountRepository | BusinessRepository

type It = Vitest.MethodsNonLive<AccountsPorts>

/**
 * Declares the accounts contract suite, named `name`, over one shared instance of `accounts`.
 */
export const accountsContract = <E>(name: string, accounts: Layer.Layer<AccountsPorts, E>): void =>
  layer(accounts)(name, (it) => {
    userTests(it)
    apiKeyTests(it)
    sessionTests(it)
  })

// -------------------------------------------------------------------------------------------
// Values and assertions
// -------------------------------------------------------------------------------------------

const random = (): string => globalThis.crypto.randomUUID().replaceAll("-", "")

const newId = <Id extends string>(prefix: string): Id => `${prefix}_${random()}` as Id

/** A stand-in for a SHA-256 hex digest (64 hex digits), unique to the call. */
const newHash = (): string => `${random()}${random()}`

const instant = (iso: string): DateTime.Utc => DateTime.makeUnsafe(Date.parse(iso))

/** A plain, comparable copy: DateTimes become their epoch milliseconds, prototypes are dropped. */
const canonical = (value: unknown): unknown => {
  if (DateTime.isDateTime(value)) {
    return DateTime.isUtc(value) ? { utc: value.epochMilliseconds } : { zoned: value.epochMilliseconds }
  }
  if (Option.isOption(value)) {
    return Option.isSome(value) ? { some: canonical(value.value) } : { none: true }
  }
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]))
  }
  return value
}

const assertSame = (actual: unknown, expected: unknown, message?: string): void =>
  assert.deepStrictEqual(canonical(actual), canonical(expected), message)

const byId = <A extends { readonly id: string }>(values: ReadonlyArray<A>): Array<A> =>
  [...values].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

/** Runs `effect`, which must fail with the error tagged `tag`, and returns that error. */
const expectFailure = <A, E extends { readonly _tag: string }, R, Tag extends E["_tag"]>(
  effect: Effect.Effect<A, E, R>,
  tag: Tag
): Effect.Effect<Extract<E, { readonly _tag: Tag }>, never, R> =>
  Effect.map(Effect.result(effect), (result) => {
    if (Result.isSuccess(result)) return assert.fail(`expected ${tag}, but the operation succeeded`)
    assert.strictEqual(result.failure._tag, tag)
    return result.failure as Extract<E, { readonly _tag: Tag }>
  })

// -------------------------------------------------------------------------------------------
// Builders
// -------------------------------------------------------------------------------------------

const businessOf = (): Business => ({
  id: newId<BusinessId>("biz"),
  name: "Accounts Salon",
  timezone: "Europe/Paris",
  locale: "fr",
  currency: "EUR",
  bookingRules: defaultBookingRules,
  notifications: defaultNotificationSettings,
  bookingPageUrl: null
})

/** A business of its own, inserted, for the users and keys of one test. */
const makeBusiness = Effect.fn("AccountsContract.makeBusiness")(function* () {
  const business = businessOf()
  yield* (yield* BusinessRepository).insert(business)
  return business
})

/** An address no other test uses, with upper-case letters in both parts. */
const newEmail = (who: string): string => `${who}.${random()}@Salon-Contract.Example`

const userOf = (businessId: BusinessId, fields: Partial<User> = {}): User => ({
  id: newId<UserId>("usr"),
  businessId,
  email: newEmail("Owner"),
  name: "Olivia Owner",
  role: "owner",
  staffId: null,
  passwordHash: `scrypt$${random()}$${random()}`,
  createdAt: instant("2031-01-05T08:00:00.123Z"),
  ...fields
})

const apiKeyOf = (businessId: BusinessId, fields: Partial<ApiKey> = {}): ApiKey => ({
  id: newId<ApiKeyId>("key"),
  businessId,
  name: "Default key",
  role: "owner",
  staffId: null,
  keyHash: newHash(),
  createdAt: instant("2031-01-05T08:00:00.456Z"),
  revokedAt: null,
  ...fields
})

const sessionOf = (userId: UserId, fields: Partial<Session> = {}): Session => ({
  id: newId("ses"),
  userId,
  tokenHash: newHash(),
  expiresAt: instant("2031-02-04T08:00:00.789Z"),
  createdAt: instant("2031-01-05T08:00:00.789Z"),
  ...fields
})

// -------------------------------------------------------------------------------------------
// Users
// -------------------------------------------------------------------------------------------

const userTests = (it: It) =>
  describe("AccountRepository: users", () => {
    it.effect("insertUser then getUser gives the user back, with or without a staff member", () =>
      Effect.gen(function* () {
        const accounts = yield* AccountRepository
        const business = yield* makeBusiness()
        const owner = userOf(business.id)
        const staff = userOf(business.id, {
          email: newEmail("Anna"),
          name: "Anna Staff",
          role: "staff",
          staffId: newId<StaffId>("stf"),
          createdAt: instant("2031-03-07T17:45:30.999Z")
        })
        const admin = userOf(business.id, { email: newEmail("Adam"), name: "Adam Admin", role: "admin" })
        for (const user of [owner, staff, admin]) yield* accounts.insertUser(user)

        for (const user of [owner, staff, admin]) assertSame(yield* accounts.getUser(user.id), user)
      })
    )

    it.effect("getUser of an unknown id fails with NotFound", () =>
      Effect.gen(function* () {
        const accounts = yield* AccountRepository
        yield* expectFailure(accounts.getUser(newId("usr")), "NotFound")
      })
    )

    it.effect("findUserByEmail ignores case and surrounding spaces; an unknown address is none", () =>
      Effect.gen(function* () {
        const accounts = yield* AccountRepository
        const business = yield* makeBusiness()
        const user = userOf(business.id)
        yield* accounts.insertUser(user)

        assertSame(yield* accounts.findUserByEmail(user.email), Option.some(user))
        assertSame(yield* accounts.findUserByEmail(user.email.toLowerCase()), Option.some(user))
        assertSame(yield* accounts.findUserByEmail(user.email.toUpperCase()), Option.some(user))
        assertSame(yield* accounts.findUserByEmail(`  ${user.email.toLowerCase()}\t`), Option.some(user))
        assert.isTrue(Option.isNone(yield* accounts.findUserByEmail(newEmail("Nobody"))))
        assert.isTrue(Option.isNone(yield* accounts.findUserByEmail(`x${user.email}`)))
      })
    )

    it.effect("a second user with the same email, in any case and any business, fails; the first stays", () =>
      Effect.gen(function* () {
        const accounts = yield* AccountRepository
        const business = yield* makeBusiness()
        const other = yield* makeBusiness()
        const first = userOf(business.id)
        yield* accounts.insertUser(first)

        const duplicates = [
          userOf(business.id, { email: first.email, name: "Same address" }),
          userOf(business.id, { email: first.email.toLowerCase(), name: "Lower case" }),
          userOf(other.id, { email: first.email.toUpperCase(), name: "Other business" })
        ]
        for (const duplicate of duplicates) {
          yield* expectFailure(accounts.insertUser(duplicate), "PersistenceError")
          yield* expectFailure(accounts.getUser(duplicate.id), "NotFound")
        }
        assertSame(yield* accounts.getUser(first.id), first)
        assertSame(yield* accounts.findUserByEmail(first.email.toLowerCase()), Option.some(first))
      })
    )
  })

// -------------------------------------------------------------------------------------------
// API keys
// -------------------------------------------------------------------------------------------

const apiKeyTests = (it: It) =>
  describe("AccountRepository: API keys", () => {
    it.effect("insertApiKey then findApiKeyByHash gives the key back; an unknown hash is none", () =>
      Effect.gen(function* () {
        const accounts = yield* AccountRepository
        const business = yield* makeBusiness()
        const owner = apiKeyOf(business.id)
        const staff = apiKeyOf(business.id, {
          name: "Anna's key",
          role: "staff",
          staffId: newId<StaffId>("stf"),
          createdAt: instant("2031-01-06T09:30:00.001Z")
        })
        const revoked = apiKeyOf(business.id, {
          name: "Old key",
          role: "admin",
          revokedAt: instant("2031-01-07T10:00:00.250Z")
        })
        for (const key of [owner, staff, revoked]) yield* accounts.insertApiKey(key)

        for (const key of [owner, staff, revoked]) {
          assertSame(yield* accounts.findApiKeyByHash(key.keyHash), Option.some(key))
        }
        assert.isTrue(Option.isNone(yield* accounts.findApiKeyByHash(newHash())))
        assert.isTrue(Option.isNone(yield* accounts.findApiKeyByHash(owner.keyHash.toUpperCase())))
      })
    )

    it.effect("listApiKeys gives the keys of the business only, revoked ones included", () =>
      Effect.gen(function* () {
        const accounts = yield* AccountRepository
        const business = yield* makeBusiness()
        const other = yield* makeBusiness()
        const empty = yield* makeBusiness()
        const ours = [
          apiKeyOf(business.id),
          apiKeyOf(business.id, {
            name: "Second",
            role: "admin",
            createdAt: instant("2031-01-06T08:00:00.000Z")
          }),
          apiKeyOf(business.id, { name: "Revoked", revokedAt: instant("2031-01-08T08:00:00.000Z") })
        ]
        const theirs = apiKeyOf(other.id)
        for (const key of [...ours, theirs]) yield* accounts.insertApiKey(key)

        assertSame(byId(yield* accounts.listApiKeys(business.id)), byId(ours))
        assertSame(yield* accounts.listApiKeys(other.id), [theirs])
        assertSame(yield* accounts.listApiKeys(empty.id), [])
        assertSame(yield* accounts.listApiKeys(newId("biz")), [])
      })
    )

    it.effect("revokeApiKey sets revokedAt once: a second revocation keeps the first time", () =>
      Effect.gen(function* () {
        const accounts = yield* AccountRepository
        const business = yield* makeBusiness()
        const key = apiKeyOf(business.id)
        const untouched = apiKeyOf(business.id, { name: "Untouched" })
        for (const k of [key, untouched]) yield* accounts.insertApiKey(k)
        const first = instant("2031-02-01T12:00:00.123Z")

        yield* accounts.revokeApiKey(business.id, key.id, first)
        const revoked = { ...key, revokedAt: first }
        assertSame(yield* accounts.findApiKeyByHash(key.keyHash), Option.some(revoked))

        yield* accounts.revokeApiKey(business.id, key.id, instant("2031-03-01T12:00:00.000Z"))
        assertSame(yield* accounts.findApiKeyByHash(key.keyHash), Option.some(revoked))
        assertSame(byId(yield* accounts.listApiKeys(business.id)), byId([revoked, untouched]))
      })
    )

    it.effect("revokeApiKey of another business's key or of an unknown id fails with NotFound", () =>
      Effect.gen(function* () {
        const accounts = yield* AccountRepository
        const business = yield* makeBusiness()
        const other = yield* makeBusiness()
        const theirs = apiKeyOf(other.id)
        yield* accounts.insertApiKey(theirs)
        const at = instant("2031-02-01T12:00:00.000Z")

        yield* expectFailure(accounts.revokeApiKey(business.id, theirs.id, at), "NotFound")
        yield* expectFailure(accounts.revokeApiKey(business.id, newId("key"), at), "NotFound")
        yield* expectFailure(accounts.revokeApiKey(other.id, newId("key"), at), "NotFound")
        assertSame(yield* accounts.findApiKeyByHash(theirs.keyHash), Option.some(theirs))
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Sessions
// -------------------------------------------------------------------------------------------

const sessionTests = (it: It) =>
  describe("AccountRepository: sessions", () => {
    it.effect(
      "insertSession, findSessionByHash and deleteSession; deleting an unknown hash does nothing",
      () =>
        Effect.gen(function* () {
          const accounts = yield* AccountRepository
          const business = yield* makeBusiness()
          const user = userOf(business.id)
          yield* accounts.insertUser(user)
          const session = sessionOf(user.id)
          const second = sessionOf(user.id, {
            expiresAt: instant("2031-03-06T08:00:00.001Z"),
            createdAt: instant("2031-02-04T08:00:00.001Z")
          })
          for (const s of [session, second]) yield* accounts.insertSession(s)

          assertSame(yield* accounts.findSessionByHash(session.tokenHash), Option.some(session))
          assertSame(yield* accounts.findSessionByHash(second.tokenHash), Option.some(second))
          assert.isTrue(Option.isNone(yield* accounts.findSessionByHash(newHash())))

          yield* accounts.deleteSession(newHash())
          assertSame(yield* accounts.findSessionByHash(session.tokenHash), Option.some(session))

          yield* accounts.deleteSession(session.tokenHash)
          assert.isTrue(Option.isNone(yield* accounts.findSessionByHash(session.tokenHash)))
          assertSame(yield* accounts.findSessionByHash(second.tokenHash), Option.some(second))
          yield* accounts.deleteSession(session.tokenHash)
        })
    )

    it.effect("an expired session is still found: expiry is the caller's concern", () =>
      Effect.gen(function* () {
        const accounts = yield* AccountRepository
        const business = yield* makeBusiness()
        const user = userOf(business.id)
        yield* accounts.insertUser(user)
        const expired = sessionOf(user.id, {
          expiresAt: instant("2001-01-02T00:00:00.000Z"),
          createdAt: instant("2001-01-01T00:00:00.000Z")
        })
        yield* accounts.insertSession(expired)

        assertSame(yield* accounts.findSessionByHash(expired.tokenHash), Option.some(expired))
      })
    )
  })
