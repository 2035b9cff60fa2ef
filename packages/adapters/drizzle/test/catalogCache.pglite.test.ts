/**
 * The catalog cache's own rules, on PGlite (in memory): a catalog is kept while its generation
 * holds and for `ttlMillis` at most; one read while a change committed is not kept; a transaction
 * that wrote the catalog, before or after its lookup, neither takes a kept one nor keeps what it
 * read; an availability snapshot computed from a kept catalog expires with it; a business is read
 * from a kept catalog outside a transaction.
 */
import { AvailabilitySnapshots, BookingContextStore, BusinessRepository, updateBusiness } from "@creneau/core"
import { seedSalon } from "@creneau/core/testing"
import { assert, layer } from "@effect/vitest"
import { DateTime, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import {
  type Catalog,
  CatalogCache,
  Database,
  layerAvailabilitySnapshotsWith,
  layerCatalogCacheWith,
  layerPgliteAll
} from "../src/index.js"

/** One database for the tests (each seeds a business of its own); snapshots kept 10 s, catalogs 1 s. */
const persistence = layerAvailabilitySnapshotsWith({ ttlMillis: 10_000 }).pipe(
  Layer.provideMerge(layerCatalogCacheWith({ ttlMillis: 1_000, capacity: 2 })),
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

/** The business's catalog, read and kept. */
const keepCatalog = (businessId: string) =>
  Effect.gen(function* () {
    const catalog = yield* catalogOf(businessId)
    yield* (yield* (yield* CatalogCache).lookup(businessId)).keep(catalog)
    return catalog
  })

layer(persistence)("catalog cache", (it) => {
  it.effect("keeps a catalog while nothing changes it, and for its time to live at most", () =>
    Effect.gen(function* () {
      const { business } = yield* seedSalon()
      const cache = yield* CatalogCache
      const catalog = yield* keepCatalog(business.id)
      assert.strictEqual((yield* cache.lookup(business.id)).kept, catalog)
      yield* TestClock.adjust("999 millis")
      assert.strictEqual((yield* cache.lookup(business.id)).kept, catalog)
      yield* TestClock.adjust("1 millis")
      assert.isUndefined((yield* cache.lookup(business.id)).kept, "expired")
    })
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
    })
  )

  it.effect("a transaction that wrote the catalog reads its own", () =>
    Effect.gen(function* () {
      const { business } = yield* seedSalon()
      const cache = yield* CatalogCache
      const db = yield* Database
      yield* keepCatalog(business.id)
      const inside = yield* db.transaction(
        Effect.gen(function* () {
          yield* db.touch(business.id, { catalog: true })
          return yield* cache.lookup(business.id)
        })
      )
      assert.isUndefined(inside.kept)
      assert.isFalse(inside.keeping)
    })
  )

  it.effect("a catalog read by a transaction that wrote it after the lookup is not kept", () =>
    Effect.gen(function* () {
      const { business } = yield* seedSalon()
      const cache = yield* CatalogCache
      const db = yield* Database
      yield* db
        .transaction(
          Effect.gen(function* () {
            const lookup = yield* cache.lookup(business.id)
            assert.isTrue(lookup.keeping)
            // Another fiber of the transaction writes the catalog meanwhile.
            yield* db.touch(business.id, { catalog: true })
            yield* lookup.keep(yield* catalogOf(business.id))
            return yield* Effect.fail("rolled back")
          })
        )
        .pipe(Effect.flip)
      assert.isUndefined((yield* cache.lookup(business.id)).kept)
    })
  )

  it.effect("an availability snapshot taken from a kept catalog expires with it", () =>
    Effect.gen(function* () {
      const { business } = yield* seedSalon()
      const snapshots = yield* AvailabilitySnapshots
      const load = snapshots.load({
        businessId: business.id,
        from: DateTime.makeUnsafe(0),
        to: DateTime.makeUnsafe(86_400_000)
      })
      const first = yield* load
      yield* TestClock.adjust("600 millis")
      // A booking's change: the snapshot is read again, the catalog (600 ms old) taken as kept.
      yield* (yield* Database).touch(business.id)
      const second = yield* load
      assert.notStrictEqual(second, first)
      assert.strictEqual(second.business, first.business, "the kept catalog")
      yield* TestClock.adjust("399 millis")
      assert.strictEqual(yield* load, second, "kept while its catalog is")
      yield* TestClock.adjust("1 millis")
      const third = yield* load
      assert.notStrictEqual(third, second, "expired with its catalog, though kept for 10 s")
      assert.notStrictEqual(third.business, first.business, "the catalog read again")
    })
  )

  it.effect("answers a business from its kept catalog outside a transaction, and reads it inside one", () =>
    Effect.gen(function* () {
      const { business } = yield* seedSalon()
      const businesses = yield* BusinessRepository
      const catalog = yield* keepCatalog(business.id)
      assert.strictEqual(yield* businesses.get(business.id), catalog.business)
      const inside = yield* (yield* Database).transaction(businesses.get(business.id))
      assert.notStrictEqual(inside, catalog.business)
      assert.deepStrictEqual(inside, catalog.business)
      yield* updateBusiness(business.id, { name: "Renamed" })
      assert.strictEqual((yield* businesses.get(business.id)).name, "Renamed")
    })
  )

  it.effect("keeps the catalogs of the most recent businesses up to its capacity", () =>
    Effect.gen(function* () {
      const cache = yield* CatalogCache
      const ids: Array<string> = []
      for (let i = 0; i < 3; i++) {
        const { business } = yield* seedSalon()
        ids.push(business.id)
        yield* keepCatalog(business.id)
      }
      assert.isUndefined((yield* cache.lookup(ids[0]!)).kept, "the oldest went first")
      assert.isDefined((yield* cache.lookup(ids[1]!)).kept)
      assert.isDefined((yield* cache.lookup(ids[2]!)).kept)
    })
  )
})
