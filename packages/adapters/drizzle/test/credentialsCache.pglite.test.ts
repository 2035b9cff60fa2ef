/**
 * Kept credentials, on PGlite (in memory): an API key or a session found is answered again while
 * none is revoked or ended and for `ttlMillis` at most; a revocation or a sign-out shows at once
 * (a sign-out that ends no session keeps them);
 * what was not found is not kept; inside a transaction nothing is taken or kept. (Another
 * process's revocation: see accounts.postgres.test.ts.)
 */
import {
  AccountRepository,
  type ApiKey,
  type ApiKeyId,
  type BusinessId,
  type Session,
  UnitOfWork,
  type User,
  type UserId
} from "@creneau/core"
import { seedSalon } from "@creneau/core/testing"
import { assert, layer } from "@effect/vitest"
import { DateTime, Effect, Layer, Option } from "effect"
import { layerAccountRepositoryWith, layerPgliteAll } from "../src/index.js"
import { assertKeptFor, assertTransactionsReadAfresh } from "./support/kept.js"

/** One database for the tests (each seeds a business of its own); credentials kept 1 s. */
const persistence = layerAccountRepositoryWith({ ttlMillis: 1_000 }).pipe(
  Layer.provideMerge(layerPgliteAll())
)

let n = 0

/** A business with a stored API key and a user with a session, and how to look them up. */
const stored = Effect.gen(function* () {
  const salon = yield* seedSalon()
  const accounts = yield* AccountRepository
  const now = yield* DateTime.now
  const suffix = `${Date.now()}_${n++}`
  const key: ApiKey = {
    id: `key_${suffix}` as ApiKeyId,
    businessId: salon.business.id as BusinessId,
    name: "Front desk",
    role: "admin",
    staffId: null,
    keyHash: `key-hash-${suffix}`,
    createdAt: now,
    revokedAt: null
  }
  const user: User = {
    id: `usr_${suffix}` as UserId,
    businessId: salon.business.id as BusinessId,
    email: `owner-${suffix}@example.com` as User["email"],
    name: "Owner",
    role: "owner",
    staffId: null,
    passwordHash: "not a hash",
    createdAt: now
  }
  const session: Session = {
    id: `ses_${suffix}`,
    userId: user.id,
    tokenHash: `session-hash-${suffix}`,
    expiresAt: DateTime.add(now, { days: 1 }),
    createdAt: now
  }
  yield* accounts.insertApiKey(key)
  yield* accounts.insertUser(user)
  yield* accounts.insertSession(session)
  return {
    key,
    session,
    accounts,
    findKey: Effect.map(accounts.findApiKeyByHash(key.keyHash), Option.getOrThrow),
    findSession: accounts.findSessionByHash(session.tokenHash)
  }
})

layer(persistence)("kept credentials", (it) => {
  it.effect("answers a key found again while none is revoked, and for its time to live at most", () =>
    Effect.gen(function* () {
      const { key, findKey } = yield* stored
      assert.deepStrictEqual(yield* assertKeptFor(findKey, 1_000), key)
    })
  )

  it.effect("shows a revocation at once", () =>
    Effect.gen(function* () {
      const { key, accounts, findKey } = yield* stored
      assert.isNull((yield* findKey).revokedAt)
      yield* accounts.revokeApiKey(key.businessId, key.id, yield* DateTime.now)
      assert.isNotNull((yield* findKey).revokedAt)
    })
  )

  it.effect("keeps a session found, and forgets it when it ends", () =>
    Effect.gen(function* () {
      const { session, accounts, findSession, findKey } = yield* stored
      const first = yield* findSession
      assert.deepStrictEqual(first, Option.some(session))
      assert.strictEqual(Option.getOrThrow(yield* findSession), Option.getOrThrow(first))
      // A sign-out with a token that has no session ends nothing: what is kept stays.
      const key = yield* findKey
      yield* accounts.deleteSession("no-such-session")
      assert.strictEqual(yield* findKey, key)
      assert.strictEqual(Option.getOrThrow(yield* findSession), Option.getOrThrow(first))
      yield* accounts.deleteSession(session.tokenHash)
      assert.isTrue(Option.isNone(yield* findSession), "signed out")
    })
  )

  it.effect("does not keep what it did not find", () =>
    Effect.gen(function* () {
      const { key, accounts } = yield* stored
      const other = { ...key, id: `${key.id}_2` as ApiKeyId, keyHash: `${key.keyHash}-2` }
      assert.isTrue(Option.isNone(yield* accounts.findApiKeyByHash(other.keyHash)))
      yield* accounts.insertApiKey(other)
      assert.deepStrictEqual(yield* accounts.findApiKeyByHash(other.keyHash), Option.some(other))
    })
  )

  it.effect("inside a transaction takes nothing kept and keeps nothing", () =>
    Effect.gen(function* () {
      const { findKey } = yield* stored
      const uow = yield* UnitOfWork
      yield* assertTransactionsReadAfresh(findKey)
      // A revocation inside a transaction shows in it, and outside once committed.
      const { key, accounts } = yield* stored
      assert.isNull(Option.getOrThrow(yield* accounts.findApiKeyByHash(key.keyHash)).revokedAt, "kept")
      const revoked = yield* uow.transaction(
        Effect.gen(function* () {
          const before = yield* accounts.findApiKeyByHash(key.keyHash)
          yield* accounts.revokeApiKey(key.businessId, key.id, yield* DateTime.now)
          return [before, yield* accounts.findApiKeyByHash(key.keyHash)] as const
        })
      )
      assert.isNull(Option.getOrThrow(revoked[0]).revokedAt)
      assert.isNotNull(Option.getOrThrow(revoked[1]).revokedAt)
      assert.isNotNull(Option.getOrThrow(yield* accounts.findApiKeyByHash(key.keyHash)).revokedAt)
    })
  )
})
