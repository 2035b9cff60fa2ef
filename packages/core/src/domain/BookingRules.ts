/**
 * Booking rules: the policy that governs an appointment. A business sets defaults, a service may
 * override some of them, and the effective rules are copied into the appointment at creation
 * (the snapshot). Every later decision about that appointment reads the snapshot.
 */
import { Schema } from "effect"

const Minutes = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 525_600 }))

export const ApprovalMode = Schema.Literals(["auto", "manual"])
export type ApprovalMode = typeof ApprovalMode.Type

export const ClientChangeRule = Schema.Struct({
  enabled: Schema.Boolean,
  minNoticeMinutes: Minutes
})
export type ClientChangeRule = typeof ClientChangeRule.Type

export const BookingRules = Schema.Struct({
  approvalMode: ApprovalMode,
  minBookingNoticeMinutes: Minutes,
  maxAdvanceDays: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 3650 })),
  slotIntervalMinutes: Schema.Int.check(Schema.isBetween({ minimum: 5, maximum: 720 })),
  clientCancel: ClientChangeRule,
  clientReschedule: ClientChangeRule,
  preferredStaffSelection: Schema.Boolean,
  /** Online bookings from customers with at least this many no-shows need approval (null: off). */
  noShowApprovalThreshold: Schema.NullOr(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 })))
})
export type BookingRules = typeof BookingRules.Type

/** The rules copied into an appointment when it is created. */
export const BookingRulesSnapshot = BookingRules.pipe(Schema.brand("@creneau/BookingRulesSnapshot"))
export type BookingRulesSnapshot = typeof BookingRulesSnapshot.Type

/** What a service may override (any subset, nested objects merged key by key). */
export const BookingRulesOverride = Schema.Struct({
  approvalMode: Schema.optionalKey(ApprovalMode),
  minBookingNoticeMinutes: Schema.optionalKey(Minutes),
  maxAdvanceDays: Schema.optionalKey(BookingRules.fields.maxAdvanceDays),
  slotIntervalMinutes: Schema.optionalKey(BookingRules.fields.slotIntervalMinutes),
  clientCancel: Schema.optionalKey(
    Schema.Struct({
      enabled: Schema.optionalKey(Schema.Boolean),
      minNoticeMinutes: Schema.optionalKey(Minutes)
    })
  ),
  clientReschedule: Schema.optionalKey(
    Schema.Struct({
      enabled: Schema.optionalKey(Schema.Boolean),
      minNoticeMinutes: Schema.optionalKey(Minutes)
    })
  )
})
export type BookingRulesOverride = typeof BookingRulesOverride.Type

export const defaultBookingRules: BookingRules = {
  approvalMode: "auto",
  minBookingNoticeMinutes: 60,
  maxAdvanceDays: 90,
  slotIntervalMinutes: 15,
  clientCancel: { enabled: true, minNoticeMinutes: 24 * 60 },
  clientReschedule: { enabled: true, minNoticeMinutes: 24 * 60 },
  preferredStaffSelection: false,
  noShowApprovalThreshold: null
}

const applyOverride = (rules: BookingRules, o: BookingRulesOverride): BookingRules => ({
  ...rules,
  ...(o.approvalMode !== undefined && { approvalMode: o.approvalMode }),
  ...(o.minBookingNoticeMinutes !== undefined && { minBookingNoticeMinutes: o.minBookingNoticeMinutes }),
  ...(o.maxAdvanceDays !== undefined && { maxAdvanceDays: o.maxAdvanceDays }),
  ...(o.slotIntervalMinutes !== undefined && { slotIntervalMinutes: o.slotIntervalMinutes }),
  clientCancel: { ...rules.clientCancel, ...o.clientCancel },
  clientReschedule: { ...rules.clientReschedule, ...o.clientReschedule }
})

/** The stricter of two rule sets, used when an appointment combines several services. */
const strictest = (a: BookingRules, b: BookingRules): BookingRules => ({
  approvalMode: a.approvalMode === "manual" || b.approvalMode === "manual" ? "manual" : "auto",
  minBookingNoticeMinutes: Math.max(a.minBookingNoticeMinutes, b.minBookingNoticeMinutes),
  maxAdvanceDays: Math.min(a.maxAdvanceDays, b.maxAdvanceDays),
  slotIntervalMinutes: a.slotIntervalMinutes,
  clientCancel: {
    enabled: a.clientCancel.enabled && b.clientCancel.enabled,
    minNoticeMinutes: Math.max(a.clientCancel.minNoticeMinutes, b.clientCancel.minNoticeMinutes)
  },
  clientReschedule: {
    enabled: a.clientReschedule.enabled && b.clientReschedule.enabled,
    minNoticeMinutes: Math.max(a.clientReschedule.minNoticeMinutes, b.clientReschedule.minNoticeMinutes)
  },
  preferredStaffSelection: a.preferredStaffSelection,
  noShowApprovalThreshold: a.noShowApprovalThreshold
})

/**
 * The effective rules for an appointment: the business defaults overridden by each service's
 * overrides; with several services, the strictest of each (any manual approval wins, the longest
 * notice, the shortest advance, self-service only if every service allows it). The slot interval
 * is the first service's.
 */
export const effectiveRules = (
  business: BookingRules,
  serviceOverrides: ReadonlyArray<BookingRulesOverride | undefined>
): BookingRulesSnapshot => {
  const perService = serviceOverrides.map((o) => (o === undefined ? business : applyOverride(business, o)))
  const [first, ...rest] = perService
  const merged = first === undefined ? business : rest.reduce(strictest, first)
  return merged as BookingRulesSnapshot
}
