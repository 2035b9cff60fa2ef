/**
 * Change what an appointment says without moving it: notes, the client's request, questionnaire
 * answers, payment. Guarded by the version the caller read (If-Match), recorded in the history.
 */
import { DateTime, Effect, Schema } from "effect"
import { type Actor, actorRef } from "../domain/Actor.js"
import { Answers, type Appointment, Payment } from "../domain/Appointment.js"
import { Forbidden, PolicyViolation, VersionConflict } from "../domain/Errors.js"
import { mayAttempt } from "../domain/Policies.js"
import { AppointmentRepository } from "../ports/Repositories.js"
import { UnitOfWork } from "../ports/UnitOfWork.js"

const Text = (max: number) => Schema.NullOr(Schema.String.check(Schema.isMaxLength(max)))

export const UpdateAppointmentDetailsInput = Schema.Struct({
  customerRequest: Schema.optionalKey(Text(2000)),
  quickNote: Schema.optionalKey(Text(2000)),
  appointmentNotes: Schema.optionalKey(Text(5000)),
  answers: Schema.optionalKey(Answers),
  payment: Schema.optionalKey(Payment)
})
export type UpdateAppointmentDetailsInput = typeof UpdateAppointmentDetailsInput.Type

export const updateAppointmentDetails = Effect.fn("updateAppointmentDetails")(function* (params: {
  readonly businessId: string
  readonly appointmentId: string
  readonly actor: Actor
  readonly expectedVersion?: number
  readonly input: UpdateAppointmentDetailsInput
}) {
  const uow = yield* UnitOfWork
  return yield* uow.transaction(
    Effect.gen(function* () {
      const repo = yield* AppointmentRepository
      const current = yield* repo.get(params.businessId, params.appointmentId)
      // Editing details is a business action, allowed to whoever may cancel it.
      if (!mayAttempt(params.actor, current, "cancel") || params.actor._tag !== "user") {
        return yield* new Forbidden({ message: "You may not change this appointment." })
      }
      if (params.expectedVersion !== undefined && params.expectedVersion !== current.version) {
        return yield* new VersionConflict({
          entity: "appointment",
          id: current.id,
          expected: params.expectedVersion,
          actual: current.version
        })
      }
      const { input } = params
      // A visit of a series may be marked paid on the day, but a series is never paid online.
      if (current.seriesId !== null && input.payment?.method === "online") {
        return yield* new PolicyViolation({
          reason: "recurring_prepayment",
          message: "A series is paid on site, visit by visit."
        })
      }
      const now = yield* DateTime.now
      const by = actorRef(params.actor)
      const changed = Object.keys(input)
      const next: Appointment = {
        ...current,
        ...input,
        version: current.version + 1,
        updatedAt: now,
        updatedBy: by,
        history: [
          ...current.history,
          { at: now, actor: by, type: "details_changed", data: { fields: changed } }
        ]
      }
      yield* repo.update(next)
      return next
    })
  )
})
