import { describe, expect, it } from "vitest"
import { type Harness, linkOf, makeHarness, tuesday } from "./support/harness.js"
import { jsonOf } from "./support/json.js"
import { expectProblem } from "./support/problem.js"

const bookFor = async (h: Harness, start: string, extra: Record<string, unknown> = {}) => {
  const res = await h.request("POST", "/v1/appointments", {
    body: {
      start,
      items: [{ serviceId: h.a.haircut.id, staffId: h.a.anna.id }],
      customerId: h.a.alice.id,
      quickNote: "Internal: difficult client",
      ...extra
    }
  })
  expect(res.status).toBe(201)
  return (await jsonOf(res)).appointment as { id: string; version: number }
}

const versionOf = async (h: Harness, id: string) =>
  (await h.json(await h.request("GET", `/v1/appointments/${id}`))).version as number

describe("online booking", () => {
  it("shows the booking page and availability, and books a free time", async () => {
    const h = await makeHarness()
    const page = await h.json(
      await h.request("GET", `/v1/public/businesses/${h.a.business.id}`, { as: null })
    )
    expect(page).toMatchObject({ name: "Salon Lumière", timezone: "Europe/Paris", currency: "EUR" })
    expect(page.services.map((s: { name: string }) => s.name)).toEqual(["Haircut", "Colour", "Massage"])
    expect(page.staff.map((s: { name: string }) => s.name)).toEqual(["Anna", "Ben"])
    expect(JSON.stringify(page)).not.toMatch(/anna@salon\.test|bookingRules/)

    const slots = await h.json(
      await h.request(
        "GET",
        `/v1/public/businesses/${h.a.business.id}/availability?serviceId=${h.a.haircut.id}&from=2026-03-10&to=2026-03-10`,
        { as: null }
      )
    )
    expect(slots.slots[0].start).toBe("2026-03-10T09:00:00.000+01:00")
    const res = await h.request("POST", `/v1/public/businesses/${h.a.business.id}/bookings`, {
      as: null,
      body: {
        start: slots.slots[0].start,
        items: [{ serviceId: h.a.haircut.id }],
        customer: { firstName: "Léa", lastName: "Petit", email: "lea@example.test" }
      },
      headers: { "Idempotency-Key": "web-1" }
    })
    expect(res.status).toBe(201)
    const body = await jsonOf(res)
    expect(body.appointment).toMatchObject({ status: "approved", start: "2026-03-10T09:00:00.000+01:00" })
    expect(body.appointment.items[0].staffName).not.toBe("")
    expect(body.appointment).not.toHaveProperty("quickNote")
    expect(body.appointment).not.toHaveProperty("history")
    expect(body.customerNotified).toBe(true)
    const again = await h.request("POST", `/v1/public/businesses/${h.a.business.id}/bookings`, {
      as: null,
      body: {
        start: slots.slots[0].start,
        items: [{ serviceId: h.a.haircut.id }],
        customer: { firstName: "Léa", lastName: "Petit", email: "lea@example.test" }
      },
      headers: { "Idempotency-Key": "web-1" }
    })
    expect(again.headers.get("idempotent-replayed")).toBe("true")
    expect(await jsonOf(again)).toEqual(body)

    const offGrid = await expectProblem(
      await h.request("POST", `/v1/public/businesses/${h.a.business.id}/bookings`, {
        as: null,
        body: {
          start: "2026-03-10T09:07:00+01:00",
          items: [{ serviceId: h.a.haircut.id }],
          customer: { firstName: "Léa", lastName: "Petit" }
        }
      }),
      422,
      "policy_violation"
    )
    expect(typeof offGrid.reason).toBe("string")
    await expectProblem(
      await h.request("GET", "/v1/public/businesses/biz_nope", { as: null }),
      404,
      "not_found"
    )
    await expectProblem(
      await h.request("POST", "/v1/public/businesses/biz_nope/bookings", {
        as: null,
        body: {
          start: tuesday("10:00"),
          items: [{ serviceId: h.a.haircut.id }],
          customer: { firstName: "A", lastName: "B" }
        }
      }),
      404,
      "not_found"
    )
  })
})

describe("the customer's manage link", () => {
  it("shows the appointment and the allowed actions without changing anything", async () => {
    const h = await makeHarness()
    const a = await bookFor(h, tuesday("10:00"))
    const token = await linkOf(h, a.id, "manage")
    const res = await h.request("GET", `/v1/public/manage/${token}`, { as: null })
    expect(res.status).toBe(200)
    const page = await jsonOf(res)
    expect(page.business).toMatchObject({ name: "Salon Lumière", timezone: "Europe/Paris" })
    expect(page.appointment).toMatchObject({
      id: a.id,
      status: "approved",
      start: "2026-03-10T10:00:00.000+01:00",
      customer: { firstName: "Alice", lastName: "Martin" },
      total: { amount: 3500, currency: "EUR" }
    })
    expect(page.appointment.items[0]).toMatchObject({ serviceName: "Haircut", staffName: "Anna" })
    expect(page.allowed).toEqual({
      cancel: { allowed: true },
      reschedule: { allowed: true },
      confirm: { allowed: false, reason: "not_active" }
    })
    expect(JSON.stringify(page)).not.toMatch(/Internal|alice@example|rulesSnapshot|history/)
    await h.request("GET", `/v1/public/manage/${token}`, { as: null })
    expect(await versionOf(h, a.id)).toBe(1)

    await expectProblem(
      await h.request("GET", "/v1/public/manage/not-a-token", { as: null }),
      404,
      "not_found"
    )
    await expectProblem(
      await h.request("GET", `/v1/public/manage/${"f".repeat(64)}`, { as: null }),
      404,
      "not_found"
    )
  })

  it("refuses a wrong email with 422 email_mismatch, then limits attempts with 429", async () => {
    const h = await makeHarness()
    const a = await bookFor(h, tuesday("10:00"))
    const token = await linkOf(h, a.id, "manage")
    const cancel = (email: string) =>
      h.request("POST", `/v1/public/manage/${token}/cancel`, { as: null, body: { email } })
    for (let i = 0; i < 5; i++) {
      const refused = await expectProblem(await cancel("mallory@example.test"), 422, "policy_violation")
      expect(refused.reason).toBe("email_mismatch")
    }
    const limited = await cancel("alice@example.test")
    await expectProblem(limited, 429, "rate_limited")
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
    expect((await h.json(await h.request("GET", `/v1/appointments/${a.id}`))).status).toBe("approved")

    // Another appointment of the same customer: the right email cancels.
    const b = await bookFor(h, tuesday("12:00"))
    const other = await linkOf(h, b.id, "manage")
    const ok = await h.request("POST", `/v1/public/manage/${other}/cancel`, {
      as: null,
      body: { email: " ALICE@example.test " }
    })
    expect(ok.status).toBe(200)
    const page = await jsonOf(ok)
    expect(page.appointment.status).toBe("cancelled")
    expect(page.allowed.cancel).toEqual({ allowed: false, reason: "not_active" })
  })

  it("limits wrong emails per address across links", async () => {
    const h = await makeHarness({ rateLimit: { perIp: 2 } })
    const tokens = [
      await linkOf(h, (await bookFor(h, tuesday("10:00"))).id, "manage"),
      await linkOf(h, (await bookFor(h, tuesday("12:00"))).id, "manage"),
      await linkOf(h, (await bookFor(h, tuesday("14:00"))).id, "manage")
    ]
    const from = { "X-Forwarded-For": "198.51.100.7" }
    for (const token of tokens.slice(0, 2)) {
      await expectProblem(
        await h.request("POST", `/v1/public/manage/${token}/cancel`, {
          as: null,
          body: { email: "x@y.test" },
          headers: from
        }),
        422,
        "policy_violation"
      )
    }
    await expectProblem(
      await h.request("POST", `/v1/public/manage/${tokens[2]}/cancel`, {
        as: null,
        body: { email: "x@y.test" },
        headers: from
      }),
      429,
      "rate_limited"
    )
  })

  it("offers times and reschedules to one of them; refuses when the rules say no", async () => {
    const h = await makeHarness()
    const a = await bookFor(h, tuesday("10:00"))
    const token = await linkOf(h, a.id, "manage")
    const times = await h.json(
      await h.request("GET", `/v1/public/manage/${token}/availability?from=2026-03-11&to=2026-03-11`, {
        as: null
      })
    )
    expect(
      times.slots.every((s: { items: Array<{ staffId: string }> }) => s.items[0]!.staffId === h.a.anna.id)
    ).toBe(true)
    const target = times.slots[4].start
    const res = await h.request("POST", `/v1/public/manage/${token}/reschedule`, {
      as: null,
      body: { start: target }
    })
    expect(res.status).toBe(200)
    const page = await jsonOf(res)
    expect(page.appointment).toMatchObject({ id: a.id, status: "rescheduled", start: target })
    await expectProblem(
      await h.request("POST", `/v1/public/manage/${token}/reschedule`, {
        as: null,
        body: { start: "tomorrow" }
      }),
      400,
      "validation_failed"
    )
    await expectProblem(
      await h.request("GET", `/v1/public/manage/${token}/availability?from=2026-03-11`, { as: null }),
      400,
      "validation_failed"
    )

    await h.request("PATCH", "/v1/business", {
      body: { bookingRules: { clientReschedule: { enabled: false } } }
    })
    const b = await bookFor(h, tuesday("15:00"))
    const locked = await linkOf(h, b.id, "manage")
    const page2 = await h.json(await h.request("GET", `/v1/public/manage/${locked}`, { as: null }))
    expect(page2.allowed.reschedule).toEqual({ allowed: false, reason: "client_reschedule_disabled" })
    const refused = await expectProblem(
      await h.request("POST", `/v1/public/manage/${locked}/reschedule`, {
        as: null,
        body: { start: times.slots[12].start }
      }),
      422,
      "policy_violation"
    )
    expect(refused.reason).toBe("client_reschedule_disabled")
  })

  it("confirms an appointment that waits for the customer", async () => {
    const h = await makeHarness()
    const a = await bookFor(h, tuesday("10:00"), { confirmation: "request_client_confirmation" })
    const token = await linkOf(h, a.id, "confirm")
    const before = await h.json(await h.request("GET", `/v1/public/manage/${token}`, { as: null }))
    expect(before.allowed.confirm).toEqual({ allowed: true })
    expect(await versionOf(h, a.id)).toBe(1)
    const res = await h.request("POST", `/v1/public/manage/${token}/confirm`, {
      as: null,
      headers: { "Idempotency-Key": "confirm-1" }
    })
    expect(res.status).toBe(200)
    expect((await jsonOf(res)).appointment.status).toBe("approved")
    const replay = await h.request("POST", `/v1/public/manage/${token}/confirm`, {
      as: null,
      headers: { "Idempotency-Key": "confirm-1" }
    })
    expect(replay.status).toBe(200)
    expect(replay.headers.get("idempotent-replayed")).toBe("true")
    await expectProblem(
      await h.request("POST", `/v1/public/manage/${token}/confirm`, { as: null }),
      409,
      "invalid_transition"
    )
  })
})

describe("the staff member's email link", () => {
  it("shows without changing, then approves on POST", async () => {
    const h = await makeHarness()
    await h.request("PATCH", "/v1/business", { body: { bookingRules: { approvalMode: "manual" } } })
    const booking = await h.json(
      await h.request("POST", `/v1/public/businesses/${h.a.business.id}/bookings`, {
        as: null,
        body: {
          start: tuesday("10:00"),
          items: [{ serviceId: h.a.haircut.id, staffId: h.a.anna.id }],
          customer: { firstName: "Léa", lastName: "Petit", email: "lea@example.test" }
        }
      })
    )
    const id = booking.appointment.id
    expect(booking.appointment).toMatchObject({ status: "pending", pendingReason: "staff_approval" })
    const token = await linkOf(h, id, "approve")
    const shown = await h.request("GET", `/v1/public/staff-actions/${token}`, { as: null })
    expect(shown.status).toBe(200)
    const page = await jsonOf(shown)
    expect(page.allowed).toEqual({ approve: { allowed: true }, reject: { allowed: true } })
    expect(page.appointment.customer).toEqual({ firstName: "Léa", lastName: "Petit" })
    await h.request("GET", `/v1/public/staff-actions/${token}?action=approve`, { as: null })
    expect(await versionOf(h, id)).toBe(1)
    expect((await h.json(await h.request("GET", `/v1/appointments/${id}`))).status).toBe("pending")

    await expectProblem(
      await h.request("POST", `/v1/public/staff-actions/${token}`, { as: null, body: { action: "delete" } }),
      400,
      "validation_failed"
    )
    const approved = await h.request("POST", `/v1/public/staff-actions/${token}`, {
      as: null,
      body: { action: "approve" }
    })
    expect(approved.status).toBe(200)
    const after = await jsonOf(approved)
    expect(after.appointment.status).toBe("approved")
    expect(after.allowed.approve).toEqual({ allowed: false, reason: "invalid_transition" })
    // A customer's link is not a staff link, and the reverse.
    const manage = await linkOf(h, id, "manage")
    await expectProblem(
      await h.request("GET", `/v1/public/staff-actions/${manage}`, { as: null }),
      404,
      "not_found"
    )
    await expectProblem(await h.request("GET", `/v1/public/manage/${token}`, { as: null }), 404, "not_found")
  })
})
