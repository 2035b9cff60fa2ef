/**
 * The catalog cache's own rules, on PGlite (in memory): a catalog is kept while its generation
 * holds and for `ttlMillis` at most; one read while a change committed is not kept; a transaction
 * that wrote the catalog neither takes a kept one nor keeps what it read.
 */
import { BookingContextStore } from "@creneau/core"
import { seedSalon } from "@creneau/core/testing"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { type Catalog, CatalogCache, Database, layerCatalogCacheWith, layerPgliteAll } from "../src/index.js"

const layer = layerCatalogCacheWith({ ttlMillis: 1_000, capacity: 2 }).pipe(
  Layer.provideMerge(layerPgliteAll())
)

/** A business's catalog as the booking context reads it. */
const catalogOf = (businessId: string) =>
  Effect.gen(function* () {
    const context = yield* (yield* BookingContextStore).load({
      businessId,
      from: DateTime.makeUnsafe(0),
      to: DateTime.makeUnsafe(1)
    })
    const { business, services, staff, resources } = context
    return { business, services, staff, resources } satisfies Catalog
  })

describe("catalog cache", () => {
  it.effect("keeps a catalog while nothing changes it, and for its time to live at most", () =>
    Effect.gen(function* () {
      const { business } = yield* seedSalon()
      const cache = yield* CatalogCache
      const catalog = yield* catalogOf(business.id)
      yield* (yield* cache.lookup(business.id)).keep(catalog)
      assert.strictEqual((yield* cache.lookup(business.id)).kept, catalog)
      yield* TestClock.adjust("999 millis")
      assert.strictEqual((yield* cache.lookup(business.id)).kept, catalog)
      yield* TestClock.adjust("1 millis")
      assert.isUndefined((yield* cache.lookup(business.id)).kept, "expired")
    }).pipe(Effect.provide(layer))
  )

  it.effect("does not keep a catalog read while a change to it committed", () =>
    Effect.gen(function* () {
      const { business } = yield* seedSalon()
      const cache = yield* CatalogCache
      const lookup = yield* cache.lookup(business.id)
      const catalog = yield* catalogOf(business.id)
      yield* (yield* Database).touch(business.id, { catalog: true })
      yield* lookup.keep(catalog)
      assert.isUndefined((yield* cache.lookup(business.id)).kept)
      // A booking's change (not the catalog's) does not stop it being kept.
      const again = yield* cache.lookup(business.id)
      yield* (yield* Database).touch(business.id)
      yield* again.keep(catalog)
      assert.strictEqual((yield* cache.lookup(business.id)).kept, catalog)
      yield* (yield* Database).touch(business.id, { catalog: true })
      assert.isUndefined((yield* cache.lookup(business.id)).kept, "a later change to the catalog ends it")
    }).pipe(Effect.provide(layer))
  )

  it.effect("a transaction that wrote the catalog reads its own", () =>
    Effect.gen(function* () {
      const { business } = yield* seedSalon()
      const cache = yield* CatalogCache
      const db = yield* Database
      const catalog = yield* catalogOf(business.id)
      yield* (yield* cache.lookup(business.id)).keep(catalog)
      const inside = yield* db.transaction(
        Effect.gen(function* () {
          yield* db.touch(business.id, { catalog: true })
          return yield* cache.lookup(business.id)
        })
      )
      assert.isUndefined(inside.kept)
      assert.isFalse(inside.keeping)
    }).pipe(Effect.provide(layer))
  )

  it.effect("keeps the catalogs of the most recent businesses up to its capacity", () =>
    Effect.gen(function* () {
      const cache = yield* CatalogCache
      const ids: Array<string> = []
      for (let i = 0; i < 3; i++) {
        const { business } = yield* seedSalon()
        ids.push(business.id)
        yield* (yield* cache.lookup(business.id)).keep(yield* catalogOf(business.id))
      }
      assert.isUndefined((yield* cache.lookup(ids[0]!)).kept, "the oldest went first")
      assert.isDefined((yield* cache.lookup(ids[1]!)).kept)
      assert.isDefined((yield* cache.lookup(ids[2]!)).kept)
    }).pipe(Effect.provide(layer))
  )
})
