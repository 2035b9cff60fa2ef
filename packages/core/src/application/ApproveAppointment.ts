/** Approve a pending appointment (owner, admin, assigned staff, or a staff email link). */
import { Effect } from "effect"
import type { Actor } from "../domain/Actor.js"
import { changeAppointment } from "./ChangeAppointment.js"

export const approveAppointment = Effect.fn("approveAppointment")(function* (params: {
  readonly businessId: string
  readonly appointmentId: string
  readonly actor: Actor
}) {
  return yield* changeAppointment({
    ...params,
    commandFor: () => Effect.succeed({ _tag: "Approve" } as const)
  })
})
