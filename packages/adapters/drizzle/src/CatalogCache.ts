/**
 * Businesses' catalogs (the business with its settings, its services, staff and resources), kept
 * per process for a short while (`ttlMillis`) as long as the catalog's generation (Changes.ts,
 * `catalogKey`) has not moved. Only writes to the settings or the catalog move it, not bookings,
 * so a stream of bookings reads its catalog once and then only the appointments around each one.
 *
 * A catalog read while a change committed is not kept, nor one read by a transaction that has
 * itself written that catalog (its writes are not committed yet), before or while it read it. The
 * expiry bounds what a change made without this adapter (or a lost notification) can leave stale.
 * Another process's change is seen once its notification arrives, as a catalog read by a
 * transaction at READ COMMITTED is only as fresh as its statement.
 */
import type { Business, Resource, Service, StaffMember } from "@creneau/core"
import { Clock, Context, Effect, Layer } from "effect"
import { catalogKey } from "./Changes.js"
import { Database } from "./Database.js"
import { type KeepOptions, makeKept } from "./Kept.js"

export interface Catalog {
  readonly business: Business
  readonly services: ReadonlyArray<Service>
  /** Every staff member of the business. */
  readonly staff: ReadonlyArray<StaffMember>
  readonly resources: ReadonlyArray<Resource>
}

/** What a lookup found, and how to keep a catalog read after it. */
export interface CatalogLookup {
  /** The kept catalog, still true; undefined when it must be read. */
  readonly kept: Catalog | undefined
  /** When the kept catalog expires (epoch ms): what is computed from it is not kept longer. */
  readonly expires: number
  /** Whether a catalog read now would be kept: read it whole (every staff member) then. */
  readonly keeping: boolean
  /** Keep a catalog read since the lookup, unless something changed it meanwhile. */
  readonly keep: (catalog: Catalog) => Effect.Effect<void>
}

/** How long catalogs are kept, and how many businesses' (see Kept.ts). */
export type CatalogCacheOptions = KeepOptions

export class CatalogCache extends Context.Service<
  CatalogCache,
  { readonly lookup: (businessId: string) => Effect.Effect<CatalogLookup> }
>()("@creneau/drizzle/CatalogCache") {}

/** The catalogs of the Database's businesses, kept as the module says. */
export const layerCatalogCacheWith = (options: CatalogCacheOptions = {}) =>
  Layer.effect(
    CatalogCache,
    Effect.gen(function* () {
      const db = yield* Database
      const kept = makeKept<Catalog>(options)
      return CatalogCache.of({
        lookup: Effect.fnUntraced(function* (businessId) {
          const key = catalogKey(businessId)
          const now = yield* Clock.currentTimeMillis
          const generation = db.changes.generation(key)
          const writing = (yield* db.uncommitted).has(key)
          // A transaction that wrote the catalog reads it with its own writes.
          const found = writing ? undefined : kept.get(businessId, generation, now)
          const keeping = kept.ttl > 0 && !Number.isNaN(generation) && !writing
          return {
            kept: found?.value,
            expires: found?.expires ?? now + kept.ttl,
            keeping,
            keep: (catalog) =>
              Effect.map(db.uncommitted, (uncommitted) => {
                // Its transaction may have written the catalog since the lookup (another fiber
                // of it): what it read then is not committed.
                if (!keeping || uncommitted.has(key) || db.changes.generation(key) !== generation) return
                kept.set(businessId, catalog, generation, now + kept.ttl)
              })
          }
        })
      })
    })
  )

/** Catalogs kept for up to 10 s while they do not change. */
export const layerCatalogCache = layerCatalogCacheWith()
