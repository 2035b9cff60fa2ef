/**
 * What an availability read needs, as one immutable snapshot: the business, its catalog, and the
 * time held by its active appointments around the requested range (only what holds time, not the
 * appointments themselves).
 *
 * A snapshot serves reads made outside any transaction: a decision that writes reads its context
 * in its own transaction (`BookingContextStore`). An adapter may answer from a cache, provided a
 * change it has committed is seen by every load that starts after the commit in its process, and
 * by other processes soon after. A snapshot answered again is the same object:
 * `getAvailability` then reuses the slots it computed from it.
 */
import { Context, type DateTime, Effect, Layer } from "effect"
import type { BookedAppointment } from "../domain/Availability.js"
import type { Business } from "../domain/Business.js"
import type { NotFound } from "../domain/Errors.js"
import type { Resource } from "../domain/Resource.js"
import type { Service } from "../domain/Service.js"
import type { StaffMember } from "../domain/StaffMember.js"
import { BookingContextStore } from "./BookingContextStore.js"
import type { PersistenceError } from "./Repositories.js"

export interface AvailabilitySnapshotQuery {
  readonly businessId: string
  /** Active appointments whose occupied range overlaps [from, to) hold time in the snapshot. */
  readonly from: DateTime.Utc
  readonly to: DateTime.Utc
}

export interface AvailabilitySnapshot {
  readonly business: Business
  /** Every service of the business, archived ones included, as `ServiceRepository.list` gives them. */
  readonly services: ReadonlyArray<Service>
  /** Every staff member, as `StaffRepository.list` orders them (the order of preference). */
  readonly staff: ReadonlyArray<StaffMember>
  readonly resources: ReadonlyArray<Resource>
  /** The active appointments of the range, as the time their items hold, ordered by start. */
  readonly busy: ReadonlyArray<BookedAppointment>
}

export class AvailabilitySnapshots extends Context.Service<
  AvailabilitySnapshots,
  {
    /** Fails with NotFound when the business does not exist. */
    readonly load: (
      query: AvailabilitySnapshotQuery
    ) => Effect.Effect<AvailabilitySnapshot, NotFound | PersistenceError>
  }
>()("@creneau/core/ports/AvailabilitySnapshots") {
  /** A fresh snapshot on every load, read through the booking context (no cache). */
  static readonly layerFromBookingContext = Layer.effect(
    AvailabilitySnapshots,
    Effect.map(Effect.service(BookingContextStore), (store) =>
      AvailabilitySnapshots.of({
        load: (query) =>
          Effect.map(store.load(query), (context) => ({
            business: context.business,
            services: context.services,
            staff: context.staff,
            resources: context.resources,
            busy: context.appointments
          }))
      })
    )
  )
}
