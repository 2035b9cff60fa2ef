import { gunzipSync } from "node:zlib"
import { describe, expect, it } from "vitest"
import { type Harness, makeHarness, tuesday } from "./support/harness.js"
import { jsonOf } from "./support/json.js"
import { expectProblem } from "./support/problem.js"

const book = (
  h: Harness,
  start: string,
  extra: Record<string, unknown> = {},
  as: "owner" | "anna" | "ben" = "owner"
) =>
  h.request("POST", "/v1/appointments", {
    as,
    body: {
      start,
      items: [{ serviceId: h.a.haircut.id, staffId: h.a.anna.id }],
      customerId: h.a.alice.id,
      ...extra
    }
  })

const booked = async (h: Harness, start: string, extra: Record<string, unknown> = {}) => {
  const res = await book(h, start, extra)
  expect(res.status).toBe(201)
  return (await jsonOf(res)).appointment
}

describe("availability", () => {
  it("lists slots for repeated services, with instants in the business's offset", async () => {
    const h = await makeHarness()
    const res = await h.request(
      "GET",
      `/v1/availability?serviceId=${h.a.haircut.id}&serviceId=${h.a.colour.id}&from=2026-03-10&to=2026-03-10`
    )
    expect(res.status).toBe(200)
    const body = await jsonOf(res)
    expect(body.timezone).toBe("Europe/Paris")
    expect(body.slots[0].start).toBe("2026-03-10T09:00:00.000+01:00")
    expect(body.slots[0].items).toHaveLength(2)
    expect(body.slots[0].items[1].staffId).toBe(h.a.anna.id)
    const single = await h.json(
      await h.request("GET", `/v1/availability?serviceId=${h.a.haircut.id}&from=2026-03-10&to=2026-03-11`, {
        as: "ben"
      })
    )
    expect(single.slots.length).toBeGreaterThan(10)
  })

  it("refuses missing or malformed parameters, too long a range and too many services", async () => {
    const h = await makeHarness()
    const missing = await expectProblem(
      await h.request("GET", "/v1/availability?from=2026-03-10"),
      400,
      "validation_failed"
    )
    expect(missing.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["serviceId", "to"])
    )
    await expectProblem(
      await h.request("GET", `/v1/availability?serviceId=${h.a.haircut.id}&from=10/03/2026&to=2026-03-10`),
      400,
      "validation_failed"
    )
    await expectProblem(
      await h.request("GET", `/v1/availability?serviceId=${h.a.haircut.id}&from=2026-03-10&to=2026-08-10`),
      400,
      "validation_failed"
    )
    const six = Array.from({ length: 6 }, () => `serviceId=${h.a.haircut.id}`).join("&")
    const tooMany = await expectProblem(
      await h.request("GET", `/v1/availability?${six}&from=2026-03-10&to=2026-03-10`),
      422,
      "policy_violation"
    )
    expect(tooMany.reason).toBe("too_many_items")
  })
})

describe("appointments", () => {
  it("compresses a list for a client that accepts gzip, and only then", async () => {
    const h = await makeHarness()
    for (const time of ["09:00", "10:00", "11:00"]) expect((await book(h, tuesday(time))).status).toBe(201)
    const path = "/v1/appointments?from=2026-03-10&to=2026-03-10"
    const plain = await h.request("GET", path)
    expect(plain.headers.get("content-encoding")).toBeNull()
    expect(plain.headers.get("vary")).toMatch(/Accept-Encoding/)
    const text = await plain.text()
    expect(text.length).toBeGreaterThan(1024)
    const zipped = await h.request("GET", path, { headers: { "Accept-Encoding": "gzip, deflate, br" } })
    expect(zipped.status).toBe(200)
    expect(zipped.headers.get("content-encoding")).toBe("gzip")
    const bytes = Buffer.from(await zipped.arrayBuffer())
    expect(bytes.length).toBeLessThan(text.length / 2)
    expect(gunzipSync(bytes).toString("utf8")).toBe(text)
    // A small answer is sent as it is.
    const empty = await h.request("GET", "/v1/appointments?from=2026-03-09&to=2026-03-09", {
      headers: { "Accept-Encoding": "gzip" }
    })
    expect(empty.headers.get("content-encoding")).toBeNull()
    expect(await empty.json()).toEqual({ items: [] })
  })

  it("answers 304 to a client that has the list or the availability, until it changes", async () => {
    const h = await makeHarness()
    expect((await book(h, tuesday("09:00"))).status).toBe(201)
    for (const [path, time] of [
      ["/v1/appointments?from=2026-03-10&to=2026-03-10", "10:00"],
      [
        `/v1/availability?serviceId=${h.a.haircut.id}&staffId=${h.a.anna.id}&from=2026-03-10&to=2026-03-10`,
        "11:00"
      ]
    ] as const) {
      const first = await h.request("GET", path)
      expect(first.status, path).toBe(200)
      const etag = first.headers.get("etag")!
      expect(etag, path).toMatch(/^"[\w-]+"$/)
      expect(first.headers.get("cache-control"), path).toBe("private, no-cache")
      const text = await first.text()
      const same = await h.request("GET", path, { headers: { "If-None-Match": `"other", W/${etag}` } })
      expect(same.status, path).toBe(304)
      expect(await same.text(), path).toBe("")
      expect(same.headers.get("etag"), path).toBe(etag)
      // Both answers are large enough to be gzipped; the gzipped one has a validator of its own.
      expect(text.length, path).toBeGreaterThanOrEqual(1024)
      const zipped = await h.request("GET", path, {
        headers: { "If-None-Match": etag, "Accept-Encoding": "gzip" }
      })
      expect(zipped.status, path).toBe(200)
      expect(zipped.headers.get("content-encoding"), path).toBe("gzip")
      expect(zipped.headers.get("etag"), path).not.toBe(etag)
      const zippedAgain = await h.request("GET", path, {
        headers: { "If-None-Match": zipped.headers.get("etag")!, "Accept-Encoding": "gzip" }
      })
      expect(zippedAgain.status, path).toBe(304)
      expect((await book(h, tuesday(time))).status).toBe(201)
      const changed = await h.request("GET", path, { headers: { "If-None-Match": etag } })
      expect(changed.status, path).toBe(200)
      expect(changed.headers.get("etag"), path).not.toBe(etag)
    }
  })

  it("answers every list with an ETag, and 304 while it is unchanged", async () => {
    const h = await makeHarness()
    expect((await book(h, tuesday("09:00"))).status).toBe(201)
    const lists = [
      "/v1/api-keys",
      "/v1/outbox",
      "/v1/webhooks",
      "/v1/staff",
      `/v1/staff/${h.a.anna.id}/time-off`,
      "/v1/resources",
      "/v1/services",
      "/v1/customers",
      "/v1/notification-templates"
    ]
    for (const path of lists) {
      const first = await h.request("GET", path, { headers: { "Accept-Encoding": "gzip" } })
      expect(first.status, path).toBe(200)
      const etag = first.headers.get("etag")
      expect(etag, path).toMatch(/^"[\w-]+"$/)
      const again = await h.request("GET", path, {
        headers: { "Accept-Encoding": "gzip", "If-None-Match": etag! }
      })
      expect(again.status, path).toBe(304)
    }
    // A change shows: the customers' list with one more is another answer.
    const before = await h.request("GET", "/v1/customers")
    const created = await h.request("POST", "/v1/customers", {
      body: { firstName: "Zoé", lastName: "Nouvelle", email: "zoe@example.com" }
    })
    expect(created.status).toBe(201)
    const after = await h.request("GET", "/v1/customers", {
      headers: { "If-None-Match": before.headers.get("etag")! }
    })
    expect(after.status).toBe(200)
    expect((await jsonOf(after)).items.length).toBe((await jsonOf(before)).items.length + 1)
  })

  it("books, reads, lists and exports an appointment", async () => {
    const h = await makeHarness()
    const res = await book(h, tuesday("10:00"), { quickNote: "Likes tea" })
    expect(res.status).toBe(201)
    const created = await jsonOf(res)
    expect(created.customerNotified).toBe(true)
    const a = created.appointment
    expect(a).toMatchObject({
      status: "approved",
      start: "2026-03-10T10:00:00.000+01:00",
      end: "2026-03-10T10:30:00.000+01:00",
      customerId: h.a.alice.id,
      version: 1,
      quickNote: "Likes tea"
    })
    expect(a.items[0].price).toEqual({ amount: 3500, currency: "EUR" })
    expect(a.createdAt).toMatch(/^2026-03-02T08:\d{2}:\d{2}\.\d{3}\+01:00$/)

    const detail = await h.request("GET", `/v1/appointments/${a.id}`)
    expect(detail.headers.get("etag")).toBe('"1"')
    const body = await jsonOf(detail)
    expect(body.customer).toMatchObject({ id: h.a.alice.id, firstName: "Alice" })
    expect(body.history[0]).toMatchObject({ type: "created", actor: { kind: "user" } })
    // The buttons the back office may offer now: the core's decision for this caller.
    expect(body.allowedActions).toEqual({
      approve: false,
      reject: true,
      cancel: true,
      reschedule: true,
      markNoShow: false,
      unmarkNoShow: false
    })

    // `+` in an unencoded query string offset is read back as the offset.
    const list = await h.json(
      await h.request(
        "GET",
        "/v1/appointments?from=2026-03-10T00:00:00+01:00&to=2026-03-11T00:00:00+01:00&status=approved",
        {
          as: "ben"
        }
      )
    )
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([a.id])
    const byDate = await h.json(await h.request("GET", "/v1/appointments?from=2026-03-10&to=2026-03-10"))
    expect(byDate.items).toHaveLength(1)
    const dayBefore = await h.json(await h.request("GET", "/v1/appointments?from=2026-03-09&to=2026-03-09"))
    expect(dayBefore.items).toHaveLength(0)
    const none = await h.json(await h.request("GET", `/v1/appointments?staffId=${h.a.ben.id}`))
    expect(none.items).toEqual([])
    await expectProblem(await h.request("GET", "/v1/appointments?status=lost"), 400, "validation_failed")

    const ics = await h.request("GET", `/v1/appointments/${a.id}/ics`)
    expect(ics.status).toBe(200)
    expect(ics.headers.get("content-type")).toMatch(/^text\/calendar/)
    const text = await ics.text()
    expect(text).toMatch(/BEGIN:VCALENDAR/)
    expect(text).toMatch(new RegExp(`UID:${a.id}@creneau`))
    expect(text).toMatch(/DTSTART:20260310T090000Z/)
  })

  it("says when the customer cannot be told", async () => {
    const h = await makeHarness()
    const res = await book(h, tuesday("11:00"), { customerId: h.a.bob.id })
    const body = await jsonOf(res)
    expect(body.customerNotified).toBe(false)
    expect(typeof body.reason).toBe("string")
  })

  it("answers taken times with 409 slot_unavailable and business rules with 422 and a reason", async () => {
    const h = await makeHarness()
    await booked(h, tuesday("10:00"))
    const taken = await expectProblem(await book(h, tuesday("10:15")), 409, "slot_unavailable")
    expect(taken.conflicts[0].start).toBe("2026-03-10T10:15:00.000+01:00")
    const past = await expectProblem(await book(h, "2026-03-01T10:00:00+01:00"), 422, "policy_violation")
    expect(past.reason).toBe("past_start")
    const sunday = await expectProblem(await book(h, "2026-03-08T10:00:00+01:00"), 422, "policy_violation")
    expect(sunday.reason).toBe("outside_working_hours")
    const prepaid = await expectProblem(
      await book(h, tuesday("15:00"), {
        recurrence: { frequency: "weekly", count: 3 },
        payment: { method: "online", status: "paid" }
      }),
      422,
      "policy_violation"
    )
    expect(prepaid.reason).toBe("recurring_prepayment")
    const unknownService = await expectProblem(
      await h.request("POST", "/v1/appointments", {
        body: { start: tuesday("16:00"), items: [{ serviceId: h.b.haircut.id }] }
      }),
      400,
      "validation_failed"
    )
    expect(unknownService.errors[0].path).toBe("items[0].serviceId")
  })

  it("previews and books a series", async () => {
    const h = await makeHarness()
    const preview = await h.request("POST", "/v1/appointments/recurrence-preview", {
      body: {
        start: tuesday("12:00"),
        items: [{ serviceId: h.a.haircut.id, staffId: h.a.anna.id }],
        recurrence: { frequency: "weekly", count: 4 }
      }
    })
    expect(preview.status).toBe(200)
    const p = await jsonOf(preview)
    expect(p.occurrences).toHaveLength(4)
    // Noon stays noon after the change to summer time on 29 March.
    expect(p.occurrences.map((o: { start: string }) => o.start.slice(11))).toEqual([
      "12:00:00.000+01:00",
      "12:00:00.000+01:00",
      "12:00:00.000+01:00",
      "12:00:00.000+02:00"
    ])
    const series = await book(h, tuesday("12:00"), { recurrence: "FREQ=WEEKLY;COUNT=4" })
    expect(series.status).toBe(201)
    const body = await jsonOf(series)
    expect(body.series.appointments).toHaveLength(4)
    expect(body.series.endsOn).toBe("2026-03-31")
  })

  it("changes details under If-Match, and runs the lifecycle", async () => {
    const h = await makeHarness()
    const a = await booked(h, tuesday("10:00"), { confirmation: "request_client_confirmation" })
    expect(a).toMatchObject({ status: "pending", pendingReason: "client_confirmation" })
    const stale = await h.request("PATCH", `/v1/appointments/${a.id}`, {
      body: { quickNote: "x" },
      headers: { "If-Match": '"7"' }
    })
    await expectProblem(stale, 409, "version_conflict")
    await expectProblem(
      await h.request("PATCH", `/v1/appointments/${a.id}`, {
        body: { quickNote: "x" },
        headers: { "If-Match": "soon" }
      }),
      400,
      "validation_failed"
    )
    const patched = await h.request("PATCH", `/v1/appointments/${a.id}`, {
      body: { quickNote: "Allergic to lavender" },
      headers: { "If-Match": '"1"' }
    })
    expect(patched.status).toBe(200)
    expect(patched.headers.get("etag")).toBe('"2"')

    const approved = await h.json(await h.request("POST", `/v1/appointments/${a.id}/approve`))
    expect(approved.appointment.status).toBe("approved")
    await expectProblem(
      await h.request("POST", `/v1/appointments/${a.id}/approve`),
      409,
      "invalid_transition"
    )

    const moved = await h.json(
      await h.request("POST", `/v1/appointments/${a.id}/reschedule`, {
        body: { start: tuesday("14:00"), notifyCustomer: false }
      })
    )
    expect(moved.appointment).toMatchObject({
      id: a.id,
      status: "rescheduled",
      start: "2026-03-10T14:00:00.000+01:00"
    })
    const cancelled = await h.json(
      await h.request("POST", `/v1/appointments/${a.id}/cancel`, { body: { message: "Sorry!" } })
    )
    expect(cancelled.appointment).toMatchObject({ status: "cancelled", cancellationMessage: "Sorry!" })
    await expectProblem(
      await h.request("POST", `/v1/appointments/${a.id}/reject`, { body: {} }),
      409,
      "invalid_transition"
    )

    const other = await booked(h, tuesday("16:00"))
    const rejected = await h.json(
      await h.request("POST", `/v1/appointments/${other.id}/reject`, { body: { reason: "Closed" } })
    )
    expect(rejected.appointment).toMatchObject({ status: "rejected", rejectionReason: "Closed" })

    // A walk-in entered late: started, so a no-show may be marked.
    const walkIn = await booked(h, "2026-03-02T07:00:00+01:00", { allowOutsideHours: true })
    const early = await expectProblem(
      await h.request("POST", `/v1/appointments/${other.id}/no-show`, { body: { noShow: true } }),
      409,
      "invalid_transition"
    )
    expect(early.code).toBe("invalid_transition")
    const noShow = await h.request("POST", `/v1/appointments/${walkIn.id}/no-show`, {
      body: { noShow: true }
    })
    expect(noShow.status).toBe(200)
    expect((await jsonOf(noShow)).appointment).toMatchObject({ status: "completed", noShow: true })
    const customer = await h.json(await h.request("GET", `/v1/customers/${h.a.alice.id}`))
    expect(customer.noShowCount).toBe(1)
  })
})

describe("roles and tenants", () => {
  it("lets staff act on their own appointments only", async () => {
    const h = await makeHarness()
    const annas = await booked(h, tuesday("10:00"))
    await expectProblem(
      await h.request("POST", `/v1/appointments/${annas.id}/cancel`, { as: "ben", body: {} }),
      403,
      "forbidden"
    )
    await expectProblem(
      await h.request("PATCH", `/v1/appointments/${annas.id}`, { as: "ben", body: { quickNote: "mine" } }),
      403,
      "forbidden"
    )
    const read = await h.request("GET", `/v1/appointments/${annas.id}`, { as: "ben" })
    expect(read.status).toBe(200)
    expect(Object.values((await jsonOf(read)).allowedActions)).not.toContain(true)
    const byAnna = await h.request("POST", `/v1/appointments/${annas.id}/cancel`, { as: "anna", body: {} })
    expect(byAnna.status).toBe(200)

    await expectProblem(await book(h, tuesday("11:00"), {}, "ben"), 403, "forbidden")
    const own = await h.request("POST", "/v1/appointments", {
      as: "ben",
      body: { start: tuesday("11:00"), items: [{ serviceId: h.a.haircut.id }], customerId: h.a.alice.id }
    })
    expect(own.status).toBe(201)
    expect((await jsonOf(own)).appointment.items[0].staffId).toBe(h.a.ben.id)
    const admin = await h.request("POST", `/v1/appointments/${annas.id}/reschedule`, {
      as: "admin",
      body: { start: tuesday("15:00") }
    })
    await expectProblem(admin, 409, "invalid_transition")
  })

  it("never lets one business see or touch another's appointments", async () => {
    const h = await makeHarness()
    const a = await booked(h, tuesday("10:00"))
    await expectProblem(
      await h.request("GET", `/v1/appointments/${a.id}`, { as: "otherOwner" }),
      404,
      "not_found"
    )
    await expectProblem(
      await h.request("GET", `/v1/appointments/${a.id}/ics`, { as: "otherOwner" }),
      404,
      "not_found"
    )
    for (const action of ["approve", "cancel", "reject"]) {
      await expectProblem(
        await h.request("POST", `/v1/appointments/${a.id}/${action}`, { as: "otherOwner", body: {} }),
        404,
        "not_found"
      )
    }
    await expectProblem(
      await h.request("PATCH", `/v1/appointments/${a.id}`, { as: "otherOwner", body: { quickNote: "x" } }),
      404,
      "not_found"
    )
    const theirs = await h.json(await h.request("GET", "/v1/appointments", { as: "otherOwner" }))
    expect(theirs.items).toEqual([])
    const still = await h.json(await h.request("GET", `/v1/appointments/${a.id}`))
    expect(still.status).toBe("approved")
  })
})

describe("idempotency and concurrency", () => {
  it("replays a repeated request, refuses a key reused with another body, and creates once", async () => {
    const h = await makeHarness()
    const body = {
      start: tuesday("10:00"),
      items: [{ serviceId: h.a.haircut.id, staffId: h.a.anna.id }],
      customerId: h.a.alice.id
    }
    const send = (b: unknown, key = "booking-1") =>
      h.request("POST", "/v1/appointments", { body: b, headers: { "Idempotency-Key": key } })
    const first = await send(body)
    expect(first.status).toBe(201)
    expect(first.headers.get("idempotent-replayed")).toBeNull()
    const firstBody = await jsonOf(first)
    const again = await send({ customerId: h.a.alice.id, items: body.items, start: body.start })
    expect(again.status).toBe(201)
    expect(again.headers.get("idempotent-replayed")).toBe("true")
    expect(await jsonOf(again)).toEqual(firstBody)
    await expectProblem(await send({ ...body, start: tuesday("11:00") }), 409, "idempotency_conflict")
    await expectProblem(await send(body, "bad key with spaces"), 400, "validation_failed")
    const list = await h.json(await h.request("GET", "/v1/appointments"))
    expect(list.items).toHaveLength(1)
    // Keys are per business: another business may use the same one.
    const other = await h.request("POST", "/v1/appointments", {
      as: "otherOwner",
      body: { ...body, items: [{ serviceId: h.b.haircut.id }], customerId: h.b.alice.id },
      headers: { "Idempotency-Key": "booking-1" }
    })
    expect(other.status).toBe(201)
    // Actions are idempotent too.
    const cancel = () =>
      h.request("POST", `/v1/appointments/${firstBody.appointment.id}/cancel`, {
        body: {},
        headers: { "Idempotency-Key": "cancel-1" }
      })
    expect((await cancel()).status).toBe(200)
    const replayed = await cancel()
    expect(replayed.status).toBe(200)
    expect(replayed.headers.get("idempotent-replayed")).toBe("true")
  })

  it("lets exactly one of many parallel bookings of a slot win", async () => {
    const h = await makeHarness()
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        h.request("POST", "/v1/appointments", {
          body: {
            start: tuesday("10:00"),
            items: [{ serviceId: h.a.haircut.id, staffId: h.a.anna.id }],
            customer: { firstName: `Client ${i}`, lastName: "Parallel" }
          },
          headers: { "Idempotency-Key": `parallel-${i}` }
        })
      )
    )
    const statuses = attempts.map((r) => r.status).sort()
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409])
    for (const r of attempts.filter((r) => r.status === 409)) {
      expect((await jsonOf(r)).code).toBe("slot_unavailable")
    }
    const list = await h.json(await h.request("GET", `/v1/appointments?staffId=${h.a.anna.id}`))
    expect(list.items).toHaveLength(1)
  })
})
