/**
 * One visit: 1 to 5 service items performed back to back, each with its staff member and
 * resource; a status with its pending reason and no-show flag; payment; the booking rules
 * snapshot; its history. `version` increases with every change (optimistic concurrency).
 */
import { Schema } from "effect"
import { ActorRef } from "./Actor.js"
import { BookingRulesSnapshot } from "./BookingRules.js"
import { AppointmentId, BusinessId, CustomerId, ResourceId, SeriesId, ServiceId, StaffId } from "./Ids.js"
import { Money } from "./Money.js"

export const AppointmentStatus = Schema.Literals([
  "pending",
  "approved",
  "rescheduled",
  "cancelled",
  "rejected",
  "completed"
])
export type AppointmentStatus = typeof AppointmentStatus.Type

export const PendingReason = Schema.Literals(["staff_approval", "client_confirmation"])
export type PendingReason = typeof PendingReason.Type

export const ACTIVE_STATUSES: ReadonlyArray<AppointmentStatus> = ["pending", "approved", "rescheduled"]
export const isActiveStatus = (status: AppointmentStatus): boolean =>
  status === "pending" || status === "approved" || status === "rescheduled"

/** Whether the appointment was called off: cancelled or rejected (it holds no time, and is not announced). */
export const isCalledOffStatus = (status: AppointmentStatus): boolean =>
  status === "cancelled" || status === "rejected"

export const MAX_ITEMS = 5

export const AppointmentItem = Schema.Struct({
  serviceId: ServiceId,
  serviceName: Schema.String,
  staffId: StaffId,
  resourceId: Schema.NullOr(ResourceId),
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc,
  price: Money,
  bufferBeforeMinutes: Schema.Int,
  bufferAfterMinutes: Schema.Int
})
export type AppointmentItem = typeof AppointmentItem.Type

export const PaymentMethod = Schema.Literals(["on_site", "cash", "card", "online", "bank_transfer"])
export type PaymentMethod = typeof PaymentMethod.Type
export const PaymentStatus = Schema.Literals(["unpaid", "deposit_paid", "paid"])
export type PaymentStatus = typeof PaymentStatus.Type
export const InstrumentKind = Schema.Literals(["coupon", "package", "membership"])
export type InstrumentKind = typeof InstrumentKind.Type

export const Payment = Schema.Struct({
  method: PaymentMethod,
  amountRequested: Schema.NullOr(Money),
  status: PaymentStatus,
  instrument: Schema.NullOr(
    Schema.Struct({ kind: InstrumentKind, reference: Schema.String.check(Schema.isMaxLength(200)) })
  )
})
export type Payment = typeof Payment.Type

export const defaultPayment: Payment = {
  method: "on_site",
  amountRequested: null,
  status: "unpaid",
  instrument: null
}

export const Answers = Schema.Record(Schema.String, Schema.Union([Schema.String, Schema.Boolean]))
export type Answers = typeof Answers.Type

export const HistoryEntry = Schema.Struct({
  at: Schema.DateTimeUtc,
  actor: ActorRef,
  type: Schema.String,
  data: Schema.Record(Schema.String, Schema.Unknown)
})
export type HistoryEntry = typeof HistoryEntry.Type

export const BookingSource = Schema.Literals(["business", "online"])
export type BookingSource = typeof BookingSource.Type

export const Appointment = Schema.Struct({
  id: AppointmentId,
  businessId: BusinessId,
  status: AppointmentStatus,
  pendingReason: Schema.NullOr(PendingReason),
  noShow: Schema.Boolean,
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc,
  items: Schema.Array(AppointmentItem).check(Schema.isMinLength(1), Schema.isMaxLength(MAX_ITEMS)),
  customerId: Schema.NullOr(CustomerId),
  source: BookingSource,
  requestedByClient: Schema.Boolean,
  customerRequest: Schema.NullOr(Schema.String),
  quickNote: Schema.NullOr(Schema.String),
  appointmentNotes: Schema.NullOr(Schema.String),
  answers: Answers,
  payment: Payment,
  rulesSnapshot: BookingRulesSnapshot,
  seriesId: Schema.NullOr(SeriesId),
  cancellationMessage: Schema.NullOr(Schema.String),
  rejectionReason: Schema.NullOr(Schema.String),
  version: Schema.Int,
  createdAt: Schema.DateTimeUtc,
  createdBy: ActorRef,
  updatedAt: Schema.DateTimeUtc,
  updatedBy: ActorRef,
  history: Schema.Array(HistoryEntry)
})
export type Appointment = typeof Appointment.Type

/** Staff members who perform at least one item of the appointment. */
export const staffOf = (a: Pick<Appointment, "items">): ReadonlyArray<string> => [
  ...new Set(a.items.map((i) => i.staffId))
]

/** Total duration in minutes, buffers excluded. */
export const totalDurationMinutes = (a: Pick<Appointment, "start" | "end">): number =>
  Math.round((a.end.epochMilliseconds - a.start.epochMilliseconds) / 60_000)
