/** Cancel an appointment by the business, with an optional personal message and a series scope. */
import { Effect, Schema } from "effect"
import type { Actor } from "../domain/Actor.js"
import { SeriesScope } from "../domain/Recurrence.js"
import { changeAppointment } from "./ChangeAppointment.js"
import { NotifyFields, notifyOf } from "./Notify.js"

export const CancelAppointmentInput = Schema.Struct({
  message: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2000))),
  scope: Schema.optionalKey(SeriesScope),
  ...NotifyFields
})
export type CancelAppointmentInput = typeof CancelAppointmentInput.Type

export const cancelAppointment = Effect.fn("cancelAppointment")(function* (params: {
  readonly businessId: string
  readonly appointmentId: string
  readonly actor: Actor
  readonly input: CancelAppointmentInput
}) {
  return yield* changeAppointment({
    ...params,
    ...(params.input.scope !== undefined && { scope: params.input.scope }),
    commandFor: () =>
      Effect.succeed({
        _tag: "Cancel",
        message: params.input.message ?? null,
        notify: notifyOf(params.input)
      } as const)
  })
})
