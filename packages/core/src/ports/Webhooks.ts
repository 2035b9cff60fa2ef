/** Endpoints a business registered to receive its domain events. */
import { Context, type Effect, Schema } from "effect"
import type { NotFound } from "../domain/Errors.js"
import type { PersistenceError } from "./Repositories.js"

export const WebhookEndpoint = Schema.Struct({
  id: Schema.String,
  businessId: Schema.String,
  url: Schema.String,
  /** Webhook event names (`appointment.created`, …); empty means every event. */
  events: Schema.Array(Schema.String),
  secret: Schema.String,
  createdAt: Schema.DateTimeUtc
})
export type WebhookEndpoint = typeof WebhookEndpoint.Type

export class WebhookRepository extends Context.Service<
  WebhookRepository,
  {
    readonly list: (businessId: string) => Effect.Effect<ReadonlyArray<WebhookEndpoint>, PersistenceError>
    readonly get: (
      businessId: string,
      id: string
    ) => Effect.Effect<WebhookEndpoint, NotFound | PersistenceError>
    readonly insert: (endpoint: WebhookEndpoint) => Effect.Effect<void, PersistenceError>
    readonly remove: (businessId: string, id: string) => Effect.Effect<void, NotFound | PersistenceError>
  }
>()("@creneau/core/ports/WebhookRepository") {}
