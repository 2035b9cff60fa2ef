/**
 * Persistence ports. Every method of every repository runs inside the ambient transaction of
 * {@link UnitOfWork} when there is one. Lookups are scoped by business: another business's id
 * answers NotFound, exactly like an unknown one.
 */
import { Context, type DateTime, type Effect, Schema } from "effect"
import type { Appointment, AppointmentStatus } from "../domain/Appointment.js"
import type { Business } from "../domain/Business.js"
import type { Customer } from "../domain/Customer.js"
import type { NotFound, SlotUnavailable, VersionConflict } from "../domain/Errors.js"
import { RecurrenceRule } from "../domain/Recurrence.js"
import type { Resource } from "../domain/Resource.js"
import type { Service } from "../domain/Service.js"
import type { StaffMember } from "../domain/StaffMember.js"

/** Infrastructure failure of a repository, with the operation that failed. */
export class PersistenceError extends Schema.TaggedError<PersistenceError>()("PersistenceError", {
  operation: Schema.String,
  cause: Schema.Defect()
}) {}

export class BusinessRepository extends Context.Service<
  BusinessRepository,
  {
    readonly get: (id: string) => Effect.Effect<Business, NotFound | PersistenceError>
    readonly insert: (business: Business) => Effect.Effect<void, PersistenceError>
    readonly update: (business: Business) => Effect.Effect<void, NotFound | PersistenceError>
  }
>()("@creneau/core/ports/BusinessRepository") {}

/** The shape shared by the catalog repositories (staff, services, resources). */
export interface CatalogRepository<A> {
  readonly get: (businessId: string, id: string) => Effect.Effect<A, NotFound | PersistenceError>
  readonly list: (businessId: string) => Effect.Effect<ReadonlyArray<A>, PersistenceError>
  readonly insert: (entity: A) => Effect.Effect<void, PersistenceError>
  readonly update: (entity: A) => Effect.Effect<void, NotFound | PersistenceError>
  readonly remove: (businessId: string, id: string) => Effect.Effect<void, NotFound | PersistenceError>
}

export class StaffRepository extends Context.Service<StaffRepository, CatalogRepository<StaffMember>>()(
  "@creneau/core/ports/StaffRepository"
) {}

export class ServiceRepository extends Context.Service<ServiceRepository, CatalogRepository<Service>>()(
  "@creneau/core/ports/ServiceRepository"
) {}

export class ResourceRepository extends Context.Service<ResourceRepository, CatalogRepository<Resource>>()(
  "@creneau/core/ports/ResourceRepository"
) {}

export class CustomerRepository extends Context.Service<
  CustomerRepository,
  {
    readonly get: (businessId: string, id: string) => Effect.Effect<Customer, NotFound | PersistenceError>
    /** Search by first name, last name, email or phone; all customers when the query is empty. */
    readonly search: (
      businessId: string,
      query: string,
      limit: number
    ) => Effect.Effect<ReadonlyArray<Customer>, PersistenceError>
    readonly insert: (customer: Customer) => Effect.Effect<void, PersistenceError>
    readonly update: (customer: Customer) => Effect.Effect<void, NotFound | PersistenceError>
  }
>()("@creneau/core/ports/CustomerRepository") {}

export interface AppointmentFilter {
  readonly from?: DateTime.Utc
  readonly to?: DateTime.Utc
  readonly staffId?: string
  readonly status?: AppointmentStatus
  readonly customerId?: string
  readonly seriesId?: string
}

export class AppointmentRepository extends Context.Service<
  AppointmentRepository,
  {
    readonly get: (businessId: string, id: string) => Effect.Effect<Appointment, NotFound | PersistenceError>
    /**
     * Appointments overlapping [from, to) and matching the filter, ordered by start. Outside a
     * transaction an adapter may answer from a cache, as AvailabilitySnapshots says: a change it
     * committed is seen by every list that starts after the commit in its process, and by other
     * processes soon after; the same array may be answered again, so callers never change it.
     */
    readonly list: (
      businessId: string,
      filter: AppointmentFilter
    ) => Effect.Effect<ReadonlyArray<Appointment>, PersistenceError>
    /**
     * Active appointments whose occupied range (buffers included) overlaps [from, to), for the
     * availability engine and the overlap checks.
     */
    readonly listActive: (
      businessId: string,
      from: DateTime.Utc,
      to: DateTime.Utc
    ) => Effect.Effect<ReadonlyArray<Appointment>, PersistenceError>
    /**
     * Insert a new appointment. Fails with SlotUnavailable when it would overlap an active
     * appointment of one of its staff members or exceed a resource's capacity: the guarantee
     * holds under concurrency (a database constraint or lock, not a prior read).
     */
    readonly insert: (appointment: Appointment) => Effect.Effect<void, SlotUnavailable | PersistenceError>
    /**
     * Replace an appointment whose stored version is `appointment.version - 1` (optimistic
     * concurrency). Same capacity guarantee as insert when the times or resources change. The
     * history is append-only: the entries past the stored ones are added, earlier ones never change.
     */
    readonly update: (
      appointment: Appointment
    ) => Effect.Effect<void, NotFound | VersionConflict | SlotUnavailable | PersistenceError>
    /** Approved or rescheduled appointments whose end is at or before `now`, any business. */
    readonly listEnded: (
      now: DateTime.Utc,
      limit: number
    ) => Effect.Effect<ReadonlyArray<Appointment>, PersistenceError>
  }
>()("@creneau/core/ports/AppointmentRepository") {}

export const Series = Schema.Struct({
  id: Schema.String,
  businessId: Schema.String,
  rule: RecurrenceRule,
  createdAt: Schema.DateTimeUtc
})
export type Series = typeof Series.Type

export class SeriesRepository extends Context.Service<
  SeriesRepository,
  {
    readonly get: (businessId: string, id: string) => Effect.Effect<Series, NotFound | PersistenceError>
    readonly insert: (series: Series) => Effect.Effect<void, PersistenceError>
  }
>()("@creneau/core/ports/SeriesRepository") {}
