/**
 * Every persistence port of @creneau/core on one Database: repositories, unit of work, outbox,
 * idempotency store, action tokens, webhooks, notification templates, calendar feeds, the booking
 * context and availability snapshots (with the catalog cache they share); plus
 * ready-made compositions for PGlite and PostgreSQL that also provide the Database and random ids.
 */
import { UnitOfWork } from "@creneau/core"
import { Effect, Layer } from "effect"
import { layerAccountRepository } from "./Accounts.js"
import { layerAppointmentRepository } from "./Appointments.js"
import { layerAvailabilitySnapshots } from "./AvailabilitySnapshots.js"
import { layerBookingContextStore } from "./BookingContext.js"
import { layerBusinessRepository } from "./Businesses.js"
import { layerCalendarFeedRepository } from "./CalendarFeeds.js"
import { layerResourceRepository, layerServiceRepository, layerStaffRepository } from "./Catalog.js"
import { layerCatalogCache } from "./CatalogCache.js"
import { layerCustomerRepository } from "./Customers.js"
import { Database } from "./Database.js"
import { layerIdempotencyStore } from "./Idempotency.js"
import { layerRandomIds } from "./Ids.js"
import { layerOutbox } from "./Outbox.js"
import { layerSeriesRepository } from "./Series.js"
import { layerTemplateRepository } from "./Templates.js"
import { layerTokens } from "./Tokens.js"
import { layerWebhookRepository } from "./Webhooks.js"

/** Transactions of the Database: a nested one joins the outer one. */
export const layerUnitOfWork = Layer.effect(
  UnitOfWork,
  Effect.map(Effect.service(Database), (db) => UnitOfWork.of({ transaction: db.transaction }))
)

/** Every persistence port, over the Database in context. */
export const layerPersistence = Layer.mergeAll(
  layerBusinessRepository,
  layerAccountRepository,
  layerStaffRepository,
  layerServiceRepository,
  layerResourceRepository,
  layerCustomerRepository,
  layerAppointmentRepository,
  layerSeriesRepository,
  layerOutbox,
  layerUnitOfWork,
  layerIdempotencyStore,
  layerTokens,
  layerWebhookRepository,
  layerTemplateRepository,
  layerCalendarFeedRepository,
  layerBookingContextStore,
  layerAvailabilitySnapshots
).pipe(Layer.provideMerge(layerCatalogCache))

/** Every persistence port, the Database and random ids on PGlite (in memory without `dataDir`). */
export const layerPgliteAll = (options: { readonly dataDir?: string | undefined } = {}) =>
  Layer.merge(layerPersistence, layerRandomIds).pipe(Layer.provideMerge(Database.layerPglite(options)))

/** Every persistence port, the Database and random ids on PostgreSQL at `url`. */
export const layerPostgresAll = (
  url: string,
  options: { readonly max?: number | undefined; readonly migrate?: boolean | undefined } = {}
) =>
  Layer.merge(layerPersistence, layerRandomIds).pipe(
    Layer.provideMerge(Database.layerPostgres({ url, ...options }))
  )
