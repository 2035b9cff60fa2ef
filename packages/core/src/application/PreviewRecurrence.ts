/** Preview a series before creating it: each occurrence, whether it is free, and the end date. */
import { DateTime, Effect, Result, Schema } from "effect"
import { draftItems } from "../domain/Booking.js"
import { PolicyViolation, ValidationFailed } from "../domain/Errors.js"
import { Instant } from "../domain/LocalTime.js"
import { expandRecurrence, RecurrenceInput } from "../domain/Recurrence.js"
import { loadBookingContext } from "./BookingContext.js"
import { ItemInput } from "./CreateAppointment.js"

export const RecurrencePreviewInput = Schema.Struct({
  start: Instant,
  items: Schema.Array(ItemInput).check(Schema.isMinLength(1), Schema.isMaxLength(20)),
  recurrence: RecurrenceInput,
  allowOutsideHours: Schema.optionalKey(Schema.Boolean)
})
export type RecurrencePreviewInput = typeof RecurrencePreviewInput.Type

export const previewRecurrence = Effect.fn("previewRecurrence")(function* (params: {
  readonly businessId: string
  readonly input: RecurrencePreviewInput
}) {
  const { input } = params
  const ctx = yield* loadBookingContext({
    businessId: params.businessId,
    serviceIds: input.items.map((i) => i.serviceId),
    from: input.start,
    to: DateTime.add(input.start, { days: 2 * 366 + 1 })
  })
  const expanded = expandRecurrence({
    rule: input.recurrence,
    start: input.start,
    timeZone: ctx.business.timezone
  })
  if (Result.isFailure(expanded)) {
    const e = expanded.failure
    return yield* e._tag === "InvalidRecurrence"
      ? new ValidationFailed({ message: e.message, errors: [{ path: "recurrence", message: e.message }] })
      : new PolicyViolation({
          reason: "recurrence_limit",
          message:
            e.reason === "too_many_occurrences"
              ? `A series has at most ${e.limit} occurrences.`
              : "A series reaches at most two years ahead."
        })
  }
  const now = yield* DateTime.now
  const occurrences = expanded.success.occurrences.map((start) => {
    const drafted = draftItems({
      timezone: ctx.business.timezone,
      start,
      services: ctx.services,
      requests: input.items,
      staff: ctx.staff,
      resources: ctx.resources,
      appointments: ctx.appointments,
      allowOutsideHours: input.allowOutsideHours === true
    })
    const duration = input.items.reduce(
      (sum, item, i) => sum + (item.durationMinutes ?? ctx.services[i]!.durationMinutes),
      0
    )
    const reason = Result.isFailure(drafted)
      ? drafted.failure._tag === "PolicyViolation"
        ? drafted.failure.reason
        : "slot_unavailable"
      : start.epochMilliseconds < now.epochMilliseconds && input.allowOutsideHours !== true
        ? "past_start"
        : undefined
    return {
      start,
      end: DateTime.add(start, { minutes: duration }),
      available: reason === undefined,
      ...(reason !== undefined && { reason })
    }
  })
  return { occurrences, endsOn: expanded.success.endsOn }
})
