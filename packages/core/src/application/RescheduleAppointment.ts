/**
 * Move an appointment to a new start (same id, links, payment and paid status; previous times in
 * its history). The business may change the staff member and resource and is bound only by
 * overlaps and, unless it says otherwise, working hours. With a series scope, every selected
 * occurrence moves by the same change of local date and wall-clock time.
 */
import { DateTime, Effect, Result, Schema } from "effect"
import type { Actor } from "../domain/Actor.js"
import type { Appointment, AppointmentItem } from "../domain/Appointment.js"
import { draftItems } from "../domain/Booking.js"
import { ResourceId, StaffId } from "../domain/Ids.js"
import { addDays, epochDayOf, Instant, toInstant, toLocal } from "../domain/LocalTime.js"
import { SeriesScope } from "../domain/Recurrence.js"
import { loadBookingContext } from "./BookingContext.js"
import { changeAppointment } from "./ChangeAppointment.js"
import { NotifyFields, notifyOf } from "./Notify.js"

export const RescheduleAppointmentInput = Schema.Struct({
  start: Instant,
  staffId: Schema.optionalKey(StaffId),
  resourceId: Schema.optionalKey(ResourceId),
  scope: Schema.optionalKey(SeriesScope),
  allowOutsideHours: Schema.optionalKey(Schema.Boolean),
  ...NotifyFields
})
export type RescheduleAppointmentInput = typeof RescheduleAppointmentInput.Type

const MINUTE = 60_000

/**
 * Where `member` goes when `target` moves from its start to `newStart`: the same shift of local
 * date and of wall-clock time, in the business zone (so a weekly 11:00 moved to 14:00 stays at
 * 14:00 on both sides of a daylight-saving change).
 */
export const shiftedStart = (
  member: Pick<Appointment, "start">,
  target: Pick<Appointment, "start">,
  newStart: DateTime.Utc,
  timezone: string
): DateTime.Utc => {
  const from = toLocal(target.start, timezone)
  const to = toLocal(newStart, timezone)
  const own = toLocal(member.start, timezone)
  const days = epochDayOf(to.date) - epochDayOf(from.date)
  return toInstant(addDays(own.date, days), own.minutes + (to.minutes - from.minutes), timezone)
}

/** The requests that keep each item's service, duration and price (and staff/resource unless changed). */
export const keepItems = (
  items: ReadonlyArray<AppointmentItem>,
  change: { readonly staffId?: string | undefined; readonly resourceId?: string | undefined }
) =>
  items.map((item) => ({
    staffId: change.staffId ?? item.staffId,
    resourceId: item.resourceId === null ? undefined : (change.resourceId ?? item.resourceId),
    durationMinutes: Math.round((item.end.epochMilliseconds - item.start.epochMilliseconds) / MINUTE),
    price: item.price
  }))

export const rescheduleAppointment = Effect.fn("rescheduleAppointment")(function* (params: {
  readonly businessId: string
  readonly appointmentId: string
  readonly actor: Actor
  readonly input: RescheduleAppointmentInput
}) {
  const { input } = params
  return yield* changeAppointment({
    businessId: params.businessId,
    appointmentId: params.appointmentId,
    actor: params.actor,
    ...(input.scope !== undefined && { scope: input.scope }),
    commandFor: (member, target) =>
      Effect.gen(function* () {
        const ctx = yield* loadBookingContext({
          businessId: params.businessId,
          serviceIds: member.items.map((i) => i.serviceId),
          from: DateTime.min(member.start, input.start),
          to: DateTime.max(member.end, DateTime.add(input.start, { days: 1 }))
        })
        const start =
          member.id === target.id
            ? input.start
            : shiftedStart(member, target, input.start, ctx.business.timezone)
        const items = yield* Result.match(
          draftItems({
            timezone: ctx.business.timezone,
            start,
            services: ctx.services,
            requests: keepItems(member.items, input),
            staff: ctx.staff,
            resources: ctx.resources,
            appointments: ctx.appointments,
            allowOutsideHours: input.allowOutsideHours === true,
            excludeAppointmentId: member.id
          }),
          { onFailure: Effect.fail, onSuccess: Effect.succeed }
        )
        return { _tag: "Reschedule", items, notify: notifyOf(input) } as const
      })
  })
})
