/**
 * The product end to end, as the README runs it: the built server (`node dist/main.js`) on a free
 * port with a fresh data directory. It seeds and prints the demo sign-in; over HTTP a new business
 * signs up, sets up a staff member and a service, books a customer; the in-process worker sends
 * the confirmation (the outbox row becomes `sent`); the customer opens the manage link from it and
 * cancels with their email; the cancellation is in the outbox. SIGTERM: exit code 0.
 */
import { afterAll, describe, expect, it } from "@effect/vitest"
import { dateAhead, parisTime, tokenOf } from "./support/http.js"
import { type Child, freePort, startBuilt, tempDir, waitForHealthy } from "./support/process.js"
import { type Json, jsonHttp, setUpStudio } from "./support/studio.js"

describe("the server process", () => {
  let server: Child | undefined
  afterAll(() => {
    if (server !== undefined && server.process.exitCode === null) server.process.kill("SIGKILL")
  })

  it("serves the product on one port and stops cleanly on SIGTERM", { timeout: 90_000 }, async () => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    server = startBuilt("main", [], { PORT: String(port), DATA_DIR: tempDir(), LOG_LEVEL: "info" })
    const child = server
    await waitForHealthy(child, `${base}/healthz`)

    // The demo business was seeded on this fresh database, and its sign-in printed.
    const printed = child.output()
    expect(printed).toContain(`Créneau is running on port ${port}`)
    const email = printed.match(/Email: +(\S+)/)?.[1]
    const password = printed.match(/Password: +(\S+)/)?.[1]
    const demoKey = printed.match(/API key: +(crn_\S+)/)?.[1]
    expect(email).toBeDefined()
    const login = await fetch(`${base}/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password })
    })
    expect(login.status).toBe(200)
    const demo = await fetch(`${base}/v1/appointments`, { headers: { Authorization: `Bearer ${demoKey}` } })
    expect(((await demo.json()) as Json).items.length).toBeGreaterThan(8)

    // Not an API path: the admin app's place (not built in this checkout, or its index.html).
    const home = await fetch(`${base}/`)
    expect(home.status).toBe(200)
    expect(home.headers.get("content-type")).toMatch(/text\/html|text\/plain/)
    const unknownApi = await fetch(`${base}/v1/nothing-here`)
    expect(unknownApi.status).toBe(404)
    expect(unknownApi.headers.get("content-type")).toMatch(/application\/problem\+json/)

    const http = jsonHttp(base)

    const { key, staff, service } = await setUpStudio(http)
    const tue = dateAhead(5, "tue")
    const [booked, created] = await http(
      "POST",
      "/v1/appointments",
      {
        start: parisTime(tue, "10:00"),
        items: [{ serviceId: service.id, staffId: staff.id }],
        customer: { firstName: "Alice", lastName: "Martin", email: "alice@example.com" }
      },
      key
    )
    expect(booked).toBe(201)
    expect(created.customerNotified).toBe(true)
    const id: string = created.appointment.id

    // The in-process worker delivers the confirmation through the development transport.
    const confirmation = await until(async () => {
      const [, outbox] = await http("GET", `/v1/outbox?appointmentId=${id}`, undefined, key)
      return outbox.items.find(
        (m: Json) => m.event === "confirmed" && m.recipientRole === "customer" && m.status === "sent"
      )
    })
    expect(confirmation.to).toBe("alice@example.com")
    expect(child.output()).toMatch(/\[email\] to=alice@example\.com event=confirmed /)
    const manage = tokenOf(confirmation.links.manage)

    const [, page] = await http("GET", `/v1/public/manage/${manage}`)
    expect(page.appointment.id).toBe(id)
    expect(page.allowed.cancel).toEqual({ allowed: true })
    expect(page.allowed.reschedule.allowed).toBe(true)
    const [cancelStatus] = await http("POST", `/v1/public/manage/${manage}/cancel`, {
      email: "alice@example.com"
    })
    expect(cancelStatus).toBe(200)
    const [, after] = await http("GET", `/v1/appointments/${id}`, undefined, key)
    expect(after.status).toBe("cancelled")
    const [, outbox] = await http("GET", `/v1/outbox?appointmentId=${id}`, undefined, key)
    expect(
      outbox.items.some(
        (m: Json) => m.event === "cancelled" && m.recipientRole === "customer" && m.to === "alice@example.com"
      )
    ).toBe(true)
    // The other day is free again.
    const [, slots] = await http(
      "GET",
      `/v1/availability?serviceId=${service.id}&from=${tue}&to=${tue}`,
      undefined,
      key
    )
    expect(slots.slots.some((s: Json) => Date.parse(s.start) === Date.parse(parisTime(tue, "10:00")))).toBe(
      true
    )

    child.process.kill("SIGTERM")
    expect(await child.exited).toBe(0)
    expect(child.output()).toMatch(/SIGTERM: shutting down/)
  })
})

/** Poll `probe` until it returns something, for at most 15 s. */
const until = async <A>(probe: () => Promise<A | undefined>): Promise<A> => {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    const found = await probe()
    if (found !== undefined) return found
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error("not within 15 s")
}
