/**
 * Logging transports: each message is logged on one line (`[email] to=… event=… subject=…`) and
 * succeeds, so the outbox row becomes `sent` and `GET /v1/outbox` shows what would have gone out.
 * Used for email without RESEND_API_KEY, and for SMS until a provider is plugged in.
 */
import { EmailTransport, type OutboundMessage, SmsTransport } from "@creneau/core"
import { Effect, Layer } from "effect"

const quoted = (value: string) => (/[\s"]/.test(value) ? JSON.stringify(value) : value)

/** `[email] to=alice@example.com event=confirmed subject="confirmed: Salon"`. */
export const summaryOf = (message: OutboundMessage): string =>
  [
    `[${message.channel}]`,
    `to=${quoted(message.to)}`,
    `event=${message.event}`,
    ...(message.channel === "webhook" ? [] : [`subject=${quoted(message.subject)}`]),
    `id=${message.id}`
  ].join(" ")

const logOnly = (message: OutboundMessage) => Effect.logInfo(summaryOf(message))

export const layerDevEmailTransport = Layer.succeed(EmailTransport, EmailTransport.of({ send: logOnly }))
export const layerDevSmsTransport = Layer.succeed(SmsTransport, SmsTransport.of({ send: logOnly }))
