/**
 * Email through Resend, end to end: the built server (`node dist/main.js`) with RESEND_API_KEY and
 * RESEND_BASE_URL pointing at a local stand-in for the Resend API that refuses each email twice
 * (a 500) before accepting it. A booking's confirmation is retried with backoff (a short one:
 * DELIVERY_RETRY_SECONDS) until accepted; the process stops (SIGTERM) and starts again on the same
 * data directory; in the end Resend has accepted each outbox id exactly once, every request of a
 * message carried its outbox id as the idempotency key, and the outbox shows the email `sent`.
 */
import { type FakeResend, startFakeResend } from "@creneau/resend/testing"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { dateAhead, parisTime } from "./support/http.js"
import { type Child, freePort, startBuilt, tempDir, waitForHealthy } from "./support/process.js"
import { type Json, jsonHttp, setUpStudio } from "./support/studio.js"

const MAIL_FROM = "Studio Nord <rdv@studio-nord.example>"

/** Poll `probe` until it returns something, for at most `ms`. */
const until = async <A>(probe: () => Promise<A | undefined> | A | undefined, ms = 30_000): Promise<A> => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const found = await probe()
    if (found !== undefined) return found
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`not within ${ms} ms`)
}

describe("email through Resend", () => {
  let fake: FakeResend | undefined
  const children: Array<Child> = []
  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGKILL")
    await fake?.close()
  })

  it("retries until Resend accepts, once per message, across a restart", { timeout: 150_000 }, async () => {
    fake = await startFakeResend({ failFirstPerKey: 2, failStatus: 500 })
    const resend = fake
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const env = {
      PORT: String(port),
      DATA_DIR: tempDir(),
      RESEND_API_KEY: "re_test",
      RESEND_BASE_URL: resend.url,
      MAIL_FROM,
      DELIVERY_RETRY_SECONDS: "0.5",
      LOG_LEVEL: "warn"
    }
    const start = async () => {
      const child = startBuilt("main", [], env)
      children.push(child)
      await waitForHealthy(child, `${base}/healthz`)
      return child
    }
    const http = jsonHttp(base)

    const first = await start()
    const { key, staff, service } = await setUpStudio(http)
    const [booked, created] = await http(
      "POST",
      "/v1/appointments",
      {
        start: parisTime(dateAhead(5, "tue"), "10:00"),
        items: [{ serviceId: service.id, staffId: staff.id }],
        customer: { firstName: "Alice", lastName: "Martin", email: "alice@example.com" }
      },
      key
    )
    expect(booked).toBe(201)
    const appointmentId: string = created.appointment.id
    const [, pending] = await http("GET", `/v1/outbox?appointmentId=${appointmentId}`, undefined, key)
    const confirmation = pending.items.find(
      (m: Json) => m.channel === "email" && m.recipientRole === "customer" && m.event === "confirmed"
    )
    expect(confirmation.to).toBe("alice@example.com")

    // Refused twice, then accepted: three requests under the confirmation's outbox id.
    const accepted = await until(() => resend.accepted.find((a) => a.idempotencyKey === confirmation.id))
    expect(accepted.body.from).toBe(MAIL_FROM)
    expect(accepted.body.to).toBe("alice@example.com")
    // Written when it was sent: the outbox keeps the words Resend got.
    const sent = await until(async () => {
      const [, now] = await http("GET", `/v1/outbox?appointmentId=${appointmentId}`, undefined, key)
      return now.items.find((m: Json) => m.id === confirmation.id && m.status === "sent")
    })
    expect(accepted.body.subject).toBe(sent.subject)
    expect(accepted.body.subject).toMatch(/^Rendez-vous confirmé le/)
    expect(accepted.body.text).toBe(sent.text)
    // With its calendar invitation (base64, as the outbox keeps it).
    const invitation = (accepted.body.attachments ?? []).find((a: Json) =>
      String(a.filename).endsWith(".ics")
    )
    expect(invitation, "the confirmation carries an .ics").toBeDefined()
    const calendar = Buffer.from(invitation.content, "base64").toString("utf8")
    expect(calendar).toContain("METHOD:REQUEST")
    expect(calendar).toContain(`UID:${appointmentId}@creneau`)
    expect(resend.requests.filter((r) => r.idempotencyKey === confirmation.id).map((r) => r.status)).toEqual([
      500, 500, 200
    ])

    first.process.kill("SIGTERM")
    expect(await first.exited).toBe(0)
    const second = await start()

    // Whatever was due when the first process stopped is delivered by the second one.
    const emails = await until(async () => {
      const [, outbox] = await http("GET", "/v1/outbox", undefined, key)
      const due = outbox.items.filter(
        (m: Json) => m.channel === "email" && Date.parse(m.sendAfter) <= Date.now() && m.status !== "dropped"
      )
      return due.length > 0 && due.every((m: Json) => m.status === "sent") ? due : undefined
    })
    // Past the longest backoff of those retries: nothing more may reach Resend.
    await new Promise((resolve) => setTimeout(resolve, 2_500))

    const sentConfirmation = emails.find((m: Json) => m.id === confirmation.id)
    expect(sentConfirmation.status).toBe("sent")
    expect(sentConfirmation.attempts).toBe(3)
    expect(sentConfirmation.lastError).toMatch(/^Resend 500 internal_server_error: /)

    const acceptedKeys = resend.accepted.map((a) => a.idempotencyKey)
    expect(new Set(acceptedKeys).size).toBe(acceptedKeys.length)
    for (const email of emails) {
      expect(
        acceptedKeys.filter((k) => k === email.id),
        email.id
      ).toHaveLength(1)
    }
    // Every request carried an idempotency key; each email was refused twice, then accepted.
    for (const request of resend.requests) expect(request.idempotencyKey).toMatch(/\S/)
    for (const email of emails) {
      const statuses = resend.requests.filter((r) => r.idempotencyKey === email.id).map((r) => r.status)
      expect(statuses, email.id).toEqual([500, 500, 200])
    }

    second.process.kill("SIGTERM")
    expect(await second.exited).toBe(0)
  })
})
