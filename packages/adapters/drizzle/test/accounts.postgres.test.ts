/**
 * The core's accounts contract on PostgreSQL, in a database created for this run (and dropped
 * after it) on the server of TEST_DATABASE_URL; then two pools on one database, as two processes
 * would have them: a key revoked through one is refused by the other, which keeps the keys it
 * found, once the notification arrives. Without TEST_DATABASE_URL it is skipped.
 */

import { AccountRepository, type ApiKey, type ApiKeyId, type BusinessId } from "@creneau/core"
import { seedSalon } from "@creneau/core/testing"
import { accountsContract } from "@creneau/core/testing/accounts-contract"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Layer, Option } from "effect"
import { layerAccountRepositoryWith, layerPostgresAll } from "../src/index.js"
import { freshDatabase } from "../src/testing/freshDatabase.js"
import { eventually } from "./support/kept.js"

const serverUrl = process.env.TEST_DATABASE_URL

if (serverUrl === undefined || serverUrl === "") {
  describe.skip("postgres: TEST_DATABASE_URL is not set, the accounts contract does not run on PostgreSQL", () => {
    it("accounts contract", () => {})
  })
} else {
  accountsContract(
    "postgres",
    Layer.unwrap(Effect.map(freshDatabase(serverUrl), (url) => layerPostgresAll(url)))
  )

  describe("kept credentials on PostgreSQL", () => {
    it.live(
      "a key revoked through one pool is refused by another, which keeps the keys it found 60 s, on notification",
      () =>
        Effect.gen(function* () {
          const url = yield* freshDatabase(serverUrl)
          const pool = () =>
            layerAccountRepositoryWith({ ttlMillis: 60_000 }).pipe(
              Layer.provideMerge(layerPostgresAll(url, { max: 2 }))
            )
          const writer = yield* Layer.build(pool())
          const reader = yield* Layer.build(pool())
          const salon = yield* seedSalon().pipe(Effect.provide(writer))
          const key: ApiKey = {
            id: "key_revoked_elsewhere" as ApiKeyId,
            businessId: salon.business.id as BusinessId,
            name: "Front desk",
            role: "admin",
            staffId: null,
            keyHash: "hash-of-a-key-revoked-elsewhere",
            createdAt: yield* DateTime.now,
            revokedAt: null
          }
          yield* Effect.flatMap(Effect.service(AccountRepository), (a) => a.insertApiKey(key)).pipe(
            Effect.provide(writer)
          )
          const find = Effect.flatMap(Effect.service(AccountRepository), (a) =>
            a.findApiKeyByHash(key.keyHash)
          ).pipe(Effect.map(Option.getOrThrow), Effect.provide(reader))
          const found = yield* find
          assert.strictEqual(yield* find, found, "the reader keeps the key")
          yield* Effect.flatMap(Effect.service(AccountRepository), (a) =>
            a.revokeApiKey(key.businessId, key.id, DateTime.makeUnsafe(Date.now()))
          ).pipe(Effect.provide(writer))
          yield* eventually(
            "the reader saw the revocation, keys being kept 60 s",
            Effect.map(find, (k) => (k.revokedAt !== null ? true : undefined))
          )
        }).pipe(Effect.scoped),
      30_000
    )
  })
}
