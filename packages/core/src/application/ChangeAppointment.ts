/**
 * The shared path of every change to existing appointments: load, decide with the lifecycle,
 * save with optimistic concurrency, keep the customer's no-show count, publish the events — all in
 * one transaction. With a series scope, the target must accept the command; the other selected
 * occurrences follow where the lifecycle allows it (a cancelled occurrence stays cancelled).
 */
import { DateTime, Effect, Result } from "effect"
import type { Actor } from "../domain/Actor.js"
import type { Appointment } from "../domain/Appointment.js"
import type { DomainEvent } from "../domain/DomainEvent.js"
import { VersionConflict } from "../domain/Errors.js"
import { type AppointmentCommand, type TransitionError, transition } from "../domain/Lifecycle.js"
import { type SeriesScope, selectByScope } from "../domain/Recurrence.js"
import { AppointmentRepository, BusinessRepository, CustomerRepository } from "../ports/Repositories.js"
import { UnitOfWork } from "../ports/UnitOfWork.js"
import { publish } from "./Publish.js"

export interface ChangeResult {
  /** The appointment the command was addressed to, after the change. */
  readonly appointment: Appointment
  /** Every appointment changed (the target first), more than one with a series scope. */
  readonly changed: ReadonlyArray<Appointment>
  readonly customerNotified: boolean
  readonly reason?: string
}

const adjustNoShowCount = Effect.fnUntraced(function* (
  events: ReadonlyArray<DomainEvent>,
  before: Appointment
) {
  for (const event of events) {
    if (event._tag !== "NoShowMarked" || event.appointment.customerId === null) continue
    const delta = (event.noShow ? 1 : 0) - (before.noShow ? 1 : 0)
    if (delta === 0) continue
    const customers = yield* CustomerRepository
    const customer = yield* customers.get(event.appointment.businessId, event.appointment.customerId)
    yield* customers.update({ ...customer, noShowCount: Math.max(0, customer.noShowCount + delta) })
  }
})

/** Apply the command built by `commandFor` to the appointment (and to its series scope). */
export const changeAppointment = <E, R>(params: {
  readonly businessId: string
  readonly appointmentId: string
  readonly actor: Actor
  readonly scope?: SeriesScope
  readonly expectedVersion?: number
  readonly commandFor: (
    appointment: Appointment,
    target: Appointment
  ) => Effect.Effect<AppointmentCommand, E, R>
}) =>
  Effect.gen(function* () {
    const uow = yield* UnitOfWork
    return yield* uow.transaction(
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const business = yield* (yield* BusinessRepository).get(params.businessId)
        const target = yield* appointments.get(params.businessId, params.appointmentId)
        if (params.expectedVersion !== undefined && params.expectedVersion !== target.version) {
          return yield* new VersionConflict({
            entity: "appointment",
            id: target.id,
            expected: params.expectedVersion,
            actual: target.version
          })
        }
        const scope = params.scope ?? "this"
        const members =
          scope === "this" || target.seriesId === null
            ? [target]
            : selectByScope(
                scope,
                target,
                yield* appointments.list(params.businessId, { seriesId: target.seriesId })
              )
        const now = yield* DateTime.now
        const changed: Array<Appointment> = []
        let customerNotified = false
        let reason: string | undefined
        // The target first: its refusal is the caller's answer; the others follow where they can.
        const ordered = [target, ...members.filter((m) => m.id !== target.id)]
        for (const member of ordered) {
          const isTarget = member.id === target.id
          const command = yield* params.commandFor(member, target)
          const decided: Result.Result<
            { readonly appointment: Appointment; readonly events: ReadonlyArray<DomainEvent> },
            TransitionError
          > = transition(member, command, { actor: params.actor, now })
          if (Result.isFailure(decided)) {
            if (isTarget) return yield* decided.failure
            continue
          }
          const saved = yield* appointments.update(decided.success.appointment).pipe(
            Effect.map(() => true),
            Effect.catchTag("SlotUnavailable", (e) => (isTarget ? Effect.fail(e) : Effect.succeed(false)))
          )
          if (!saved) continue
          yield* adjustNoShowCount(decided.success.events, member)
          const customer =
            member.customerId === null
              ? null
              : yield* (yield* CustomerRepository).get(params.businessId, member.customerId)
          const published = yield* publish(decided.success.events, { business, customer })
          if (isTarget) {
            customerNotified = published.customerNotified
            reason = published.reason
          }
          changed.push(decided.success.appointment)
        }
        return {
          appointment: changed[0]!,
          changed,
          customerNotified,
          ...(reason !== undefined && { reason })
        } satisfies ChangeResult
      })
    )
  })
