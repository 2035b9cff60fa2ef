/**
 * The Resend transport against a local stand-in for the Resend API, through the core's delivery
 * loop (`deliverDueMessages`) on the in-memory outbox, with the TestClock stepping through the
 * backoff: what is sent (fields, attachment, idempotency key), retries that end `sent` with one
 * email, refusals that fail at once, retries that give up, no answer, and configuration.
 */
import {
  DeliveryError,
  deliverDueMessages,
  EmailTransport,
  type OutboundMessage,
  Outbox,
  type OutboxMessage
} from "@creneau/core"
import { layerTest } from "@creneau/core/testing"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, DateTime, Effect, Fiber, Layer, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { isRetryable, layer, layerConfig } from "../src/index.js"
import { type FakeResendOptions, startFakeResend } from "../src/testing/index.js"

const FROM = "Salon Nord <bonjour@salon-nord.example>"
const BUSINESS = "biz_test"
const ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Coupe — Anna\r\nEND:VCALENDAR\r\n"

const fakeResend = (options?: FakeResendOptions) =>
  Effect.acquireRelease(
    Effect.promise(() => startFakeResend(options)),
    (fake) => Effect.promise(() => fake.close())
  )

let sequence = 0
const emailMessage = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: `ntf_${++sequence}`,
  businessId: BUSINESS,
  appointmentId: "apt_1",
  seriesId: null,
  channel: "email",
  recipientRole: "customer",
  to: "alice@example.com",
  event: "confirmed",
  subject: "Rendez-vous confirmé",
  text: "À mardi 10:00 !",
  html: "<p>À mardi 10:00&nbsp;!</p>",
  links: {},
  attachments: [],
  intent: null,
  webhookId: null,
  sendAfter: DateTime.makeUnsafe(0),
  status: "pending",
  attempts: 0,
  lastError: null,
  sentAt: null,
  createdAt: DateTime.makeUnsafe(0),
  ...overrides
})

/** Enqueue `message` in the in-memory outbox. */
const enqueue = (message: OutboxMessage) =>
  Effect.gen(function* () {
    yield* (yield* Outbox).enqueue([message])
  })

/** The message as the outbox holds it now. */
const stored = (id: string) =>
  Effect.gen(function* () {
    const all = yield* (yield* Outbox).list(BUSINESS, {})
    return all.find((m) => m.id === id)!
  })

const through = (baseUrl: string) => layer({ apiKey: Redacted.make("re_test_123"), from: FROM, baseUrl })

/** `message` handed to the email transport of `transport` directly. */
const sendThrough = <E>(
  transport: Layer.Layer<EmailTransport, E>,
  message: OutboundMessage = emailMessage()
) =>
  Effect.gen(function* () {
    return yield* (yield* EmailTransport).send(message)
  }).pipe(Effect.provide(transport))

describe("ResendEmailTransport", () => {
  it.effect("sends the message with the outbox id as the idempotency key", () =>
    Effect.gen(function* () {
      const fake = yield* fakeResend()
      const message = emailMessage({
        attachments: [
          {
            filename: "rendez-vous.ics",
            contentType: "text/calendar; charset=utf-8; method=REQUEST",
            content: Buffer.from(ICS, "utf8").toString("base64")
          }
        ]
      })
      const plain = emailMessage({ html: null, to: "Bob Durand <bob@example.com>" })
      yield* enqueue(message)
      yield* enqueue(plain)
      const report = yield* deliverDueMessages().pipe(Effect.provide(through(fake.url)))
      assert.deepStrictEqual(report, { sent: 2, retried: 0, failed: 0, dropped: 0 })

      const [first, second] = fake.requests
      assert.strictEqual(first?.path, "/emails")
      assert.strictEqual(first?.authorization, "Bearer re_test_123")
      assert.strictEqual(first?.idempotencyKey, message.id)
      assert.strictEqual(first?.body.from, FROM)
      assert.strictEqual(first?.body.to, "alice@example.com")
      assert.strictEqual(first?.body.subject, "Rendez-vous confirmé")
      assert.strictEqual(first?.body.text, "À mardi 10:00 !")
      assert.strictEqual(first?.body.html, "<p>À mardi 10:00&nbsp;!</p>")
      assert.strictEqual(first?.body.attachments.length, 1)
      const attachment = first?.body.attachments[0]
      assert.strictEqual(attachment.filename, "rendez-vous.ics")
      assert.strictEqual(attachment.content_type, "text/calendar; charset=utf-8; method=REQUEST")
      assert.strictEqual(Buffer.from(attachment.content, "base64").toString("utf8"), ICS)

      assert.strictEqual(second?.idempotencyKey, plain.id)
      assert.strictEqual(second?.body.to, "Bob Durand <bob@example.com>")
      assert.notProperty(second?.body, "html")
      assert.isUndefined(second?.body.attachments)

      assert.strictEqual(fake.accepted.length, 2)
      assert.strictEqual((yield* stored(message.id)).status, "sent")
      assert.strictEqual((yield* stored(plain.id)).status, "sent")
    }).pipe(Effect.provide(layerTest))
  )

  for (const status of [500, 429] as const) {
    it.effect(`retries after ${status}s with backoff, then sends once under the same key`, () =>
      Effect.gen(function* () {
        const fake = yield* fakeResend({ failFirst: 2, failStatus: status })
        const message = emailMessage()
        yield* enqueue(message)
        const deliver = deliverDueMessages().pipe(Effect.provide(through(fake.url)))

        assert.deepStrictEqual(yield* deliver, { sent: 0, retried: 1, failed: 0, dropped: 0 })
        const afterFirst = yield* stored(message.id)
        assert.strictEqual(afterFirst.status, "pending")
        assert.strictEqual(afterFirst.attempts, 1)
        assert.include(afterFirst.lastError, `Resend ${status}`)
        // The first retry waits between 15 and 30 seconds.
        assert.isAtLeast(afterFirst.sendAfter.epochMilliseconds, 15_000)
        assert.isAtMost(afterFirst.sendAfter.epochMilliseconds, 30_000)

        // Not due yet: nothing is claimed, nothing reaches Resend.
        assert.deepStrictEqual(yield* deliver, { sent: 0, retried: 0, failed: 0, dropped: 0 })
        assert.strictEqual(fake.requests.length, 1)

        yield* TestClock.adjust("30 seconds")
        assert.deepStrictEqual(yield* deliver, { sent: 0, retried: 1, failed: 0, dropped: 0 })
        const afterSecond = yield* stored(message.id)
        // The second retry waits between 30 and 60 seconds after the second failure.
        const waited = afterSecond.sendAfter.epochMilliseconds - 30_000
        assert.isAtLeast(waited, 30_000)
        assert.isAtMost(waited, 60_000)

        yield* TestClock.adjust("60 seconds")
        assert.deepStrictEqual(yield* deliver, { sent: 1, retried: 0, failed: 0, dropped: 0 })

        assert.deepStrictEqual(
          fake.requests.map((r) => r.status),
          [status, status, 200]
        )
        assert.deepStrictEqual(
          fake.requests.map((r) => r.idempotencyKey),
          [message.id, message.id, message.id]
        )
        assert.strictEqual(fake.accepted.length, 1)
        const sent = yield* stored(message.id)
        assert.strictEqual(sent.status, "sent")
        assert.strictEqual(sent.attempts, 3)
        assert.strictEqual(sent.sentAt?.epochMilliseconds, 90_000)
      }).pipe(Effect.provide(layerTest))
    )
  }

  it.effect("a retry after an answer that was lost does not send a second email", () =>
    Effect.gen(function* () {
      const fake = yield* fakeResend()
      const message = emailMessage()
      yield* sendThrough(through(fake.url), message)
      // The worker stopped before recording `sent`: the message is sent again, with the same key.
      yield* sendThrough(through(fake.url), message)
      assert.strictEqual(fake.requests.length, 2)
      assert.deepStrictEqual(
        fake.requests.map((r) => r.idempotencyKey),
        [message.id, message.id]
      )
      assert.strictEqual(fake.accepted.length, 1)
    })
  )

  it.effect("a refused address fails the message at once, with Resend's explanation", () =>
    Effect.gen(function* () {
      const fake = yield* fakeResend()
      const message = emailMessage({ to: "alice@@example" })
      yield* enqueue(message)
      const deliver = deliverDueMessages().pipe(Effect.provide(through(fake.url)))
      assert.deepStrictEqual(yield* deliver, { sent: 0, retried: 0, failed: 1, dropped: 0 })
      const failed = yield* stored(message.id)
      assert.strictEqual(failed.status, "failed")
      assert.strictEqual(failed.attempts, 1)
      assert.strictEqual(fake.requests[0]?.status, 422)
      assert.include(failed.lastError, "422 validation_error")
      assert.include(failed.lastError, "Invalid `to` field.")

      yield* TestClock.adjust("1 day")
      assert.deepStrictEqual(yield* deliver, { sent: 0, retried: 0, failed: 0, dropped: 0 })
      assert.strictEqual(fake.requests.length, 1)
      assert.strictEqual(fake.accepted.length, 0)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("gives up after the last attempt, the last error kept in the outbox", () =>
    Effect.gen(function* () {
      const fake = yield* fakeResend({ failFirst: 1_000, failStatus: 503 })
      const message = emailMessage()
      yield* enqueue(message)
      const deliver = deliverDueMessages().pipe(Effect.provide(through(fake.url)))
      const reports = []
      for (let round = 0; round < 10; round++) {
        reports.push(yield* deliver)
        yield* TestClock.adjust("6 hours")
      }
      assert.deepStrictEqual(
        reports.map((r) => [r.retried, r.failed]),
        [...Array(7).fill([1, 0]), [0, 1], [0, 0], [0, 0]]
      )
      assert.strictEqual(fake.requests.length, 8)
      const failed = (yield* (yield* Outbox).list(BUSINESS, { status: "failed" })).find(
        (m) => m.id === message.id
      )
      assert.isDefined(failed)
      assert.strictEqual(failed?.attempts, 8)
      assert.strictEqual(failed?.lastError, "Resend 503 internal_server_error: Service unavailable.")
      assert.strictEqual(fake.accepted.length, 0)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("no answer within the timeout is retried later", () =>
    Effect.gen(function* () {
      const fake = yield* fakeResend()
      fake.hangNext(1)
      const transport = layer({
        apiKey: Redacted.make("re_test_123"),
        from: FROM,
        baseUrl: fake.url,
        timeout: "10 seconds"
      })
      const fiber = yield* Effect.forkChild(Effect.flip(sendThrough(transport)))
      yield* Effect.promise(() => fake.waitForRequests(1))
      yield* TestClock.adjust("10 seconds")
      const error = yield* Fiber.join(fiber)
      assert.instanceOf(error, DeliveryError)
      assert.isTrue(error.retryable)
      assert.include(error.message, "no answer within 10s")
    })
  )

  it.effect("an unreachable Resend is retried later", () =>
    Effect.gen(function* () {
      const fake = yield* fakeResend()
      const url = fake.url
      yield* Effect.promise(() => fake.close())
      const error = yield* Effect.flip(sendThrough(through(url)))
      assert.isTrue(error.retryable)
      assert.include(error.message, "Resend unreachable")
    })
  )

  it.effect("an API key Resend does not accept waits for the operator to fix it", () =>
    Effect.gen(function* () {
      const fake = yield* fakeResend()
      const error = yield* Effect.flip(
        sendThrough(layer({ apiKey: Redacted.make("not-a-key"), from: FROM, baseUrl: fake.url }))
      )
      assert.strictEqual(fake.requests[0]?.status, 403)
      assert.isTrue(error.retryable)
      assert.include(error.message, "invalid_api_key")
    })
  )

  it("classifies Resend's errors", () => {
    const cases: ReadonlyArray<readonly [number | null | undefined, string, boolean]> = [
      [null, "application_error", true],
      [500, "internal_server_error", true],
      [502, "application_error", true],
      [429, "rate_limit_exceeded", true],
      [429, "monthly_quota_exceeded", true],
      [409, "concurrent_idempotent_requests", true],
      [401, "missing_api_key", true],
      [403, "invalid_api_key", true],
      [422, "validation_error", false],
      [422, "invalid_attachment", false],
      [403, "validation_error", false],
      [409, "invalid_idempotent_request", false],
      [400, "invalid_parameter", false],
      [undefined, "validation_error", false],
      [undefined, "internal_server_error", true]
    ]
    for (const [statusCode, name, retryable] of cases) {
      assert.strictEqual(isRetryable({ statusCode, name, message: "…" }), retryable, `${statusCode} ${name}`)
    }
  })

  it.effect("the base URL given to the layer wins over RESEND_BASE_URL in the environment", () =>
    Effect.gen(function* () {
      const fake = yield* fakeResend()
      const elsewhere = yield* fakeResend()
      const previous = process.env.RESEND_BASE_URL
      process.env.RESEND_BASE_URL = elsewhere.url
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => {
          if (previous === undefined) delete process.env.RESEND_BASE_URL
          else process.env.RESEND_BASE_URL = previous
        })
      )
      yield* sendThrough(through(fake.url))
      assert.strictEqual(fake.accepted.length, 1)
      assert.strictEqual(elsewhere.requests.length, 0)
    })
  )

  it.effect("layerConfig reads RESEND_API_KEY, MAIL_FROM and RESEND_BASE_URL", () =>
    Effect.gen(function* () {
      const fake = yield* fakeResend()
      const env = {
        RESEND_API_KEY: "re_from_env",
        MAIL_FROM: "Studio <rdv@studio.example>",
        RESEND_BASE_URL: fake.url
      }
      yield* sendThrough(layerConfig()).pipe(
        Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env }))
      )
      assert.strictEqual(fake.requests[0]?.authorization, "Bearer re_from_env")
      assert.strictEqual(fake.accepted[0]?.body.from, "Studio <rdv@studio.example>")

      const missing = yield* Layer.build(layerConfig()).pipe(
        Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env: {} })),
        Effect.flip
      )
      assert.include(String(missing), "RESEND_API_KEY")
    })
  )
})
