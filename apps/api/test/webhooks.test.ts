/**
 * Webhook deliveries against a local receiver: through the core's delivery loop on the in-memory
 * outbox (TestClock for the backoff), each request is signed (the signature verifies; a tampered
 * body, another secret or an old timestamp does not), carries its event and delivery id, and the
 * receiver's answer decides: 2xx sent, 5xx/429 retried, other 4xx and redirects failed at once.
 * Then through the process's composition on PGlite: the worker signs with the secret of the
 * endpoint stored in the same database.
 */
import {
  deliverDueMessages,
  Outbox,
  type OutboxMessage,
  type WebhookEndpoint,
  WebhookRepository
} from "@creneau/core"
import { layerTest, seedSalon } from "@creneau/core/testing"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  layerWebhookTransport,
  SIGNATURE_HEADER,
  signatureHeader,
  verifySignature
} from "../src/WebhookTransport.js"
import { deliverRound } from "../src/WorkerLoops.js"
import { type Receiver, type Reply, startReceiver } from "./support/receiver.js"
import { layerTestServices } from "./support/services.js"

const BUSINESS = "biz_hooks"
const SECRET = "whsec_0123456789abcdef0123456789abcdef"
const NOW = DateTime.makeUnsafe("2031-01-10T08:00:00Z")
const NOW_SECONDS = NOW.epochMilliseconds / 1000
const BODY = JSON.stringify({
  type: "appointment.created",
  createdAt: "2031-01-10T08:00:00.000Z",
  data: { appointmentId: "apt_1", status: "approved" }
})

const receiver = (script?: ReadonlyArray<Reply>) =>
  Effect.acquireRelease(
    Effect.promise(() => startReceiver(script)),
    (r) => Effect.promise(() => r.close())
  )

let sequence = 0
const delivery = (to: string, overrides: Partial<OutboxMessage> = {}): OutboxMessage => ({
  id: `ntf_hook_${++sequence}`,
  businessId: BUSINESS,
  appointmentId: "apt_1",
  seriesId: null,
  channel: "webhook",
  recipientRole: null,
  to,
  event: "appointment.created",
  subject: "appointment.created",
  text: BODY,
  html: null,
  links: {},
  attachments: [],
  intent: null,
  webhookId: "wh_1",
  sendAfter: NOW,
  status: "pending",
  attempts: 0,
  lastError: null,
  sentAt: null,
  createdAt: NOW,
  ...overrides
})

/** An endpoint at `url` with the test secret, and one delivery to it in the outbox. */
const setUp = (url: string, overrides: Partial<OutboxMessage> = {}) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(NOW.epochMilliseconds)
    const endpoint: WebhookEndpoint = {
      id: "wh_1",
      businessId: BUSINESS,
      url,
      events: [],
      secret: SECRET,
      createdAt: NOW
    }
    yield* (yield* WebhookRepository).insert(endpoint)
    const message = delivery(url, overrides)
    yield* (yield* Outbox).enqueue([message])
    return message
  })

const deliver = deliverDueMessages().pipe(Effect.provide(layerWebhookTransport()))

const stored = (id: string) =>
  Effect.gen(function* () {
    const all = yield* (yield* Outbox).list(BUSINESS, {})
    return all.find((m) => m.id === id)!
  })

describe("verifySignature", () => {
  const header = signatureHeader(SECRET, NOW_SECONDS, BODY)

  it("accepts the body as signed, and nothing else", () => {
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/)
    assert.isTrue(verifySignature({ secret: SECRET, body: BODY, header, now: NOW_SECONDS }))
    assert.isFalse(verifySignature({ secret: SECRET, body: `${BODY} `, header, now: NOW_SECONDS }))
    assert.isFalse(
      verifySignature({
        secret: SECRET,
        body: BODY.replace("approved", "cancelled"),
        header,
        now: NOW_SECONDS
      })
    )
    assert.isFalse(verifySignature({ secret: `${SECRET}x`, body: BODY, header, now: NOW_SECONDS }))
    // The timestamp is signed too: moving it breaks the signature.
    const moved = header.replace(`t=${NOW_SECONDS}`, `t=${NOW_SECONDS + 60}`)
    assert.isFalse(verifySignature({ secret: SECRET, body: BODY, header: moved, now: NOW_SECONDS + 60 }))
  })

  it("refuses a signature older or newer than the tolerance", () => {
    assert.isTrue(verifySignature({ secret: SECRET, body: BODY, header, now: NOW_SECONDS + 300 }))
    assert.isFalse(verifySignature({ secret: SECRET, body: BODY, header, now: NOW_SECONDS + 301 }))
    assert.isFalse(verifySignature({ secret: SECRET, body: BODY, header, now: NOW_SECONDS - 301 }))
    assert.isTrue(
      verifySignature({ secret: SECRET, body: BODY, header, now: NOW_SECONDS + 3600, toleranceSeconds: 3600 })
    )
  })

  it("refuses missing and malformed headers; any one of several v1 values may match", () => {
    for (const bad of [
      undefined,
      null,
      "",
      "v1=abc",
      `t=${NOW_SECONDS}`,
      `t=soon,v1=${"0".repeat(64)}`,
      `t=${NOW_SECONDS},v1=${"0".repeat(63)}`
    ]) {
      assert.isFalse(
        verifySignature({ secret: SECRET, body: BODY, header: bad, now: NOW_SECONDS }),
        String(bad)
      )
    }
    const rotated = `t=${NOW_SECONDS},v1=${"0".repeat(64)},${header.split(",")[1]}`
    assert.isTrue(verifySignature({ secret: SECRET, body: BODY, header: rotated, now: NOW_SECONDS }))
  })
})

describe("WebhookTransport", () => {
  it.effect("posts the JSON body, signed, with its event and delivery id", () =>
    Effect.gen(function* () {
      const hooks = yield* receiver()
      const message = yield* setUp(hooks.url)
      assert.deepStrictEqual(yield* deliver, { sent: 1, retried: 0, failed: 0, dropped: 0 })

      assert.strictEqual(hooks.received.length, 1)
      const request = hooks.received[0]!
      assert.strictEqual(request.method, "POST")
      assert.strictEqual(request.path, "/hooks/creneau")
      assert.strictEqual(request.body, BODY)
      assert.strictEqual(request.headers["content-type"], "application/json")
      assert.strictEqual(request.headers[EVENT_HEADER.toLowerCase()], "appointment.created")
      assert.strictEqual(request.headers[DELIVERY_HEADER.toLowerCase()], message.id)
      const header = request.headers[SIGNATURE_HEADER.toLowerCase()] as string
      assert.strictEqual(header, signatureHeader(SECRET, NOW_SECONDS, BODY))
      assert.isTrue(verifySignature({ secret: SECRET, body: request.body, header, now: NOW_SECONDS }))
      assert.isFalse(
        verifySignature({
          secret: SECRET,
          body: request.body.replace("apt_1", "apt_2"),
          header,
          now: NOW_SECONDS
        })
      )
      const sent = yield* stored(message.id)
      assert.strictEqual(sent.status, "sent")
      assert.strictEqual(sent.attempts, 1)
    }).pipe(Effect.provide(layerTest))
  )

  for (const status of [500, 503, 429]) {
    it.effect(`retries after a ${status}, then sends with the same delivery id`, () =>
      Effect.gen(function* () {
        const hooks = yield* receiver([status, 200])
        const message = yield* setUp(hooks.url)
        assert.deepStrictEqual(yield* deliver, { sent: 0, retried: 1, failed: 0, dropped: 0 })
        const waiting = yield* stored(message.id)
        assert.strictEqual(waiting.status, "pending")
        assert.strictEqual(waiting.lastError, `HTTP ${status} from ${hooks.url}: receiver says ${status}`)

        yield* TestClock.adjust("30 seconds")
        assert.deepStrictEqual(yield* deliver, { sent: 1, retried: 0, failed: 0, dropped: 0 })
        assert.strictEqual(hooks.received.length, 2)
        const [first, second] = hooks.received
        assert.strictEqual(first?.headers[DELIVERY_HEADER.toLowerCase()], message.id)
        assert.strictEqual(second?.headers[DELIVERY_HEADER.toLowerCase()], message.id)
        // Signed afresh for the retry, 30 seconds later.
        const header = second?.headers[SIGNATURE_HEADER.toLowerCase()] as string
        assert.match(header, new RegExp(`^t=${NOW_SECONDS + 30},`))
        assert.isTrue(verifySignature({ secret: SECRET, body: BODY, header, now: NOW_SECONDS + 30 }))
        const sent = yield* stored(message.id)
        assert.strictEqual(sent.status, "sent")
        assert.strictEqual(sent.attempts, 2)
      }).pipe(Effect.provide(layerTest))
    )
  }

  it.effect("a 410 fails the delivery at once", () =>
    Effect.gen(function* () {
      const hooks = yield* receiver([410])
      const message = yield* setUp(hooks.url)
      assert.deepStrictEqual(yield* deliver, { sent: 0, retried: 0, failed: 1, dropped: 0 })
      const failed = yield* stored(message.id)
      assert.strictEqual(failed.status, "failed")
      assert.strictEqual(failed.lastError, `HTTP 410 from ${hooks.url}: receiver says 410`)
      yield* TestClock.adjust("1 day")
      assert.deepStrictEqual(yield* deliver, { sent: 0, retried: 0, failed: 0, dropped: 0 })
      assert.strictEqual(hooks.received.length, 1)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("a redirect is not followed", () =>
    Effect.gen(function* () {
      const elsewhere = yield* receiver()
      const hooks = yield* receiver([{ status: 307, headers: { Location: elsewhere.url } }])
      const message = yield* setUp(hooks.url)
      assert.deepStrictEqual(yield* deliver, { sent: 0, retried: 0, failed: 1, dropped: 0 })
      assert.strictEqual(elsewhere.received.length, 0)
      assert.include((yield* stored(message.id)).lastError, "HTTP 307")
      assert.include((yield* stored(message.id)).lastError, "redirects are not followed")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("a refused connection is tried again later", () =>
    Effect.gen(function* () {
      // Nothing listens on port 1.
      const message = yield* setUp("http://127.0.0.1:1/hooks")
      assert.deepStrictEqual(yield* deliver, { sent: 0, retried: 1, failed: 0, dropped: 0 })
      assert.include((yield* stored(message.id)).lastError, "no answer from http://127.0.0.1:1/hooks: ")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("a receiver that does not answer within 10 seconds is tried again later", () =>
    Effect.gen(function* () {
      const hooks = yield* receiver(["hang"])
      const message = yield* setUp(hooks.url)
      const round = yield* Effect.forkChild(deliver)
      yield* Effect.promise(() => hooks.waitFor(1))
      yield* TestClock.adjust("10 seconds")
      assert.deepStrictEqual(yield* Fiber.join(round), { sent: 0, retried: 1, failed: 0, dropped: 0 })
      assert.strictEqual((yield* stored(message.id)).lastError, `no answer from ${hooks.url} within 10s`)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("a delivery to a removed endpoint fails", () =>
    Effect.gen(function* () {
      const hooks = yield* receiver()
      const message = yield* setUp(hooks.url, { webhookId: "wh_removed" })
      assert.deepStrictEqual(yield* deliver, { sent: 0, retried: 0, failed: 1, dropped: 0 })
      assert.strictEqual((yield* stored(message.id)).lastError, "the webhook endpoint was removed")
      assert.strictEqual(hooks.received.length, 0)
    }).pipe(Effect.provide(layerTest))
  )
})

describe("webhooks in the process's composition", () => {
  let hooks: Receiver | undefined
  afterAll(() => hooks?.close())

  it.layer(layerTestServices("pglite"), { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("the worker signs a delivery with the secret of the endpoint in the database", () =>
      Effect.gen(function* () {
        hooks = yield* Effect.promise(() => startReceiver())
        const salon = yield* seedSalon()
        const now = yield* DateTime.now
        const secret = "whsec_the_salon_secret_0123456789abcdef"
        yield* (yield* WebhookRepository).insert({
          id: "wh_salon",
          businessId: salon.business.id,
          url: hooks.url,
          events: [],
          secret,
          createdAt: now
        })
        const message = delivery(hooks.url, {
          id: "ntf_hook_salon",
          businessId: salon.business.id,
          appointmentId: null,
          webhookId: "wh_salon",
          sendAfter: now,
          createdAt: now
        })
        yield* (yield* Outbox).enqueue([message])
        yield* deliverRound()

        assert.strictEqual(hooks.received.length, 1)
        const request = hooks.received[0]!
        assert.strictEqual(request.body, BODY)
        assert.strictEqual(request.headers[DELIVERY_HEADER.toLowerCase()], message.id)
        const header = request.headers[SIGNATURE_HEADER.toLowerCase()] as string
        assert.isTrue(verifySignature({ secret, body: request.body, header }))
        assert.isFalse(verifySignature({ secret: SECRET, body: request.body, header }))
        const [sent] = yield* (yield* Outbox).list(salon.business.id, { status: "sent" })
        assert.strictEqual(sent?.id, message.id)
      })
    )
  })
})
