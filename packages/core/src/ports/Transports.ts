/**
 * Where messages leave the system: email, SMS and webhook transports. Each receives the outbox
 * message with its words written (its id is the provider's idempotency key) and fails with a DeliveryError to be retried.
 */
import { Context, type Effect, Schema } from "effect"
import type { OutboundMessage } from "./Outbox.js"

export class DeliveryError extends Schema.TaggedError<DeliveryError>()("DeliveryError", {
  message: Schema.String,
  /** False when retrying cannot help (an invalid address): the message fails at once. */
  retryable: Schema.Boolean
}) {}

export class EmailTransport extends Context.Service<
  EmailTransport,
  { readonly send: (message: OutboundMessage) => Effect.Effect<void, DeliveryError> }
>()("@creneau/core/ports/EmailTransport") {}

export class SmsTransport extends Context.Service<
  SmsTransport,
  { readonly send: (message: OutboundMessage) => Effect.Effect<void, DeliveryError> }
>()("@creneau/core/ports/SmsTransport") {}

export class WebhookTransport extends Context.Service<
  WebhookTransport,
  { readonly send: (message: OutboundMessage) => Effect.Effect<void, DeliveryError> }
>()("@creneau/core/ports/WebhookTransport") {}
