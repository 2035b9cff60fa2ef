/**
 * The system completes approved and rescheduled appointments whose end has passed (pending ones
 * stay pending and need attention). Each appointment in its own transaction; a concurrent change
 * by someone else simply wins.
 */
import { DateTime, Effect } from "effect"
import { system } from "../domain/Actor.js"
import { AppointmentRepository } from "../ports/Repositories.js"
import { changeAppointment } from "./ChangeAppointment.js"

export const completeEndedAppointments = Effect.fn("completeEndedAppointments")(function* (batchSize = 100) {
  const now = yield* DateTime.now
  const ended = yield* (yield* AppointmentRepository).listEnded(now, batchSize)
  let completed = 0
  for (const appointment of ended) {
    const done = yield* changeAppointment({
      businessId: appointment.businessId,
      appointmentId: appointment.id,
      actor: system,
      commandFor: () => Effect.succeed({ _tag: "Complete" } as const)
    }).pipe(
      Effect.as(true),
      Effect.catchTags({
        VersionConflict: () => Effect.succeed(false),
        InvalidTransition: () => Effect.succeed(false),
        PolicyViolation: () => Effect.succeed(false)
      })
    )
    if (done) completed++
  }
  return completed
})
