/**
 * The customer's manage page, reached through the action link of an email: see the appointment
 * and what is allowed (with reasons), confirm, cancel with the booking's email address, and
 * reschedule to a time the availability engine offers for the same services and staff member.
 * Opening the page changes nothing; each action is a separate call.
 */
import { Array as Arr, DateTime, Effect, Result, Schema } from "effect"
import type { Actor } from "../domain/Actor.js"
import type { Appointment } from "../domain/Appointment.js"
import { checkSlot, findSlots } from "../domain/Availability.js"
import { slotRefusalError } from "../domain/Booking.js"
import type { Customer } from "../domain/Customer.js"
import { customerName } from "../domain/Customer.js"
import { NotFound, PolicyViolation, ValidationFailed } from "../domain/Errors.js"
import { selfServiceMessages } from "../domain/Lifecycle.js"
import { addDays, epochDayOf, Instant, LocalDate, toInstant } from "../domain/LocalTime.js"
import { allowedActions, bookingEmailMatches, clientRescheduleRefusal } from "../domain/Policies.js"
import {
  AppointmentRepository,
  BusinessRepository,
  CustomerRepository,
  StaffRepository
} from "../ports/Repositories.js"
import { type ActionToken, Tokens } from "../ports/Tokens.js"
import { loadBookingContext } from "./BookingContext.js"
import { changeAppointment } from "./ChangeAppointment.js"
import { notifyOf } from "./Notify.js"

export const ClientCancelInput = Schema.Struct({ email: Schema.String.check(Schema.isMaxLength(254)) })
export type ClientCancelInput = typeof ClientCancelInput.Type

export const ClientRescheduleInput = Schema.Struct({ start: Instant })
export type ClientRescheduleInput = typeof ClientRescheduleInput.Type

export const ClientAvailabilityInput = Schema.Struct({ from: LocalDate, to: LocalDate })
export type ClientAvailabilityInput = typeof ClientAvailabilityInput.Type

/** A customer link only ever manages its own appointment; anything else reads as unknown. */
const resolveCustomerLink = Effect.fnUntraced(function* (raw: string) {
  const token = yield* (yield* Tokens).resolve(raw)
  if (token.purpose !== "manage" && token.purpose !== "confirm") {
    return yield* new NotFound({ entity: "link", id: "token" })
  }
  const appointment = yield* (yield* AppointmentRepository).get(token.businessId, token.appointmentId)
  const customer =
    appointment.customerId === null
      ? null
      : yield* (yield* CustomerRepository).get(token.businessId, appointment.customerId)
  return { token, appointment, customer }
})

const customerActor = (customer: Customer | null): Actor => ({
  _tag: "customer",
  customerId: customer?.id ?? null,
  name: customer === null ? "Customer" : customerName(customer)
})

/** The manage page: the appointment, its business, and what the customer may do now. */
export const getManagePage = Effect.fn("getManagePage")(function* (raw: string) {
  const { appointment, customer } = yield* resolveCustomerLink(raw)
  const business = yield* (yield* BusinessRepository).get(appointment.businessId)
  const now = yield* DateTime.now
  return { appointment, business, customer, allowed: allowedActions(appointment, now) }
})

export const confirmByClient = Effect.fn("confirmByClient")(function* (raw: string) {
  const { token, customer } = yield* resolveCustomerLink(raw)
  return yield* changeAppointment({
    businessId: token.businessId,
    appointmentId: token.appointmentId,
    actor: customerActor(customer),
    commandFor: () => Effect.succeed({ _tag: "Confirm" } as const)
  })
})

/**
 * Cancel through the link. The customer types the booking's email address; a wrong one is
 * refused (422 email_mismatch). Attempt limiting is the HTTP adapter's job.
 */
export const cancelByClient = Effect.fn("cancelByClient")(function* (raw: string, input: ClientCancelInput) {
  const { token, customer } = yield* resolveCustomerLink(raw)
  if (!bookingEmailMatches(customer?.email ?? null, input.email)) {
    return yield* new PolicyViolation({
      reason: "email_mismatch",
      message: "This email address is not the one of the booking."
    })
  }
  return yield* changeAppointment({
    businessId: token.businessId,
    appointmentId: token.appointmentId,
    actor: customerActor(customer),
    commandFor: () => Effect.succeed({ _tag: "Cancel", message: null, notify: notifyOf({}) } as const)
  })
})

const MAX_AVAILABILITY_DAYS = 93

/** The availability query for moving `appointment`: same services, same staff and resources. */
const rescheduleQuery = Effect.fnUntraced(function* (
  appointment: Appointment,
  from: DateTime.Utc,
  to: DateTime.Utc
) {
  const ctx = yield* loadBookingContext({
    businessId: appointment.businessId,
    serviceIds: appointment.items.map((i) => i.serviceId),
    from,
    to
  })
  const now = yield* DateTime.now
  return {
    query: {
      timezone: ctx.business.timezone,
      rules: appointment.rulesSnapshot,
      services: ctx.services,
      staff: ctx.staff,
      resources: ctx.resources,
      appointments: ctx.appointments,
      now,
      excludeAppointmentId: appointment.id
    },
    requested: appointment.items.map((i) => ({
      staffId: i.staffId as string,
      resourceId: i.resourceId === null ? undefined : (i.resourceId as string)
    }))
  }
})

/** Times the customer may move to: the availability of the same services with the same staff. */
export const clientAvailability = Effect.fn("clientAvailability")(function* (
  raw: string,
  input: ClientAvailabilityInput
) {
  const { appointment } = yield* resolveCustomerLink(raw)
  const days = epochDayOf(input.to) - epochDayOf(input.from)
  if (days < 0 || days >= MAX_AVAILABILITY_DAYS) {
    return yield* new ValidationFailed({
      message: `Ask for 1 to ${MAX_AVAILABILITY_DAYS} days.`,
      errors: [{ path: "to", message: `Ask for 1 to ${MAX_AVAILABILITY_DAYS} days.` }]
    })
  }
  const business = yield* (yield* BusinessRepository).get(appointment.businessId)
  const { query } = yield* rescheduleQuery(
    appointment,
    toInstant(input.from, 0, business.timezone),
    toInstant(addDays(input.to, 1), 0, business.timezone)
  )
  const staffId = appointment.items[0]!.staffId
  const slots = findSlots({ ...query, staffId, from: input.from, to: input.to })
  return { timezone: business.timezone, slots }
})

export const rescheduleByClient = Effect.fn("rescheduleByClient")(function* (
  raw: string,
  input: ClientRescheduleInput
) {
  const { token, customer } = yield* resolveCustomerLink(raw)
  return yield* changeAppointment({
    businessId: token.businessId,
    appointmentId: token.appointmentId,
    actor: customerActor(customer),
    commandFor: (appointment) =>
      Effect.gen(function* () {
        // The self-service rules answer first: a customer who may not move the appointment online
        // learns that, whatever the time asked for.
        const refusal = clientRescheduleRefusal(appointment, yield* DateTime.now)
        if (refusal !== null) {
          return yield* new PolicyViolation({
            reason: refusal,
            message: selfServiceMessages[refusal] ?? "Not allowed."
          })
        }
        const { query, requested } = yield* rescheduleQuery(
          appointment,
          DateTime.min(appointment.start, input.start),
          DateTime.add(DateTime.max(appointment.end, input.start), { days: 1 })
        )
        const slot = checkSlot(query, input.start, requested)
        if (Result.isFailure(slot)) return yield* slotRefusalError(slot.failure)
        const items = appointment.items.map((item, i) => {
          const slotItem = slot.success.items[i]!
          return { ...item, start: slotItem.start, end: slotItem.end }
        })
        // A stored appointment has items (its schema says so): an empty list is a defect.
        if (!Arr.isReadonlyArrayNonEmpty(items)) return yield* Effect.die("An appointment without items")
        return { _tag: "Reschedule", items, notify: notifyOf({}) } as const
      })
  })
})

/** A staff member's email link: approve or reject with one click (the GET only shows). */
export const StaffLinkInput = Schema.Struct({
  action: Schema.Literals(["approve", "reject"]),
  reason: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(2000)))
})
export type StaffLinkInput = typeof StaffLinkInput.Type

const resolveStaffLink = Effect.fnUntraced(function* (raw: string) {
  const token: ActionToken = yield* (yield* Tokens).resolve(raw)
  if (token.purpose !== "staff_action" || token.staffId === null) {
    return yield* new NotFound({ entity: "link", id: "token" })
  }
  const appointment = yield* (yield* AppointmentRepository).get(token.businessId, token.appointmentId)
  return { token, appointment, staffId: token.staffId }
})

export const getStaffLinkPage = Effect.fn("getStaffLinkPage")(function* (raw: string) {
  const { appointment } = yield* resolveStaffLink(raw)
  const business = yield* (yield* BusinessRepository).get(appointment.businessId)
  return { appointment, business }
})

export const actOnStaffLink = Effect.fn("actOnStaffLink")(function* (raw: string, input: StaffLinkInput) {
  const { token, appointment, staffId } = yield* resolveStaffLink(raw)
  const member = yield* (yield* StaffRepository).get(appointment.businessId, staffId)
  const actor: Actor = { _tag: "staff_link", staffId: member.id, name: member.name }
  return yield* changeAppointment({
    businessId: token.businessId,
    appointmentId: token.appointmentId,
    actor,
    commandFor: () =>
      Effect.succeed(
        input.action === "approve"
          ? ({ _tag: "Approve" } as const)
          : ({ _tag: "Reject", reason: input.reason ?? null, notify: notifyOf({}) } as const)
      )
  })
})
