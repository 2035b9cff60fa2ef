/**
 * @creneau/drizzle — persistence for Créneau on Drizzle: one PostgreSQL schema and its
 * migrations, run on embedded PGlite or on PostgreSQL, and every persistence port of
 * @creneau/core (repositories, unit of work, outbox, idempotency, action tokens, webhooks).
 *
 * ```ts
 * const persistence = layerPgliteAll({ dataDir: "./.data" }) // or layerPostgresAll(DATABASE_URL)
 * ```
 */
import { Database } from "./Database.js"

export { layerAccountRepository, layerAccountRepositoryWith } from "./Accounts.js"
export { layerAppointmentRepository, layerAppointmentRepositoryWith } from "./Appointments.js"
export {
  layerAvailabilitySnapshots,
  layerAvailabilitySnapshotsWith,
  type SnapshotCacheOptions
} from "./AvailabilitySnapshots.js"
export { layerBookingContextStore } from "./BookingContext.js"
export { layerBusinessRepository } from "./Businesses.js"
export { layerCalendarFeedRepository } from "./CalendarFeeds.js"
export { layerResourceRepository, layerServiceRepository, layerStaffRepository } from "./Catalog.js"
export {
  type Catalog,
  CatalogCache,
  type CatalogCacheOptions,
  layerCatalogCache,
  layerCatalogCacheWith
} from "./CatalogCache.js"
export { layerCustomerRepository } from "./Customers.js"
export { Database, type Dialect, type Executor, isSqlState, sqlState } from "./Database.js"
export { layerIdempotencyStore } from "./Idempotency.js"
export { layerRandomIds } from "./Ids.js"
export { type MigrationTarget, migrate, migrationsFolder } from "./Migrations.js"
export { layerOutbox } from "./Outbox.js"
export { layerPersistence, layerPgliteAll, layerPostgresAll, layerUnitOfWork } from "./Persistence.js"
export { layerSeriesRepository } from "./Series.js"
export * as schema from "./schema.js"
export { layerTemplateRepository, layerTemplateRepositoryWith } from "./Templates.js"
export { hashToken, layerTokens } from "./Tokens.js"
export { layerWebhookRepository } from "./Webhooks.js"

/** The Database on PGlite: in memory when `dataDir` is undefined, else persisted there. */
export const layerPglite = Database.layerPglite

/** The Database on PostgreSQL at `url`. */
export const layerPostgres = Database.layerPostgres
