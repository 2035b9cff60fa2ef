/**
 * Staff members' calendar subscription feeds: one per staff member at most, behind an
 * unguessable token (at least 128 bits) that a calendar app polls without signing in. A database
 * adapter stores only a hash of the token; issuing a new one revokes the previous one.
 */
import { Context, type Effect, type Option, Schema } from "effect"
import type { NotFound } from "../domain/Errors.js"
import type { PersistenceError } from "./Repositories.js"

export const CalendarFeed = Schema.Struct({
  businessId: Schema.String,
  staffId: Schema.String,
  createdAt: Schema.DateTimeUtc
})
export type CalendarFeed = typeof CalendarFeed.Type

export class CalendarFeedRepository extends Context.Service<
  CalendarFeedRepository,
  {
    /** A new token for the staff member's feed (the raw token, one URL path segment); the previous one stops working. */
    readonly issue: (feed: CalendarFeed) => Effect.Effect<string, PersistenceError>
    readonly find: (
      businessId: string,
      staffId: string
    ) => Effect.Effect<Option.Option<CalendarFeed>, PersistenceError>
    readonly resolve: (raw: string) => Effect.Effect<CalendarFeed, NotFound | PersistenceError>
    /** Whether there was a feed to revoke. */
    readonly revoke: (businessId: string, staffId: string) => Effect.Effect<boolean, PersistenceError>
  }
>()("@creneau/core/ports/CalendarFeedRepository") {}
