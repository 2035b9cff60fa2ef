/** Mark (or unmark) a started or completed appointment as a no-show; counts on the customer's profile. */
import { Effect, Schema } from "effect"
import type { Actor } from "../domain/Actor.js"
import { changeAppointment } from "./ChangeAppointment.js"

export const MarkNoShowInput = Schema.Struct({
  noShow: Schema.Boolean,
  sendMissedEmail: Schema.optionalKey(Schema.Boolean)
})
export type MarkNoShowInput = typeof MarkNoShowInput.Type

export const markNoShow = Effect.fn("markNoShow")(function* (params: {
  readonly businessId: string
  readonly appointmentId: string
  readonly actor: Actor
  readonly input: MarkNoShowInput
}) {
  return yield* changeAppointment({
    ...params,
    commandFor: () =>
      Effect.succeed({
        _tag: "MarkNoShow",
        noShow: params.input.noShow,
        sendMissedEmail: params.input.sendMissedEmail ?? true
      } as const)
  })
})
