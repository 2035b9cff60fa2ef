/** Open slots for 1 to 5 services back to back, optionally with one staff member, between two dates. */
import { DateTime, Effect, Schema } from "effect"
import { MAX_ITEMS } from "../domain/Appointment.js"
import { findSlots } from "../domain/Availability.js"
import { effectiveRules } from "../domain/BookingRules.js"
import { PolicyViolation, ValidationFailed } from "../domain/Errors.js"
import { ServiceId, StaffId } from "../domain/Ids.js"
import { addDays, epochDayOf, LocalDate } from "../domain/LocalTime.js"
import { loadBookingContext } from "./BookingContext.js"

export const MAX_AVAILABILITY_DAYS = 93

export const AvailabilityInput = Schema.Struct({
  serviceIds: Schema.Array(ServiceId).check(Schema.isMinLength(1), Schema.isMaxLength(20)),
  staffId: Schema.optionalKey(StaffId),
  from: LocalDate,
  to: LocalDate
})
export type AvailabilityInput = typeof AvailabilityInput.Type

export const getAvailability = Effect.fn("getAvailability")(function* (params: {
  readonly businessId: string
  readonly input: AvailabilityInput
}) {
  const { input } = params
  if (input.serviceIds.length > MAX_ITEMS) {
    return yield* new PolicyViolation({ reason: "too_many_items", message: `At most ${MAX_ITEMS} services.` })
  }
  const days = epochDayOf(input.to) - epochDayOf(input.from) + 1
  if (days < 1 || days > MAX_AVAILABILITY_DAYS) {
    const message = `Ask for 1 to ${MAX_AVAILABILITY_DAYS} days, with from on or before to.`
    return yield* new ValidationFailed({ message, errors: [{ path: "to", message }] })
  }
  // Local dates are read in the business zone; a day's margin covers any offset.
  const from = DateTime.makeUnsafe(`${addDays(input.from, -1)}T00:00:00Z`)
  const to = DateTime.makeUnsafe(`${addDays(input.to, 2)}T00:00:00Z`)
  const ctx = yield* loadBookingContext({
    businessId: params.businessId,
    serviceIds: input.serviceIds,
    from,
    to,
    servicePath: (i) => `serviceId[${i}]`
  })
  const now = yield* DateTime.now
  const rules = effectiveRules(
    ctx.business.bookingRules,
    ctx.services.map((s) => s.rules ?? undefined)
  )
  const slots = findSlots({
    timezone: ctx.business.timezone,
    rules,
    services: ctx.services,
    staff: ctx.staff,
    resources: ctx.resources,
    appointments: ctx.appointments,
    ...(input.staffId !== undefined && { staffId: input.staffId }),
    from: input.from,
    to: input.to,
    now
  })
  return { timezone: ctx.business.timezone, slots }
})
