/**
 * The core's EmailTransport over the Resend API (the `resend` SDK): one `POST /emails` per outbox
 * message, with the outbox id as the `Idempotency-Key`, so that a retry after a lost answer never
 * sends the email twice. Resend's answer decides the outcome: accepted is sent; a rate limit, a
 * server error, no answer or an unusable API key is retried with backoff; any other refusal (an
 * invalid address, a sender on an unverified domain…) fails the message at once with Resend's words.
 */
import { DeliveryError, EmailTransport, type OutboundMessage } from "@creneau/core"
import { Config, Duration, Effect, Layer, Redacted } from "effect"
import { type CreateEmailOptions, Resend } from "resend"

export const DEFAULT_BASE_URL = "https://api.resend.com"
const DEFAULT_TIMEOUT = Duration.seconds(30)

export interface ResendOptions {
  /** A Resend API key (`re_…`) allowed to send. */
  readonly apiKey: Redacted.Redacted<string>
  /** The sender: `bonjour@example.com` or `Salon <bonjour@example.com>`, on a domain verified with Resend. */
  readonly from: string
  /** The API's base URL (default https://api.resend.com; a local fake in tests). */
  readonly baseUrl?: string
  /** How long to wait for Resend's answer before trying again later (default 30 seconds). */
  readonly timeout?: Duration.Input
}

/** What the SDK returns instead of throwing when Resend refuses or cannot be reached. */
export interface ResendError {
  readonly name: string
  readonly message: string
  /** The HTTP status; null when no answer came (network failure). */
  readonly statusCode?: number | null | undefined
}

/** Refusals that say nothing against the message: another try may succeed. */
const TRANSIENT_NAMES = new Set([
  "rate_limit_exceeded",
  "daily_quota_exceeded",
  "concurrent_idempotent_requests",
  "application_error",
  "internal_server_error",
  // A missing, revoked or restricted key is the operator's to fix; the message waits for it.
  "missing_api_key",
  "invalid_api_key",
  "restricted_api_key"
])

/** Whether trying again later may succeed: rate limits, server errors, no answer, a bad API key. */
export const isRetryable = (error: ResendError): boolean => {
  const status = error.statusCode
  if (status === null) return true
  if (typeof status === "number" && (status === 429 || status >= 500)) return true
  return TRANSIENT_NAMES.has(error.name)
}

/** The core's DeliveryError for a Resend error, with Resend's own words. */
export const deliveryErrorOf = (error: ResendError): DeliveryError =>
  new DeliveryError({
    message:
      typeof error.statusCode === "number"
        ? `Resend ${error.statusCode} ${error.name}: ${error.message}`
        : `Resend unreachable: ${error.message}`,
    retryable: isRetryable(error)
  })

/** The email Resend is asked to send for an outbox message. */
export const emailOf = (message: OutboundMessage, from: string): CreateEmailOptions => ({
  from,
  to: message.to,
  subject: message.subject,
  text: message.text,
  ...(message.html !== null && { html: message.html }),
  ...(message.attachments.length > 0 && {
    attachments: message.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      // Already base64, as the outbox keeps it and Resend takes it.
      content: attachment.content
    }))
  })
})

/** The transport itself, for embedders that build their layers by hand. */
export const make = (options: ResendOptions): typeof EmailTransport.Service => {
  const apiKey = Redacted.value(options.apiKey)
  if (apiKey.trim() === "") throw new Error("@creneau/resend: the API key is empty")
  // The base URL is always given, so that RESEND_BASE_URL in the environment does not redirect it.
  const client = new Resend(apiKey, { baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "") })
  const timeout = Duration.fromInputUnsafe(options.timeout ?? DEFAULT_TIMEOUT)
  const noAnswer = new DeliveryError({
    message: `Resend unreachable: no answer within ${Duration.format(timeout)}`,
    retryable: true
  })
  const send = Effect.fn("ResendEmailTransport.send")(function* (message: OutboundMessage) {
    const email = emailOf(message, options.from)
    const { error } = yield* Effect.tryPromise({
      try: (signal) => client.emails.send(email, { idempotencyKey: message.id, signal }),
      catch: (cause) =>
        new DeliveryError({
          message: `Resend unreachable: ${cause instanceof Error ? cause.message : String(cause)}`,
          retryable: true
        })
    }).pipe(Effect.timeoutOrElse({ duration: timeout, orElse: () => Effect.fail(noAnswer) }))
    if (error !== null) return yield* deliveryErrorOf(error)
  })
  return EmailTransport.of({ send })
}

/** Email through Resend with these options. */
export const layer = (options: ResendOptions): Layer.Layer<EmailTransport> =>
  Layer.sync(EmailTransport, () => make(options))

/**
 * Email through Resend configured from `RESEND_API_KEY`, `MAIL_FROM` and, optionally,
 * `RESEND_BASE_URL`; or from the configs given.
 */
export const layerConfig = (
  config: Config.Wrap<ResendOptions> = {
    apiKey: Config.Redacted("RESEND_API_KEY"),
    from: Config.NonEmptyString("MAIL_FROM"),
    baseUrl: Config.String("RESEND_BASE_URL").pipe(Config.withDefault(DEFAULT_BASE_URL))
  }
): Layer.Layer<EmailTransport, Config.ConfigError> => Layer.unwrap(Effect.map(Config.unwrap(config), layer))
