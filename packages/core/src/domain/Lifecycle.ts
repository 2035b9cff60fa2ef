/**
 * The appointment lifecycle of DESIGN §3 as an explicit transition table: a pure function from
 * an appointment, a command and its context (actor, now) to the changed appointment and the
 * domain events it produces, or a typed refusal. A refusal changes nothing.
 */
import { Array as Arr, type DateTime, Result } from "effect"
import { type Actor, actorRef } from "./Actor.js"
import type { Appointment, AppointmentItem, AppointmentStatus } from "./Appointment.js"
import { type DomainEvent, type Notify, notifyAll } from "./DomainEvent.js"
import { Forbidden, InvalidTransition, PolicyViolation } from "./Errors.js"
import {
  type CommandName,
  clientCancelRefusal,
  clientConfirmRefusal,
  clientRescheduleRefusal,
  mayAttempt
} from "./Policies.js"

export type AppointmentCommand =
  | { readonly _tag: "Approve" }
  | { readonly _tag: "Reject"; readonly reason: string | null; readonly notify: Notify }
  | { readonly _tag: "Cancel"; readonly message: string | null; readonly notify: Notify }
  | {
      readonly _tag: "Reschedule"
      readonly items: Arr.NonEmptyReadonlyArray<AppointmentItem>
      readonly notify: Notify
    }
  | { readonly _tag: "Confirm" }
  | { readonly _tag: "Complete" }
  | { readonly _tag: "MarkNoShow"; readonly noShow: boolean; readonly sendMissedEmail: boolean }

export interface TransitionContext {
  readonly actor: Actor
  readonly now: DateTime.Utc
}

export interface Transition {
  readonly appointment: Appointment
  readonly events: ReadonlyArray<DomainEvent>
}

export type TransitionError = InvalidTransition | Forbidden | PolicyViolation

const commandName: Record<AppointmentCommand["_tag"], CommandName> = {
  Approve: "approve",
  Reject: "reject",
  Cancel: "cancel",
  Reschedule: "reschedule",
  Confirm: "confirm",
  Complete: "complete",
  MarkNoShow: "no_show"
}

/** The state a row of the table is keyed by. */
type StateKey =
  | "pending:staff_approval"
  | "pending:client_confirmation"
  | Exclude<AppointmentStatus, "pending">

const describeState = (a: Pick<Appointment, "status" | "pendingReason">): string =>
  a.status === "pending" ? `pending (${a.pendingReason ?? "staff_approval"})` : a.status

const stateKey = (a: Pick<Appointment, "status" | "pendingReason">): StateKey =>
  a.status === "pending" ? `pending:${a.pendingReason ?? "staff_approval"}` : a.status

/**
 * DESIGN §3, row by row: the status each command leads to. A missing cell is a refused command
 * (409 invalid_transition). `no_show` sets the no-show flag the command carries.
 */
const table: Record<StateKey, Partial<Record<CommandName, AppointmentStatus>>> = {
  "pending:staff_approval": {
    approve: "approved",
    reject: "rejected",
    cancel: "cancelled",
    reschedule: "rescheduled"
  },
  "pending:client_confirmation": {
    approve: "approved",
    reject: "rejected",
    cancel: "cancelled",
    reschedule: "rescheduled",
    confirm: "approved"
  },
  approved: {
    reject: "rejected",
    cancel: "cancelled",
    reschedule: "rescheduled",
    complete: "completed",
    no_show: "completed"
  },
  rescheduled: {
    reject: "rejected",
    cancel: "cancelled",
    reschedule: "rescheduled",
    complete: "completed",
    no_show: "completed"
  },
  completed: { no_show: "completed" },
  cancelled: {},
  rejected: {}
}

/** Whether the table allows `command` from the appointment's state (whoever the actor). */
export const isAllowedByTable = (
  a: Pick<Appointment, "status" | "pendingReason">,
  command: CommandName
): boolean => table[stateKey(a)][command] !== undefined

const refuse = (reason: PolicyViolation["reason"], message: string) =>
  Result.fail(new PolicyViolation({ reason, message }))

/** Conditions on time and on the customer's self-service rules, checked after the table. */
const guard = (
  appointment: Appointment,
  command: AppointmentCommand,
  ctx: TransitionContext
): Result.Result<void, PolicyViolation> => {
  const now = ctx.now.epochMilliseconds
  if (command._tag === "Complete" && now < appointment.end.epochMilliseconds) {
    return refuse("not_ended", "The appointment has not ended yet.")
  }
  if (
    command._tag === "MarkNoShow" &&
    appointment.status !== "completed" &&
    now < appointment.start.epochMilliseconds
  ) {
    return refuse("not_started", "A no-show can be marked once the appointment has started.")
  }
  if (ctx.actor._tag === "customer") {
    const refusal =
      command._tag === "Cancel"
        ? clientCancelRefusal(appointment, ctx.now)
        : command._tag === "Reschedule"
          ? clientRescheduleRefusal(appointment, ctx.now)
          : command._tag === "Confirm"
            ? clientConfirmRefusal(appointment, ctx.now)
            : null
    if (refusal !== null) return refuse(refusal, selfServiceMessages[refusal] ?? "Not allowed.")
  }
  return Result.void
}

export const selfServiceMessages: Partial<Record<PolicyViolation["reason"], string>> = {
  not_active: "This appointment can no longer be changed online.",
  client_cancel_disabled: "This business does not allow online cancellation; please contact it.",
  client_reschedule_disabled: "This business does not allow online rescheduling; please contact it.",
  notice_too_short: "It is too close to the appointment to change it online; please contact the business.",
  manual_approval: "Appointments that need the business's approval cannot be moved online.",
  instrument_restricted: "Appointments booked with a coupon, package or membership cannot be moved online."
}

const historyType: Record<AppointmentCommand["_tag"], string> = {
  Approve: "approved",
  Reject: "rejected",
  Cancel: "cancelled",
  Reschedule: "rescheduled",
  Confirm: "confirmed",
  Complete: "completed",
  MarkNoShow: "no_show"
}

const historyData = (before: Appointment, command: AppointmentCommand): Record<string, unknown> => {
  switch (command._tag) {
    case "Reject":
      return { reason: command.reason, notify: command.notify }
    case "Cancel":
      return { message: command.message, notify: command.notify }
    case "Reschedule":
      return {
        previousStart: before.start.toJSON(),
        previousEnd: before.end.toJSON(),
        start: command.items[0]!.start.toJSON(),
        end: command.items[command.items.length - 1]!.end.toJSON(),
        notify: command.notify
      }
    case "MarkNoShow":
      return { noShow: command.noShow }
    default:
      return {}
  }
}

/**
 * Apply `command` to `appointment`. Checks, in order: the actor may attempt the command on this
 * appointment (403), the table allows it from the current state (409), time and self-service
 * conditions (422). On success returns the new appointment (version + 1, history appended) and
 * its domain events.
 */
export const transition = (
  appointment: Appointment,
  command: AppointmentCommand,
  ctx: TransitionContext
): Result.Result<Transition, TransitionError> => {
  const name = commandName[command._tag]
  if (!mayAttempt(ctx.actor, appointment, name)) {
    return Result.fail(new Forbidden({ message: `You may not ${name.replace("_", "-")} this appointment.` }))
  }
  const cell = table[stateKey(appointment)][name]
  if (cell === undefined) {
    return Result.fail(
      new InvalidTransition({
        appointmentId: appointment.id,
        status: appointment.status,
        command: name,
        message: `Cannot ${name.replace("_", "-")} an appointment that is ${describeState(appointment)}.`
      })
    )
  }
  const guarded = guard(appointment, command, ctx)
  if (Result.isFailure(guarded)) return Result.fail(guarded.failure)

  const by = actorRef(ctx.actor)
  const noShow = command._tag === "MarkNoShow" ? command.noShow : appointment.noShow
  const items = command._tag === "Reschedule" ? command.items : appointment.items
  const next: Appointment = {
    ...appointment,
    // No command leads to pending, so the pending reason always goes.
    status: cell,
    pendingReason: null,
    noShow,
    items,
    start: items[0]!.start,
    end: items[items.length - 1]!.end,
    cancellationMessage: command._tag === "Cancel" ? command.message : appointment.cancellationMessage,
    rejectionReason: command._tag === "Reject" ? command.reason : appointment.rejectionReason,
    version: appointment.version + 1,
    updatedAt: ctx.now,
    updatedBy: by,
    history: [
      ...appointment.history,
      { at: ctx.now, actor: by, type: historyType[command._tag], data: historyData(appointment, command) }
    ]
  }
  const base = { appointment: next, actor: by, at: ctx.now }
  const event: DomainEvent = (() => {
    switch (command._tag) {
      case "Approve":
      case "Confirm":
        return { _tag: "AppointmentApproved", ...base, notify: notifyAll } as const
      case "Reject":
        return {
          _tag: "AppointmentRejected",
          ...base,
          notify: command.notify,
          reason: command.reason
        } as const
      case "Cancel":
        return {
          _tag: "AppointmentCancelled",
          ...base,
          notify: command.notify,
          message: command.message
        } as const
      case "Reschedule":
        return {
          _tag: "AppointmentRescheduled",
          ...base,
          notify: command.notify,
          previousStart: appointment.start,
          previousEnd: appointment.end
        } as const
      case "Complete":
        return { _tag: "AppointmentCompleted", ...base, notify: notifyAll } as const
      case "MarkNoShow":
        return {
          _tag: "NoShowMarked",
          ...base,
          notify: notifyAll,
          noShow,
          sendMissedEmail: command.sendMissedEmail && noShow && !appointment.noShow
        } as const
    }
  })()
  return Result.succeed({ appointment: next, events: [event] })
}

/** What a business user may do to an appointment now, one flag per action the back office offers. */
export interface BusinessActions {
  readonly approve: boolean
  readonly reject: boolean
  readonly cancel: boolean
  readonly reschedule: boolean
  /** Mark it missed (before completion, once started; or a completed visit). */
  readonly markNoShow: boolean
  /** Take back a no-show mark. */
  readonly unmarkNoShow: boolean
}

/**
 * The actions `actor` may take on `appointment` at `now`: exactly those whose command
 * `transition` would accept (the actor's rights, the lifecycle table, the time conditions), so
 * that a screen offers no button the API would refuse. A move is tried at the same time: what
 * the new time allows is for the move itself to say.
 */
export const businessActions = (
  appointment: Appointment,
  actor: Actor,
  now: DateTime.Utc
): BusinessActions => {
  const ctx: TransitionContext = { actor, now }
  const accepts = (command: AppointmentCommand) => Result.isSuccess(transition(appointment, command, ctx))
  const keep: Notify = { customer: false, staff: false }
  const items = appointment.items
  return {
    approve: accepts({ _tag: "Approve" }),
    reject: accepts({ _tag: "Reject", reason: null, notify: keep }),
    cancel: accepts({ _tag: "Cancel", message: null, notify: keep }),
    reschedule: Arr.isReadonlyArrayNonEmpty(items) && accepts({ _tag: "Reschedule", items, notify: keep }),
    markNoShow: !appointment.noShow && accepts({ _tag: "MarkNoShow", noShow: true, sendMissedEmail: false }),
    unmarkNoShow: appointment.noShow && accepts({ _tag: "MarkNoShow", noShow: false, sendMissedEmail: false })
  }
}
