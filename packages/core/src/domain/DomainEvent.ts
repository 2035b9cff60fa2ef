/**
 * What happened to an appointment, as the lifecycle reports it. Each event carries the
 * appointment as it is after the change, and the notify choices of the business user who acted.
 * Notifications, webhooks and reminders are planned from these events.
 */
import { Schema } from "effect"
import { ActorRef } from "./Actor.js"
import { Appointment } from "./Appointment.js"

export const Notify = Schema.Struct({ customer: Schema.Boolean, staff: Schema.Boolean })
export type Notify = typeof Notify.Type
export const notifyAll: Notify = { customer: true, staff: true }

const base = {
  appointment: Appointment,
  actor: ActorRef,
  at: Schema.DateTimeUtc,
  notify: Notify
}

export const AppointmentCreated = Schema.TaggedStruct("AppointmentCreated", base)
export const AppointmentApproved = Schema.TaggedStruct("AppointmentApproved", base)
export const AppointmentRejected = Schema.TaggedStruct("AppointmentRejected", {
  ...base,
  reason: Schema.NullOr(Schema.String)
})
export const AppointmentCancelled = Schema.TaggedStruct("AppointmentCancelled", {
  ...base,
  message: Schema.NullOr(Schema.String)
})
export const AppointmentRescheduled = Schema.TaggedStruct("AppointmentRescheduled", {
  ...base,
  previousStart: Schema.DateTimeUtc,
  previousEnd: Schema.DateTimeUtc
})
export const AppointmentCompleted = Schema.TaggedStruct("AppointmentCompleted", base)
export const NoShowMarked = Schema.TaggedStruct("NoShowMarked", {
  ...base,
  noShow: Schema.Boolean,
  sendMissedEmail: Schema.Boolean
})

export const DomainEvent = Schema.Union([
  AppointmentCreated,
  AppointmentApproved,
  AppointmentRejected,
  AppointmentCancelled,
  AppointmentRescheduled,
  AppointmentCompleted,
  NoShowMarked
])
export type DomainEvent = typeof DomainEvent.Type
export type DomainEventTag = DomainEvent["_tag"]

/** Stable names used by webhooks. */
export const webhookEventName: Record<DomainEventTag, string> = {
  AppointmentCreated: "appointment.created",
  AppointmentApproved: "appointment.approved",
  AppointmentRejected: "appointment.rejected",
  AppointmentCancelled: "appointment.cancelled",
  AppointmentRescheduled: "appointment.rescheduled",
  AppointmentCompleted: "appointment.completed",
  NoShowMarked: "appointment.no_show"
}
