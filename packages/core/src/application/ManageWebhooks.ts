/** Webhook endpoints: register (HTTPS only, with a signing secret shown once), list, remove. */
import { DateTime, Effect, Schema } from "effect"
import { webhookEventName } from "../domain/DomainEvent.js"
import { Ids } from "../ports/Ids.js"
import { type WebhookEndpoint, WebhookRepository } from "../ports/Webhooks.js"

const eventNames = Object.values(webhookEventName)

export const RegisterWebhookInput = Schema.Struct({
  url: Schema.String.check(
    Schema.isMaxLength(2000),
    Schema.isPattern(/^https:\/\/[^\s/]+(\/\S*)?$/u, { message: "Expected an https:// URL" })
  ),
  events: Schema.optionalKey(Schema.Array(Schema.Literals(eventNames as [string, ...Array<string>])))
})
export type RegisterWebhookInput = typeof RegisterWebhookInput.Type

export const registerWebhook = Effect.fn("registerWebhook")(function* (
  businessId: string,
  input: RegisterWebhookInput
) {
  const ids = yield* Ids
  const endpoint: WebhookEndpoint = {
    id: yield* ids.make("webhook"),
    businessId,
    url: input.url,
    events: input.events ?? [],
    secret: `whsec_${yield* ids.secret}`,
    createdAt: yield* DateTime.now
  }
  yield* (yield* WebhookRepository).insert(endpoint)
  return endpoint
})

export const listWebhooks = Effect.fn("listWebhooks")(function* (businessId: string) {
  return yield* (yield* WebhookRepository).list(businessId)
})

export const removeWebhook = Effect.fn("removeWebhook")(function* (businessId: string, id: string) {
  yield* (yield* WebhookRepository).remove(businessId, id)
})
