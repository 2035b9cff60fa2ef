/**
 * The outbox: every message (email, SMS, webhook delivery) is written here in the same
 * transaction as the change that caused it, with the time it may be sent (reminders and
 * follow-ups wait), then claimed and delivered by a worker. A claimed message is invisible to
 * other workers until it is released, so it is sent once.
 *
 * A notification is written as its intent (what happened, to whom, with which links) and
 * rendered by the worker when it is first due, with the business's templates as they are then;
 * those words are kept with it and every attempt sends them. A webhook delivery is written with
 * its body.
 */
import { Context, type DateTime, type Effect, Schema } from "effect"
import { NotificationIntent } from "../domain/NotificationPlan.js"
import type { RenderedMessage } from "./MessageRenderer.js"
import type { PersistenceError } from "./Repositories.js"
import type { IssuedToken } from "./Tokens.js"

export const OutboxChannel = Schema.Literals(["email", "sms", "webhook"])
export type OutboxChannel = typeof OutboxChannel.Type

export const OutboxStatus = Schema.Literals(["pending", "sent", "failed", "dropped"])
export type OutboxStatus = typeof OutboxStatus.Type

export const Attachment = Schema.Struct({
  filename: Schema.String,
  /** With its parameters, e.g. `text/calendar; charset=utf-8; method=REQUEST`. */
  contentType: Schema.String,
  /** The file's bytes in base64 (what email providers take), whatever its type. */
  content: Schema.String
})
export type Attachment = typeof Attachment.Type

export const OutboxMessage = Schema.Struct({
  id: Schema.String,
  businessId: Schema.String,
  appointmentId: Schema.NullOr(Schema.String),
  seriesId: Schema.NullOr(Schema.String),
  channel: OutboxChannel,
  recipientRole: Schema.NullOr(Schema.Literals(["customer", "staff"])),
  /** Email address, phone number or webhook URL. */
  to: Schema.String,
  /** Notification event key (`confirmed`, `reminder`, …) or webhook event (`appointment.created`). */
  event: Schema.String,
  /** What the notification says, rendered at delivery: null until it is (a webhook: its event). */
  subject: Schema.NullOr(Schema.String),
  /** The plain text (a webhook: its JSON body); null until rendered. */
  text: Schema.NullOr(Schema.String),
  html: Schema.NullOr(Schema.String),
  links: Schema.Record(Schema.String, Schema.String),
  attachments: Schema.Array(Attachment),
  /** For a notification: what to render when it is sent. Null for a webhook delivery. */
  intent: Schema.NullOr(NotificationIntent),
  /** For webhooks: the endpoint whose secret signs the body. */
  webhookId: Schema.NullOr(Schema.String),
  sendAfter: Schema.DateTimeUtc,
  status: OutboxStatus,
  attempts: Schema.Int,
  lastError: Schema.NullOr(Schema.String),
  sentAt: Schema.NullOr(Schema.DateTimeUtc),
  createdAt: Schema.DateTimeUtc
})
export type OutboxMessage = typeof OutboxMessage.Type

/** A message as it leaves: its words written (a notification rendered). What transports send. */
export interface OutboundMessage extends Omit<OutboxMessage, "subject" | "text"> {
  readonly subject: string
  readonly text: string
}

export interface OutboxFilter {
  readonly appointmentId?: string
  readonly status?: OutboxStatus
  readonly limit?: number
}

export class Outbox extends Context.Service<
  Outbox,
  {
    /**
     * Write messages, with the action tokens their links carry (stored as `Tokens.issue` stores
     * them, so that `Tokens.resolve` finds them): one write for a database adapter.
     */
    readonly enqueue: (
      messages: ReadonlyArray<OutboxMessage>,
      tokens?: ReadonlyArray<IssuedToken>
    ) => Effect.Effect<void, PersistenceError>
    /** Mark the pending, not yet sent messages of an appointment with these events as dropped. */
    readonly dropPending: (
      appointmentId: string,
      events: ReadonlyArray<string>
    ) => Effect.Effect<void, PersistenceError>
    readonly list: (
      businessId: string,
      filter: OutboxFilter
    ) => Effect.Effect<ReadonlyArray<OutboxMessage>, PersistenceError>
    /**
     * Claim up to `limit` pending messages due at `now`, for `leaseMillis`: until then no other
     * claim returns them (FOR UPDATE SKIP LOCKED on PostgreSQL).
     */
    readonly claimDue: (
      now: DateTime.Utc,
      limit: number,
      leaseMillis: number
    ) => Effect.Effect<ReadonlyArray<OutboxMessage>, PersistenceError>
    /**
     * Keep the words a claimed notification was rendered into, before it is sent: every attempt
     * then sends the same words (a provider refuses an idempotency key reused with other words).
     */
    readonly markRendered: (id: string, rendered: RenderedMessage) => Effect.Effect<void, PersistenceError>
    readonly markSent: (id: string, at: DateTime.Utc) => Effect.Effect<void, PersistenceError>
    /** A claimed message will not be sent (no longer true when it came due): mark it dropped. */
    readonly markDropped: (id: string) => Effect.Effect<void, PersistenceError>
    /** Record a failed attempt: retry at `retryAt`, or give up (`failed`) when it is null. */
    readonly markAttemptFailed: (
      id: string,
      error: string,
      retryAt: DateTime.Utc | null
    ) => Effect.Effect<void, PersistenceError>
  }
>()("@creneau/core/ports/Outbox") {}
