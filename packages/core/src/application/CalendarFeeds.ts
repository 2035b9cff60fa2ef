/**
 * Staff members' calendar subscription feeds: see whether one is active, issue one (its URL is
 * shown once; a new one revokes the previous), revoke it; and read a feed by its token — the
 * staff member's appointments of the feed's window, for a calendar app that polls it.
 */
import { DateTime, Effect, Option } from "effect"
import type { Actor } from "../domain/Actor.js"
import { calendarFeedWindow, inCalendarFeed, mayUseCalendarFeed } from "../domain/CalendarFeed.js"
import type { Customer } from "../domain/Customer.js"
import { Forbidden } from "../domain/Errors.js"
import { CalendarFeedRepository } from "../ports/CalendarFeeds.js"
import {
  AppointmentRepository,
  BusinessRepository,
  CustomerRepository,
  StaffRepository
} from "../ports/Repositories.js"
import { Links } from "../ports/Tokens.js"

export interface CalendarFeedTarget {
  readonly businessId: string
  readonly actor: Actor
  readonly staffId: string
}

/** The staff member of the business, if the actor may use their feed. */
const staffFor = Effect.fnUntraced(function* (target: CalendarFeedTarget) {
  const staff = yield* (yield* StaffRepository).get(target.businessId, target.staffId)
  if (!mayUseCalendarFeed(target.actor, staff.id)) {
    return yield* new Forbidden({
      message: "Only owners, admins and the staff member may use this calendar feed."
    })
  }
  return staff
})

/** Whether the staff member has a feed, and since when (its URL was shown when it was issued). */
export const getCalendarFeed = Effect.fn("getCalendarFeed")(function* (target: CalendarFeedTarget) {
  const staff = yield* staffFor(target)
  const feed = yield* (yield* CalendarFeedRepository).find(target.businessId, staff.id)
  return {
    active: Option.isSome(feed),
    createdAt: Option.match(feed, { onNone: () => null, onSome: (f) => f.createdAt })
  }
})

/** Issue the staff member's feed: its URL, shown this once. A feed issued before stops working. */
export const createCalendarFeed = Effect.fn("createCalendarFeed")(function* (target: CalendarFeedTarget) {
  const staff = yield* staffFor(target)
  const createdAt = yield* DateTime.now
  const token = yield* (yield* CalendarFeedRepository).issue({
    businessId: target.businessId,
    staffId: staff.id,
    createdAt
  })
  return { url: (yield* Links).calendarFeed(token), createdAt }
})

/** Revoke the staff member's feed (nothing to do when there is none). */
export const revokeCalendarFeed = Effect.fn("revokeCalendarFeed")(function* (target: CalendarFeedTarget) {
  const staff = yield* staffFor(target)
  yield* (yield* CalendarFeedRepository).revoke(target.businessId, staff.id)
})

/**
 * What the feed of `token` shows: the business, the staff member, and their appointments of the
 * window around now that still take place, with the clients. An unknown or revoked token, or a
 * staff member who is gone, is NotFound.
 */
export const readCalendarFeed = Effect.fn("readCalendarFeed")(function* (token: string) {
  const feed = yield* (yield* CalendarFeedRepository).resolve(token)
  const business = yield* (yield* BusinessRepository).get(feed.businessId)
  const staff = yield* (yield* StaffRepository).get(feed.businessId, feed.staffId)
  const { from, to } = calendarFeedWindow(yield* DateTime.now)
  const appointments = (yield* (yield* AppointmentRepository).list(feed.businessId, {
    from,
    to,
    staffId: staff.id
  })).filter((a) => inCalendarFeed(a, staff.id))
  const customerIds = [...new Set(appointments.flatMap((a) => (a.customerId === null ? [] : [a.customerId])))]
  const customerRepository = yield* CustomerRepository
  const customers = yield* Effect.forEach(
    customerIds,
    (id) =>
      customerRepository.get(feed.businessId, id).pipe(
        Effect.map(Option.some),
        Effect.catchTag("NotFound", () => Effect.succeed(Option.none<Customer>()))
      ),
    { concurrency: 8 }
  )
  return {
    business,
    staff,
    appointments,
    customers: customers.flatMap((c) => (Option.isSome(c) ? [c.value] : []))
  }
})
