/**
 * Reading the API's refusals on the customer pages: the per-field messages of a validation
 * failure, whether a refusal means "pick another time", and the translation of a refusal reason
 * (`notice_too_short`, `email_mismatch`, ...), so that the customer reads why, in their language.
 */
import { isApiError } from "../../api"

/** The refusal reasons the customer pages explain in their own words (`public.reasons.<reason>`). */
export const explainedReasons = [
  "not_active",
  "client_cancel_disabled",
  "client_reschedule_disabled",
  "notice_too_short",
  "manual_approval",
  "instrument_restricted",
  "email_mismatch",
  "booking_notice",
  "too_far_ahead",
  "outside_working_hours",
  "off_interval",
  "staff_not_assigned",
  "service_inactive",
  "staff_inactive",
  "too_many_items",
  "missing_answers",
  "preferred_staff_disabled",
  "invalid_transition",
  "forbidden"
] as const
export type ExplainedReason = (typeof explainedReasons)[number]

export const isExplainedReason = (reason: unknown): reason is ExplainedReason =>
  typeof reason === "string" && (explainedReasons as ReadonlyArray<string>).includes(reason)

// Refusals that mean the time chosen cannot be had (taken meanwhile, or no longer on offer):
// the customer is sent back to the times still free.
const slotReasons: ReadonlySet<string> = new Set([
  "booking_notice",
  "too_far_ahead",
  "outside_working_hours",
  "off_interval",
  "staff_not_assigned",
  "staff_inactive"
])

/** Whether the error says the chosen time is no longer available. */
export const isSlotRefusal = (error: unknown): boolean =>
  isApiError(error) &&
  (error.code === "slot_unavailable" ||
    (error.code === "policy_violation" && error.reason !== undefined && slotReasons.has(error.reason)))

/** The messages of a validation failure by field path (`customer.email`); the first per field. */
export const fieldMessages = (error: unknown): Readonly<Record<string, string>> => {
  if (!isApiError(error) || error.errors === undefined) return {}
  const messages: Record<string, string> = {}
  for (const { path, message } of error.errors) {
    if (path !== "" && messages[path] === undefined) messages[path] = message
  }
  return messages
}

/** The messages of a validation failure whose field is not among `shown` (shown in the page's alert). */
export const otherFieldMessages = (error: unknown, shown: ReadonlyArray<string>): ReadonlyArray<string> =>
  isApiError(error) && error.errors !== undefined
    ? error.errors
        .filter((e) => e.path === "" || !shown.includes(e.path))
        .map((e) => (e.path === "" ? e.message : `${e.path}: ${e.message}`))
    : []
