/** Reject an appointment, telling the customer and the staff member unless asked not to. */
import { Effect, Schema } from "effect"
import type { Actor } from "../domain/Actor.js"
import { changeAppointment } from "./ChangeAppointment.js"
import { NotifyFields, notifyOf } from "./Notify.js"

export const RejectAppointmentInput = Schema.Struct({
  reason: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2000))),
  ...NotifyFields
})
export type RejectAppointmentInput = typeof RejectAppointmentInput.Type

export const rejectAppointment = Effect.fn("rejectAppointment")(function* (params: {
  readonly businessId: string
  readonly appointmentId: string
  readonly actor: Actor
  readonly input: RejectAppointmentInput
}) {
  return yield* changeAppointment({
    ...params,
    commandFor: () =>
      Effect.succeed({
        _tag: "Reject",
        reason: params.input.reason ?? null,
        notify: notifyOf(params.input)
      } as const)
  })
})
