/**
 * Expected failures of the domain and its use cases. Each carries what a user needs to
 * understand it; the HTTP adapter maps each tag to a status and a stable problem code in one place.
 */
import { Schema } from "effect"

/** The command is not allowed from the appointment's current status (409 invalid_transition). */
export class InvalidTransition extends Schema.TaggedError<InvalidTransition>()("InvalidTransition", {
  appointmentId: Schema.String,
  status: Schema.String,
  command: Schema.String,
  message: Schema.String
}) {}

/** A conflicting occurrence of a recurring booking. */
export const ConflictingOccurrence = Schema.Struct({
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc
})
export type ConflictingOccurrence = typeof ConflictingOccurrence.Type

/** The time is taken: a staff member would overlap or a resource would exceed its capacity (409). */
export class SlotUnavailable extends Schema.TaggedError<SlotUnavailable>()("SlotUnavailable", {
  message: Schema.String,
  conflicts: Schema.Array(ConflictingOccurrence)
}) {}

export const PolicyReason = Schema.Literals([
  "client_cancel_disabled",
  "client_reschedule_disabled",
  "notice_too_short",
  "manual_approval",
  "instrument_restricted",
  "not_active",
  "email_mismatch",
  "recurring_prepayment",
  "too_many_items",
  "outside_working_hours",
  "past_start",
  "too_far_ahead",
  "booking_notice",
  "off_interval",
  "staff_not_assigned",
  "resource_required",
  "resource_not_allowed",
  "service_inactive",
  "staff_inactive",
  "missing_answers",
  "preferred_staff_disabled",
  "not_ended",
  "not_started",
  "recurrence_limit",
  "customer_required",
  "currency_mismatch"
])
export type PolicyReason = typeof PolicyReason.Type

/** A business rule refuses the request (422 policy_violation with `reason`). */
export class PolicyViolation extends Schema.TaggedError<PolicyViolation>()("PolicyViolation", {
  reason: PolicyReason,
  message: Schema.String
}) {}

/** Missing, unknown, revoked or expired credentials (401). */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  message: Schema.String
}) {}

/** The actor may not do this (403). */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  message: Schema.String
}) {}

/** Unknown id, or an id of another business (404). */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  entity: Schema.String,
  id: Schema.String
}) {}

/** The appointment changed since the caller read it (409 version_conflict). */
export class VersionConflict extends Schema.TaggedError<VersionConflict>()("VersionConflict", {
  entity: Schema.String,
  id: Schema.String,
  expected: Schema.Int,
  actual: Schema.Int
}) {}

/** The idempotency key was used before with another request (409 idempotency_conflict). */
export class IdempotencyConflict extends Schema.TaggedError<IdempotencyConflict>()("IdempotencyConflict", {
  key: Schema.String
}) {}

export const FieldError = Schema.Struct({ path: Schema.String, message: Schema.String })
export type FieldError = typeof FieldError.Type

/** Input that is well-formed but wrong for this business (400 validation_failed). */
export class ValidationFailed extends Schema.TaggedError<ValidationFailed>()("ValidationFailed", {
  message: Schema.String,
  errors: Schema.Array(FieldError)
}) {}
