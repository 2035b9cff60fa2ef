/**
 * What a booking decision reads, in one request: the business, its catalog, the active
 * appointments around the requested time and, when asked, the customer and the webhook endpoints
 * its events go to. A database adapter answers it with a single statement; any other
 * storage gets it from its repositories (`layerFromRepositories`).
 */
import { Context, type DateTime, Effect, Layer } from "effect"
import type { BookedAppointment } from "../domain/Availability.js"
import type { Business } from "../domain/Business.js"
import type { Customer } from "../domain/Customer.js"
import type { NotFound } from "../domain/Errors.js"
import type { Resource } from "../domain/Resource.js"
import type { Service } from "../domain/Service.js"
import type { StaffMember } from "../domain/StaffMember.js"
import {
  AppointmentRepository,
  BusinessRepository,
  CustomerRepository,
  type PersistenceError,
  ResourceRepository,
  ServiceRepository,
  StaffRepository
} from "./Repositories.js"
import { type WebhookEndpoint, WebhookRepository } from "./Webhooks.js"

export interface BookingContextQuery {
  readonly businessId: string
  /** Active appointments whose occupied range overlaps [from, to) are loaded. */
  readonly from: DateTime.Utc
  readonly to: DateTime.Utc
  /**
   * Only these staff members (those of the business that exist); every one when absent. Given,
   * the decision looks at no other staff member, so of the appointments an adapter may leave out
   * those that hold none of these staff members' time and no resource.
   */
  readonly staffIds?: ReadonlyArray<string>
  /** The customer to read with the rest (null in the answer when the business has none by that id). */
  readonly customerId?: string
  /** Read the business's webhook endpoints too (for a decision that publishes events). */
  readonly webhooks?: boolean
}

export interface StoredBookingContext {
  readonly business: Business
  /** Every service of the business, archived ones included, as `ServiceRepository.list` gives them. */
  readonly services: ReadonlyArray<Service>
  /** The staff members asked for (all when no ids were given), as `StaffRepository.list` orders them. */
  readonly staff: ReadonlyArray<StaffMember>
  readonly resources: ReadonlyArray<Resource>
  /**
   * The appointments `AppointmentRepository.listActive(businessId, from, to)` gives, in its order,
   * of each only the time it holds (full appointments fit); with `staffIds`, at least those that
   * hold time of these staff members or a resource.
   */
  readonly appointments: ReadonlyArray<BookedAppointment>
  /** The customer asked for, or null when none was asked for or it does not exist. */
  readonly customer: Customer | null
  /** The webhook endpoints, empty unless asked for. */
  readonly webhooks: ReadonlyArray<WebhookEndpoint>
}

export class BookingContextStore extends Context.Service<
  BookingContextStore,
  {
    /** Fails with NotFound when the business does not exist. */
    readonly load: (
      query: BookingContextQuery
    ) => Effect.Effect<StoredBookingContext, NotFound | PersistenceError>
  }
>()("@creneau/core/ports/BookingContextStore") {
  /** The context read through the repositories, the reads issued together. */
  static readonly layerFromRepositories = Layer.effect(
    BookingContextStore,
    Effect.gen(function* () {
      const businesses = yield* BusinessRepository
      const services = yield* ServiceRepository
      const staff = yield* StaffRepository
      const resources = yield* ResourceRepository
      const appointments = yield* AppointmentRepository
      const customers = yield* CustomerRepository
      const webhooks = yield* WebhookRepository
      const staffByIds = (businessId: string, ids: ReadonlyArray<string>) =>
        Effect.map(staff.list(businessId), (all) => {
          const wanted = new Set(ids)
          return all.filter((s) => wanted.has(s.id))
        })
      return BookingContextStore.of({
        load: (query) =>
          Effect.all(
            {
              business: businesses.get(query.businessId),
              services: services.list(query.businessId),
              staff:
                query.staffIds === undefined
                  ? staff.list(query.businessId)
                  : staffByIds(query.businessId, query.staffIds),
              resources: resources.list(query.businessId),
              appointments: appointments.listActive(query.businessId, query.from, query.to),
              customer:
                query.customerId === undefined
                  ? Effect.succeed(null)
                  : customers
                      .get(query.businessId, query.customerId)
                      .pipe(Effect.catchTag("NotFound", () => Effect.succeed(null))),
              webhooks: query.webhooks === true ? webhooks.list(query.businessId) : Effect.succeed([])
            },
            { concurrency: "unbounded" }
          )
      })
    })
  )
}
