/** Reading appointments: one by id, or those of a period filtered by staff, status, customer or series. */
import { DateTime, Effect, Schema } from "effect"
import type { Actor } from "../domain/Actor.js"
import { AppointmentStatus } from "../domain/Appointment.js"
import { CustomerId, SeriesId, StaffId } from "../domain/Ids.js"
import { businessActions } from "../domain/Lifecycle.js"
import { Instant } from "../domain/LocalTime.js"
import { AppointmentRepository } from "../ports/Repositories.js"

export const ListAppointmentsInput = Schema.Struct({
  from: Schema.optionalKey(Instant),
  to: Schema.optionalKey(Instant),
  staffId: Schema.optionalKey(StaffId),
  status: Schema.optionalKey(AppointmentStatus),
  customerId: Schema.optionalKey(CustomerId),
  seriesId: Schema.optionalKey(SeriesId)
})
export type ListAppointmentsInput = typeof ListAppointmentsInput.Type

export const listAppointments = Effect.fn("listAppointments")(function* (
  businessId: string,
  input: ListAppointmentsInput
) {
  return yield* (yield* AppointmentRepository).list(businessId, input)
})

export const getAppointment = Effect.fn("getAppointment")(function* (businessId: string, id: string) {
  return yield* (yield* AppointmentRepository).get(businessId, id)
})

/** An appointment with what `actor` may do to it now (the back office's buttons). */
export const getAppointmentFor = Effect.fn("getAppointmentFor")(function* (
  businessId: string,
  id: string,
  actor: Actor
) {
  const appointment = yield* getAppointment(businessId, id)
  return { appointment, allowedActions: businessActions(appointment, actor, yield* DateTime.now) }
})
