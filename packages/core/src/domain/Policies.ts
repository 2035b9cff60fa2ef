/**
 * Who may do what, and the self-service restrictions of DESIGN §5. Pure functions over the
 * appointment and its booking-rules snapshot; the business itself is never bound by §5.
 */
import type { DateTime } from "effect"
import type { Actor, Role } from "./Actor.js"
import type { Appointment, Payment } from "./Appointment.js"
import type { BookingRules } from "./BookingRules.js"
import type { Customer } from "./Customer.js"
import type { PolicyReason } from "./Errors.js"

export type CommandName = "approve" | "reject" | "cancel" | "reschedule" | "confirm" | "complete" | "no_show"

const MINUTE = 60_000

const startedAt = (appointment: Pick<Appointment, "start">, now: DateTime.Utc): boolean =>
  now.epochMilliseconds >= appointment.start.epochMilliseconds

const minutesBeforeStart = (appointment: Pick<Appointment, "start">, now: DateTime.Utc): number =>
  (appointment.start.epochMilliseconds - now.epochMilliseconds) / MINUTE

/** Whether the appointment is assigned to this staff member (any of its items). */
export const isAssignedTo = (appointment: Pick<Appointment, "items">, staffId: string): boolean =>
  appointment.items.some((item) => item.staffId === staffId)

/**
 * The commands each kind of actor may attempt. Owners and admins act on everything in their
 * business, staff users on appointments assigned to them; a customer only through an action link
 * (confirm, cancel, reschedule); a staff email link approves or rejects; the system completes.
 */
export const mayAttempt = (
  actor: Actor,
  appointment: Pick<Appointment, "items">,
  command: CommandName
): boolean => {
  switch (actor._tag) {
    case "user": {
      const businessCommand = command !== "confirm" && command !== "complete"
      if (!businessCommand) return false
      return actor.role !== "staff" || (actor.staffId !== null && isAssignedTo(appointment, actor.staffId))
    }
    case "customer":
      return command === "confirm" || command === "cancel" || command === "reschedule"
    case "staff_link":
      return (command === "approve" || command === "reject") && isAssignedTo(appointment, actor.staffId)
    case "system":
      return command === "complete"
  }
}

/** Why the customer may not cancel through the link now, or null when they may. */
export const clientCancelRefusal = (
  appointment: Pick<Appointment, "status" | "start" | "rulesSnapshot">,
  now: DateTime.Utc
): PolicyReason | null => {
  const active =
    appointment.status === "pending" ||
    appointment.status === "approved" ||
    appointment.status === "rescheduled"
  if (!active || startedAt(appointment, now)) return "not_active"
  if (!appointment.rulesSnapshot.clientCancel.enabled) return "client_cancel_disabled"
  if (minutesBeforeStart(appointment, now) < appointment.rulesSnapshot.clientCancel.minNoticeMinutes) {
    return "notice_too_short"
  }
  return null
}

/** Why the customer may not reschedule through the link now, or null when they may. */
export const clientRescheduleRefusal = (
  appointment: Pick<Appointment, "status" | "pendingReason" | "start" | "rulesSnapshot" | "payment">,
  now: DateTime.Utc
): PolicyReason | null => {
  const rules = appointment.rulesSnapshot
  const eligible =
    (appointment.status === "pending" && appointment.pendingReason === "client_confirmation") ||
    appointment.status === "approved" ||
    appointment.status === "rescheduled"
  if (!eligible || startedAt(appointment, now)) return "not_active"
  if (!rules.clientReschedule.enabled) return "client_reschedule_disabled"
  if (rules.approvalMode === "manual") return "manual_approval"
  if (appointment.payment.instrument !== null) return "instrument_restricted"
  if (minutesBeforeStart(appointment, now) < rules.clientReschedule.minNoticeMinutes)
    return "notice_too_short"
  return null
}

/** Why the customer may not confirm through the link now, or null when they may. */
export const clientConfirmRefusal = (
  appointment: Pick<Appointment, "status" | "pendingReason" | "start">,
  now: DateTime.Utc
): PolicyReason | null =>
  appointment.status === "pending" &&
  appointment.pendingReason === "client_confirmation" &&
  !startedAt(appointment, now)
    ? null
    : "not_active"

export interface ActionAllowance {
  readonly allowed: boolean
  readonly reason?: PolicyReason
}

export interface AllowedActions {
  readonly cancel: ActionAllowance
  readonly reschedule: ActionAllowance
  readonly confirm: ActionAllowance
}

const allowance = (reason: PolicyReason | null): ActionAllowance =>
  reason === null ? { allowed: true } : { allowed: false, reason }

/** What the manage page offers the customer, each with the reason when refused. */
export const allowedActions = (appointment: Appointment, now: DateTime.Utc): AllowedActions => ({
  cancel: allowance(clientCancelRefusal(appointment, now)),
  reschedule: allowance(clientRescheduleRefusal(appointment, now)),
  confirm: allowance(clientConfirmRefusal(appointment, now))
})

/** The customer proves they hold the booking by typing its email address (case and spaces ignored). */
export const bookingEmailMatches = (bookingEmail: string | null, given: string): boolean =>
  bookingEmail !== null && bookingEmail.trim().toLowerCase() === given.trim().toLowerCase()

/** A series is paid on site, visit by visit: prepaid or online-paid series are refused. */
export const recurringPaymentRefusal = (payment: Payment): PolicyReason | null =>
  payment.status !== "unpaid" || payment.method === "online" ? "recurring_prepayment" : null

/** Whether an online booking waits for the business's approval. */
export const onlineBookingNeedsApproval = (
  rules: Pick<BookingRules, "approvalMode" | "noShowApprovalThreshold">,
  customer: Pick<Customer, "noShowCount"> | null
): boolean =>
  rules.approvalMode === "manual" ||
  (rules.noShowApprovalThreshold !== null &&
    customer !== null &&
    customer.noShowCount >= rules.noShowApprovalThreshold)

/** Settings, catalog, API keys and webhooks are managed by owners and admins. */
export const mayManageBusiness = (actor: Actor): boolean => actor._tag === "user" && actor.role !== "staff"

/** Owners grant any role; admins grant admin or staff; staff grant nothing. */
export const mayGrantRole = (actor: Actor, role: Role): boolean =>
  actor._tag === "user" && (actor.role === "owner" || (actor.role === "admin" && role !== "owner"))

/**
 * The staff member a staff user books for: themselves. Items without a staff member are theirs;
 * an item for someone else is refused (null). Other actors book for anyone (items unchanged).
 */
export const itemsBookableBy = <I extends { readonly staffId?: string | undefined }>(
  actor: Actor,
  items: ReadonlyArray<I>
): ReadonlyArray<I> | null => {
  if (actor._tag !== "user" || actor.role !== "staff") return items
  const own = actor.staffId
  if (own === null || items.some((i) => i.staffId !== undefined && i.staffId !== own)) return null
  return items.map((i) => ({ ...i, staffId: own }))
}
