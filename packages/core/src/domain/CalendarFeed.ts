/**
 * A staff member's calendar subscription feed: who may see or renew it, which appointments it
 * holds, and what span of time it covers.
 */
import { DateTime } from "effect"
import type { Actor } from "./Actor.js"
import type { Appointment } from "./Appointment.js"
import { mayManageBusiness } from "./Policies.js"

/** Owners and admins, for any staff member; a staff user, for their own staff member only. */
export const mayUseCalendarFeed = (actor: Actor, staffId: string): boolean =>
  mayManageBusiness(actor) || (actor._tag === "user" && actor.role === "staff" && actor.staffId === staffId)

/** The feed covers 30 days back (what just happened) and 180 days ahead. */
export const calendarFeedWindow = (
  now: DateTime.Utc
): { readonly from: DateTime.Utc; readonly to: DateTime.Utc } => ({
  from: DateTime.subtract(now, { days: 30 }),
  to: DateTime.add(now, { days: 180 })
})

/**
 * Whether an appointment is in a staff member's feed: one of its items is theirs and it still takes
 * place (pending, approved, rescheduled or completed). A cancelled or rejected one leaves the feed,
 * so that a subscribed calendar drops it.
 */
export const inCalendarFeed = (appointment: Appointment, staffId: string): boolean =>
  appointment.status !== "cancelled" &&
  appointment.status !== "rejected" &&
  appointment.items.some((i) => i.staffId === staffId)
