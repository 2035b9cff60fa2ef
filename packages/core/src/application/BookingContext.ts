/**
 * What a booking decision needs from storage: the business, the services asked for, the staff,
 * the resources and the active appointments around the requested time. Loaded once per use case.
 */
import { DateTime, Effect } from "effect"
import type { Appointment } from "../domain/Appointment.js"
import type { Business } from "../domain/Business.js"
import { type FieldError, ValidationFailed } from "../domain/Errors.js"
import type { Resource } from "../domain/Resource.js"
import type { Service } from "../domain/Service.js"
import type { StaffMember } from "../domain/StaffMember.js"
import {
  AppointmentRepository,
  BusinessRepository,
  ResourceRepository,
  ServiceRepository,
  StaffRepository
} from "../ports/Repositories.js"

export interface BookingContext {
  readonly business: Business
  readonly services: ReadonlyArray<Service>
  readonly staff: ReadonlyArray<StaffMember>
  readonly resources: ReadonlyArray<Resource>
  readonly appointments: ReadonlyArray<Appointment>
}

/** Margin around the requested range so that buffers of neighbouring appointments are seen. */
const MARGIN_MS = 2 * 86_400_000

/** The staff members with these ids (those that exist), in that order. */
const staffByIds = (businessId: string, ids: ReadonlyArray<string>) =>
  Effect.flatMap(Effect.service(StaffRepository), (repository) =>
    Effect.forEach(
      [...new Set(ids)],
      (id) =>
        repository.get(businessId, id).pipe(Effect.catchTag("NotFound", () => Effect.succeed(undefined))),
      { concurrency: "unbounded" }
    )
  ).pipe(Effect.map((found) => found.filter((s): s is StaffMember => s !== undefined)))

/** Services by id in the order asked, or 400 naming the unknown ones. */
export const loadServices = Effect.fnUntraced(function* (
  businessId: string,
  serviceIds: ReadonlyArray<string>,
  path: (index: number) => string
) {
  const all = yield* (yield* ServiceRepository).list(businessId)
  const byId = new Map(all.map((s) => [s.id as string, s]))
  const errors: Array<FieldError> = []
  const services: Array<Service> = []
  serviceIds.forEach((id, index) => {
    const service = byId.get(id)
    if (service === undefined) errors.push({ path: path(index), message: `Unknown service ${id}` })
    else services.push(service)
  })
  if (errors.length > 0) {
    return yield* new ValidationFailed({ message: "Some services do not exist.", errors })
  }
  return services
})

export const loadBookingContext = Effect.fnUntraced(function* (params: {
  readonly businessId: string
  readonly serviceIds: ReadonlyArray<string>
  readonly from: DateTime.Utc
  readonly to: DateTime.Utc
  /**
   * How far before `from` and after `to` active appointments are loaded (two days unless said
   * otherwise): a caller that knows the whole span its items can occupy passes it as the range,
   * with no margin.
   */
  readonly marginMs?: number
  /**
   * Load only these staff members (those that exist), not the whole staff: for a decision that
   * looks no other up, every item naming its own.
   */
  readonly staffIds?: ReadonlyArray<string>
  readonly servicePath?: (index: number) => string
}) {
  const businesses = yield* BusinessRepository
  const staffRepository = yield* StaffRepository
  const resourceRepository = yield* ResourceRepository
  const appointmentRepository = yield* AppointmentRepository
  const margin = params.marginMs ?? MARGIN_MS
  // Independent reads: issued together, so that a database adapter can pipeline them.
  const [business, services, staff, resources, appointments] = yield* Effect.all(
    [
      businesses.get(params.businessId),
      loadServices(
        params.businessId,
        params.serviceIds,
        params.servicePath ?? ((i) => `items[${i}].serviceId`)
      ),
      params.staffIds === undefined
        ? staffRepository.list(params.businessId)
        : staffByIds(params.businessId, params.staffIds),
      resourceRepository.list(params.businessId),
      appointmentRepository.listActive(
        params.businessId,
        DateTime.makeUnsafe(params.from.epochMilliseconds - margin),
        DateTime.makeUnsafe(params.to.epochMilliseconds + margin)
      )
    ],
    { concurrency: "unbounded" }
  )
  return { business, services, staff, resources, appointments } satisfies BookingContext
})
