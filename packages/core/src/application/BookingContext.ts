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
  readonly servicePath?: (index: number) => string
}) {
  const businesses = yield* BusinessRepository
  const staffRepository = yield* StaffRepository
  const resourceRepository = yield* ResourceRepository
  const appointmentRepository = yield* AppointmentRepository
  // Independent reads: issued together, so that a database adapter can pipeline them.
  const [business, services, staff, resources, appointments] = yield* Effect.all(
    [
      businesses.get(params.businessId),
      loadServices(
        params.businessId,
        params.serviceIds,
        params.servicePath ?? ((i) => `items[${i}].serviceId`)
      ),
      staffRepository.list(params.businessId),
      resourceRepository.list(params.businessId),
      appointmentRepository.listActive(
        params.businessId,
        DateTime.makeUnsafe(params.from.epochMilliseconds - MARGIN_MS),
        DateTime.makeUnsafe(params.to.epochMilliseconds + MARGIN_MS)
      )
    ],
    { concurrency: "unbounded" }
  )
  return { business, services, staff, resources, appointments } satisfies BookingContext
})
