/**
 * The appointment's status as the customer pages name it: a pending appointment is either
 * awaiting the business's approval or awaiting the customer's confirmation; cancelled, rejected
 * and completed are final, and links then only show what happened.
 */
import type { PublicAppointment } from "./types"

export type ShownStatus =
  | "pending_staff_approval"
  | "pending_client_confirmation"
  | "approved"
  | "rescheduled"
  | "cancelled"
  | "rejected"
  | "completed"

export const shownStatus = (appointment: Pick<PublicAppointment, "status" | "pendingReason">): ShownStatus =>
  appointment.status === "pending"
    ? appointment.pendingReason === "client_confirmation"
      ? "pending_client_confirmation"
      : "pending_staff_approval"
    : appointment.status

/** Cancelled, rejected and completed appointments cannot change any more. */
export const isFinal = (appointment: Pick<PublicAppointment, "status">): boolean =>
  appointment.status === "cancelled" ||
  appointment.status === "rejected" ||
  appointment.status === "completed"

/** The tone of a status badge. */
export const statusTone = (status: ShownStatus): "success" | "warning" | "danger" | "neutral" => {
  switch (status) {
    case "approved":
    case "rescheduled":
      return "success"
    case "pending_staff_approval":
    case "pending_client_confirmation":
      return "warning"
    case "cancelled":
    case "rejected":
      return "danger"
    case "completed":
      return "neutral"
  }
}
