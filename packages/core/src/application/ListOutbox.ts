/** The delivery log: the business's outbox, filtered by appointment and status. */
import { Effect, Schema } from "effect"
import { AppointmentId } from "../domain/Ids.js"
import { Outbox, OutboxStatus } from "../ports/Outbox.js"

export const ListOutboxInput = Schema.Struct({
  appointmentId: Schema.optionalKey(AppointmentId),
  status: Schema.optionalKey(OutboxStatus)
})
export type ListOutboxInput = typeof ListOutboxInput.Type

export const listOutbox = Effect.fn("listOutbox")(function* (businessId: string, input: ListOutboxInput) {
  return yield* (yield* Outbox).list(businessId, input)
})
