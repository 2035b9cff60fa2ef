/**
 * What a booking decision needs from storage: the business, the services asked for, the staff,
 * the resources and the active appointments around the requested time. Loaded once per use case.
 */
import { DateTime, Effect } from "effect"
import type { BookedAppointment } from "../domain/Availability.js"
import type { Business } from "../domain/Business.js"
import type { Customer } from "../domain/Customer.js"
import { type FieldError, ValidationFailed } from "../domain/Errors.js"
import type { Resource } from "../domain/Resource.js"
import type { Service } from "../domain/Service.js"
import type { StaffMember } from "../domain/StaffMember.js"
import { BookingContextStore } from "../ports/BookingContextStore.js"
import { ServiceRepository } from "../ports/Repositories.js"
import type { WebhookEndpoint } from "../ports/Webhooks.js"

export interface BookingContext {
  readonly business: Business
  readonly services: ReadonlyArray<Service>
  readonly staff: ReadonlyArray<StaffMember>
  readonly resources: ReadonlyArray<Resource>
  /** The active appointments around the requested time, as much of them as a decision reads. */
  readonly appointments: ReadonlyArray<BookedAppointment>
  /** The customer asked for by id: null when none was asked for or the business has none by that id. */
  readonly customer: Customer | null
  /** The business's webhook endpoints when asked for, else empty. */
  readonly webhooks: ReadonlyArray<WebhookEndpoint>
}

/** Margin around the requested range so that buffers of neighbouring appointments are seen. */
const MARGIN_MS = 2 * 86_400_000

/** The services asked for, in the order asked, among the business's; or 400 naming the unknown ones. */
export const pickServices = (
  all: ReadonlyArray<Service>,
  serviceIds: ReadonlyArray<string>,
  path: (index: number) => string
): Effect.Effect<ReadonlyArray<Service>, ValidationFailed> => {
  const byId = new Map(all.map((s) => [s.id as string, s]))
  const errors: Array<FieldError> = []
  const services: Array<Service> = []
  serviceIds.forEach((id, index) => {
    const service = byId.get(id)
    if (service === undefined) errors.push({ path: path(index), message: `Unknown service ${id}` })
    else services.push(service)
  })
  return errors.length > 0
    ? Effect.fail(new ValidationFailed({ message: "Some services do not exist.", errors }))
    : Effect.succeed(services)
}

/** Services by id in the order asked, or 400 naming the unknown ones. */
export const loadServices = Effect.fnUntraced(function* (
  businessId: string,
  serviceIds: ReadonlyArray<string>,
  path: (index: number) => string
) {
  return yield* pickServices(yield* (yield* ServiceRepository).list(businessId), serviceIds, path)
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
  /** Read this customer with the rest. */
  readonly customerId?: string
  /** Read the webhook endpoints with the rest (the decision publishes events). */
  readonly publishing?: boolean
}) {
  const margin = params.marginMs ?? MARGIN_MS
  const stored = yield* (yield* BookingContextStore).load({
    businessId: params.businessId,
    from: DateTime.makeUnsafe(params.from.epochMilliseconds - margin),
    to: DateTime.makeUnsafe(params.to.epochMilliseconds + margin),
    ...(params.staffIds !== undefined && { staffIds: [...new Set(params.staffIds)] }),
    ...(params.customerId !== undefined && { customerId: params.customerId }),
    ...(params.publishing === true && { webhooks: true })
  })
  const services = yield* pickServices(
    stored.services,
    params.serviceIds,
    params.servicePath ?? ((i) => `items[${i}].serviceId`)
  )
  return { ...stored, services } satisfies BookingContext
})
