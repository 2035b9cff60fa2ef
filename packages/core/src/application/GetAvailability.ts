/** Open slots for 1 to 5 services back to back, optionally with one staff member, between two dates. */
import { DateTime, Effect, Schema } from "effect"
import { MAX_ITEMS } from "../domain/Appointment.js"
import { findOpenSlots, type Slot, withinBookingLimits } from "../domain/Availability.js"
import { effectiveRules } from "../domain/BookingRules.js"
import { PolicyViolation, ValidationFailed } from "../domain/Errors.js"
import { ServiceId, StaffId } from "../domain/Ids.js"
import { addDays, dateOfEpochDay, epochDayOf, LocalDate } from "../domain/LocalTime.js"
import { type AvailabilitySnapshot, AvailabilitySnapshots } from "../ports/AvailabilitySnapshots.js"
import { pickServices } from "./BookingContext.js"

export const MAX_AVAILABILITY_DAYS = 93

export const AvailabilityInput = Schema.Struct({
  serviceIds: Schema.Array(ServiceId).check(Schema.isMinLength(1), Schema.isMaxLength(20)),
  staffId: Schema.optionalKey(StaffId),
  from: LocalDate,
  to: LocalDate
})
export type AvailabilityInput = typeof AvailabilityInput.Type

const HOUR = 3_600_000
const DAY = 86_400_000

/** Margin around the requested dates so that buffers of neighbouring appointments are seen. */
const MARGIN_MS = 2 * DAY

/** Queries remembered per snapshot; past this many, the snapshot's memory starts again. */
const QUERIES_PER_SNAPSHOT = 64

/**
 * The open slots computed from a snapshot, per query. A snapshot is immutable and an adapter that
 * caches answers the same object while nothing changed, so what was computed from it stays true
 * as long as it lives; only the booking limits, which move with the clock, are applied per request.
 */
const computed = new WeakMap<AvailabilitySnapshot, Map<string, ReadonlyArray<Slot>>>()

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
  const from = Date.parse(`${addDays(input.from, -1)}T00:00:00Z`) - MARGIN_MS
  const to = Date.parse(`${addDays(input.to, 2)}T00:00:00Z`) + MARGIN_MS
  const snapshot = yield* (yield* AvailabilitySnapshots).load({
    businessId: params.businessId,
    from: DateTime.makeUnsafe(from),
    to: DateTime.makeUnsafe(to)
  })
  const services = yield* pickServices(snapshot.services, input.serviceIds, (i) => `serviceId[${i}]`)
  const rules = effectiveRules(
    snapshot.business.bookingRules,
    services.map((s) => s.rules ?? undefined)
  )
  const timezone = snapshot.business.timezone
  const now = yield* DateTime.now
  // Only the days that can hold a start within the booking limits are computed (a zone's offset
  // lies within ±15 h, as in findSlots): a range far in the past or beyond the advance limit
  // costs nothing. These days move once a day, so what is computed for them is reused meanwhile.
  const firstDay = Math.max(
    epochDayOf(input.from),
    Math.floor((now.epochMilliseconds + rules.minBookingNoticeMinutes * 60_000 - 15 * HOUR) / DAY)
  )
  const lastDay = Math.min(
    epochDayOf(input.to),
    Math.floor((now.epochMilliseconds + rules.maxAdvanceDays * DAY + 15 * HOUR) / DAY)
  )
  if (firstDay > lastDay) return { timezone, slots: [] }
  const range = { from: dateOfEpochDay(firstDay), to: dateOfEpochDay(lastDay) }
  let bySnapshot = computed.get(snapshot)
  if (bySnapshot === undefined || bySnapshot.size >= QUERIES_PER_SNAPSHOT) {
    bySnapshot = new Map()
    computed.set(snapshot, bySnapshot)
  }
  const key = JSON.stringify([input.serviceIds, input.staffId ?? null, range.from, range.to])
  let open = bySnapshot.get(key)
  if (open === undefined) {
    open = findOpenSlots({
      timezone,
      rules,
      services,
      staff: snapshot.staff,
      resources: snapshot.resources,
      appointments: snapshot.busy,
      ...(input.staffId !== undefined && { staffId: input.staffId }),
      ...range
    })
    bySnapshot.set(key, open)
  }
  return { timezone, slots: withinBookingLimits(open, rules, now) }
})
