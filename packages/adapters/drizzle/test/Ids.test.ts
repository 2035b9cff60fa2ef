/** Random ids: the kind's prefix, 128 random bits, URL-safe; secrets of 256 bits. */
import { IdPrefix, Ids } from "@creneau/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { layerRandomIds } from "../src/index.js"

describe("layerRandomIds", () => {
  it.effect("mints prefixed, unguessable, distinct ids and secrets", () =>
    Effect.gen(function* () {
      const ids = yield* Ids
      for (const kind of Object.keys(IdPrefix) as Array<keyof typeof IdPrefix>) {
        const id = yield* ids.make(kind)
        assert.match(id, new RegExp(`^${IdPrefix[kind]}_[A-Za-z0-9_-]{22}$`))
      }
      const many = yield* Effect.forEach(Array.from({ length: 1000 }), () => ids.make("appointment"))
      assert.strictEqual(new Set(many).size, many.length)
      const secret = yield* ids.secret
      assert.match(secret, /^[A-Za-z0-9_-]{43}$/, "32 random bytes in base64url")
      assert.notStrictEqual(secret, yield* ids.secret)
    }).pipe(Effect.provide(layerRandomIds))
  )
})
