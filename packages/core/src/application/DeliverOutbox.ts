/**
 * The worker's delivery round: claim the messages that are due, hand each to its transport,
 * record the outcome. A failure is retried with backoff until the attempts run out; nothing is
 * sent twice because a claimed message is leased to one worker and the transports pass the
 * outbox id as the provider's idempotency key.
 */
import { Context, DateTime, Effect, Random } from "effect"
import { defaultRetryPolicy, type RetryPolicy, retryDelayMillis } from "../domain/DeliveryPolicy.js"
import { Outbox, type OutboxMessage } from "../ports/Outbox.js"
import { EmailTransport, SmsTransport, WebhookTransport } from "../ports/Transports.js"

const LEASE_MS = 5 * 60_000

/** The backoff of failed deliveries; the default unless the application provides another. */
export const DeliveryRetryPolicy = Context.Reference<RetryPolicy>(
  "@creneau/core/application/DeliveryRetryPolicy",
  {
    defaultValue: () => defaultRetryPolicy
  }
)

const transportFor = (message: OutboxMessage) =>
  Effect.gen(function* () {
    switch (message.channel) {
      case "email":
        return (yield* EmailTransport).send
      case "sms":
        return (yield* SmsTransport).send
      case "webhook":
        return (yield* WebhookTransport).send
    }
  })

export interface DeliveryReport {
  readonly sent: number
  readonly retried: number
  readonly failed: number
}

export const deliverDueMessages = Effect.fn("deliverDueMessages")(function* (batchSize = 50) {
  const outbox = yield* Outbox
  const policy = yield* DeliveryRetryPolicy
  const now = yield* DateTime.now
  const claimed = yield* outbox.claimDue(now, batchSize, LEASE_MS)
  let sent = 0
  let retried = 0
  let failed = 0
  for (const message of claimed) {
    const send = yield* transportFor(message)
    const outcome = yield* send(message).pipe(Effect.result)
    const at = yield* DateTime.now
    if (outcome._tag === "Success") {
      yield* outbox.markSent(message.id, at)
      sent++
      continue
    }
    const error = outcome.failure
    const delay = error.retryable ? retryDelayMillis(message.attempts + 1, yield* Random.next, policy) : null
    yield* outbox.markAttemptFailed(
      message.id,
      error.message,
      delay === null ? null : DateTime.add(at, { milliseconds: delay })
    )
    if (delay === null) failed++
    else retried++
  }
  return { sent, retried, failed } satisfies DeliveryReport
})
