/**
 * Transports that record what they are given instead of sending it, and can be told to fail:
 * what tests assert deliveries against.
 */
import { Context, Effect, Layer } from "effect"
import type { OutboundMessage } from "../ports/Outbox.js"
import { DeliveryError, EmailTransport, SmsTransport, WebhookTransport } from "../ports/Transports.js"

export class RecordedDeliveries extends Context.Service<
  RecordedDeliveries,
  {
    readonly sent: Array<OutboundMessage>
    /** How many of the next sends fail (retryably). */
    failNext: number
  }
>()("@creneau/core/testing/RecordedDeliveries") {
  static readonly layer = Layer.sync(RecordedDeliveries, () =>
    RecordedDeliveries.of({ sent: [], failNext: 0 })
  )
}

const recorder = Effect.gen(function* () {
  const log = yield* RecordedDeliveries
  return {
    send: (message: OutboundMessage) =>
      Effect.suspend(() => {
        if (log.failNext > 0) {
          log.failNext--
          return Effect.fail(new DeliveryError({ message: "provider unavailable", retryable: true }))
        }
        log.sent.push(message)
        return Effect.void
      })
  }
})

export const layerRecordingTransports = Layer.mergeAll(
  Layer.effect(EmailTransport, recorder),
  Layer.effect(SmsTransport, recorder),
  Layer.effect(WebhookTransport, recorder)
).pipe(Layer.provideMerge(RecordedDeliveries.layer))
