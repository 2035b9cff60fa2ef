/**
 * Webhook deliveries: the core's WebhookTransport as one signed `POST` of the outbox message's
 * JSON body (its `text`) to the endpoint's URL (its `to`), with these headers:
 *
 * - `Creneau-Signature: t=<unix seconds>,v1=<hex>`: HMAC-SHA256 of `<t>.<body>` keyed with the
 *   endpoint's signing secret (`whsec_…`, read through the WebhookRepository), made afresh for
 *   each attempt;
 * - `Creneau-Event`: the event (`appointment.created`, …);
 * - `Creneau-Delivery`: the outbox id, the same on every retry, for receivers to de-duplicate.
 *
 * A 2xx answer within 10 seconds is a delivery. A 429, a 5xx, no answer or a network failure is
 * retried with the outbox's backoff; any other answer (a 4xx, a redirect: redirects are not
 * followed) fails the delivery at once. A receiver checks a request with `verifySignature`.
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import { DeliveryError, type OutboundMessage, WebhookRepository, WebhookTransport } from "@creneau/core"
import { DateTime, Duration, Effect, Layer } from "effect"

export const SIGNATURE_HEADER = "Creneau-Signature"
export const EVENT_HEADER = "Creneau-Event"
export const DELIVERY_HEADER = "Creneau-Delivery"

/** How old a signature `verifySignature` accepts by default: 5 minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300
const DEFAULT_TIMEOUT = Duration.seconds(10)
/** How much of a refusing receiver's answer the delivery log keeps. */
const ANSWER_EXCERPT = 200

/** The hex HMAC-SHA256 of `<timestamp>.<body>` keyed with the secret. */
export const signPayload = (secret: string, timestamp: number, body: string): string =>
  createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")

/** The `Creneau-Signature` header of `body` signed at `timestamp` (unix seconds). */
export const signatureHeader = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${signPayload(secret, timestamp, body)}`

export interface VerifySignatureInput {
  /** The endpoint's signing secret, as shown when it was registered. */
  readonly secret: string
  /** The request body exactly as received (the raw text, not re-serialized JSON). */
  readonly body: string
  /** The `Creneau-Signature` header. */
  readonly header: string | null | undefined
  /** Oldest accepted signature, in seconds (default 300): a replayed request is refused. */
  readonly toleranceSeconds?: number
  /** Now, in unix seconds (default the system clock). */
  readonly now?: number
}

/**
 * Whether a webhook request comes from Créneau: its `Creneau-Signature` header signs this body
 * with this secret, and was made within the tolerance. For receivers:
 *
 * ```ts
 * const body = await request.text()
 * if (!verifySignature({ secret, body, header: request.headers.get("Creneau-Signature") })) {
 *   return new Response("bad signature", { status: 400 })
 * }
 * // De-duplicate on request.headers.get("Creneau-Delivery"), then handle JSON.parse(body).
 * ```
 */
export const verifySignature = (input: VerifySignatureInput): boolean => {
  if (input.header === null || input.header === undefined) return false
  let timestamp: number | undefined
  const signatures: Array<string> = []
  for (const part of input.header.split(",")) {
    const [key, value] = part.trim().split("=", 2)
    if (key === "t" && value !== undefined && /^\d+$/.test(value)) timestamp = Number(value)
    else if (key === "v1" && value !== undefined && /^[0-9a-f]{64}$/.test(value)) signatures.push(value)
  }
  if (timestamp === undefined || signatures.length === 0) return false
  const now = input.now ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false
  const expected = Buffer.from(signPayload(input.secret, timestamp, input.body), "hex")
  // Several v1 values may come while a secret is being rotated: one match is enough.
  return signatures.some((signature) => timingSafeEqual(Buffer.from(signature, "hex"), expected))
}

interface Answer {
  readonly status: number
  /** The start of the body of a non-2xx answer, for the delivery log. */
  readonly excerpt: string
}

const post = (message: OutboundMessage, secret: string, timestamp: number) =>
  Effect.tryPromise({
    try: async (signal): Promise<Answer> => {
      const response = await fetch(message.to, {
        method: "POST",
        body: message.text,
        redirect: "manual",
        signal,
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Creneau-Webhooks/1",
          [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, message.text),
          [EVENT_HEADER]: message.event,
          [DELIVERY_HEADER]: message.id
        }
      })
      if (response.ok) {
        await response.body?.cancel()
        return { status: response.status, excerpt: "" }
      }
      const text = await response.text()
      return { status: response.status, excerpt: text.trim().replace(/\s+/g, " ").slice(0, ANSWER_EXCERPT) }
    },
    catch: (cause) => {
      const reason =
        cause instanceof Error ? (cause.cause instanceof Error ? cause.cause : cause).message : cause
      return new DeliveryError({ message: `no answer from ${message.to}: ${reason}`, retryable: true })
    }
  })

/** The outcome of an answer: nothing for a 2xx, else the DeliveryError to record. */
const outcomeOf = (message: OutboundMessage, answer: Answer): DeliveryError | null => {
  if (answer.status >= 200 && answer.status < 300) return null
  const excerpt = answer.excerpt === "" ? "" : `: ${answer.excerpt}`
  const redirect = answer.status >= 300 && answer.status < 400 ? " (redirects are not followed)" : ""
  return new DeliveryError({
    message: `HTTP ${answer.status} from ${message.to}${redirect}${excerpt}`,
    retryable: answer.status === 429 || answer.status >= 500
  })
}

export interface WebhookTransportOptions {
  /** How long to wait for the receiver's answer (default 10 seconds). */
  readonly timeout?: Duration.Input
}

/** Webhooks delivered over HTTP(S), signed with the secrets of the WebhookRepository. */
export const layerWebhookTransport = (
  options: WebhookTransportOptions = {}
): Layer.Layer<WebhookTransport, never, WebhookRepository> =>
  Layer.effect(
    WebhookTransport,
    Effect.gen(function* () {
      const webhooks = yield* WebhookRepository
      const timeout = Duration.fromInputUnsafe(options.timeout ?? DEFAULT_TIMEOUT)
      const send = Effect.fn("WebhookTransport.send")(function* (message: OutboundMessage) {
        if (message.webhookId === null) {
          return yield* new DeliveryError({
            message: "not a webhook delivery (no endpoint)",
            retryable: false
          })
        }
        const endpoint = yield* webhooks.get(message.businessId, message.webhookId).pipe(
          Effect.catchTags({
            NotFound: () =>
              Effect.fail(
                new DeliveryError({ message: "the webhook endpoint was removed", retryable: false })
              ),
            PersistenceError: (error) =>
              Effect.fail(
                new DeliveryError({
                  message: `the webhook endpoint could not be read (${error.operation})`,
                  retryable: true
                })
              )
          })
        )
        const timestamp = Math.floor((yield* DateTime.now).epochMilliseconds / 1000)
        const answer = yield* post(message, endpoint.secret, timestamp).pipe(
          Effect.timeoutOrElse({
            duration: timeout,
            orElse: () =>
              Effect.fail(
                new DeliveryError({
                  message: `no answer from ${message.to} within ${Duration.format(timeout)}`,
                  retryable: true
                })
              )
          })
        )
        const failure = outcomeOf(message, answer)
        if (failure !== null) return yield* failure
      })
      return WebhookTransport.of({ send })
    })
  )
