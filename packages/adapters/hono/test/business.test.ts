import { describe, expect, it } from "vitest"
import { makeHarness } from "./support/harness.js"
import { jsonOf } from "./support/json.js"
import { expectProblem } from "./support/problem.js"

describe("business settings and catalog", () => {
  it("reads and merge-patches the settings; staff may read but not change them", async () => {
    const h = await makeHarness()
    const got = await h.json(await h.request("GET", "/v1/business", { as: "anna" }))
    expect(got).toMatchObject({ id: h.a.business.id, timezone: "Europe/Paris", currency: "EUR" })
    const patched = await h.request("PATCH", "/v1/business", {
      body: { bookingRules: { approvalMode: "manual", clientCancel: { minNoticeMinutes: 720 } } }
    })
    expect(patched.status).toBe(200)
    const rules = (await jsonOf(patched)).bookingRules
    expect(rules).toMatchObject({
      approvalMode: "manual",
      clientCancel: { enabled: true, minNoticeMinutes: 720 }
    })
    expect(rules.maxAdvanceDays).toBe(90)
    await expectProblem(
      await h.request("PATCH", "/v1/business", { as: "anna", body: { name: "Mine now" } }),
      403,
      "forbidden"
    )
    const invalid = await expectProblem(
      await h.request("PATCH", "/v1/business", { body: { bookingRules: { slotIntervalMinutes: 1 } } }),
      400,
      "validation_failed"
    )
    expect(invalid.errors[0].path).toBe("bookingRules.slotIntervalMinutes")
  })

  it("manages staff, hours and time off", async () => {
    const h = await makeHarness()
    const created = await h.request("POST", "/v1/staff", {
      body: { name: "Chloé", email: "chloe@salon.test" }
    })
    expect(created.status).toBe(201)
    const chloe = await jsonOf(created)
    expect(chloe).toMatchObject({ name: "Chloé", active: true, businessId: h.a.business.id })
    const list = await h.json(await h.request("GET", "/v1/staff", { as: "ben" }))
    expect(list.items.map((s: { name: string }) => s.name)).toEqual(["Anna", "Ben", "Chloé"])
    const patched = await h.json(
      await h.request("PATCH", `/v1/staff/${chloe.id}`, { body: { phone: "+33 6 12 34 56 78" } })
    )
    expect(patched.phone).toBe("+33 6 12 34 56 78")
    const hours = await h.request("PUT", `/v1/staff/${chloe.id}/working-hours`, {
      body: {
        weekly: {
          mon: [{ start: "09:00", end: "12:00" }],
          tue: [],
          wed: [],
          thu: [],
          fri: [],
          sat: [],
          sun: []
        },
        overrides: [{ date: "2026-03-09", intervals: [] }]
      }
    })
    expect(hours.status).toBe(200)
    expect((await jsonOf(hours)).workingHours.overrides).toEqual([{ date: "2026-03-09", intervals: [] }])
    const badHours = await expectProblem(
      await h.request("PUT", `/v1/staff/${chloe.id}/working-hours`, {
        body: { weekly: { mon: [{ start: "12:00", end: "09:00" }] } }
      }),
      400,
      "validation_failed"
    )
    expect(badHours.errors.length).toBeGreaterThan(0)
    const off = await h.request("POST", `/v1/staff/${chloe.id}/time-off`, {
      body: { start: "2026-08-01T00:00:00+02:00", end: "2026-08-15T00:00:00+02:00", reason: "Holidays" }
    })
    expect(off.status).toBe(201)
    const entry = await jsonOf(off)
    expect(entry.start).toBe("2026-08-01T00:00:00.000+02:00")
    const offs = await h.json(await h.request("GET", `/v1/staff/${chloe.id}/time-off`))
    expect(offs.items).toHaveLength(1)
    expect((await h.request("DELETE", `/v1/staff/${chloe.id}/time-off/${entry.id}`)).status).toBe(204)
    await expectProblem(
      await h.request("DELETE", `/v1/staff/${chloe.id}/time-off/${entry.id}`),
      404,
      "not_found"
    )
    await expectProblem(
      await h.request("POST", "/v1/staff", { as: "anna", body: { name: "X" } }),
      403,
      "forbidden"
    )
    expect((await h.request("DELETE", `/v1/staff/${chloe.id}`)).status).toBe(204)
    expect((await h.json(await h.request("GET", `/v1/staff/${chloe.id}`))).active).toBe(false)
  })

  it("manages resources, services and customers", async () => {
    const h = await makeHarness()
    const room = await h.json(
      await h.request("POST", "/v1/resources", { body: { name: "Room 2", capacity: 2 } })
    )
    expect(room.capacity).toBe(2)
    expect(
      (await h.json(await h.request("PATCH", `/v1/resources/${room.id}`, { body: { capacity: 3 } }))).capacity
    ).toBe(3)
    const service = await h.request("POST", "/v1/services", {
      body: {
        name: "Beard",
        durationMinutes: 20,
        price: { amount: 1500, currency: "EUR" },
        staffIds: [h.a.ben.id],
        resourceIds: [room.id]
      }
    })
    expect(service.status).toBe(201)
    const beard = await jsonOf(service)
    expect(beard.price).toEqual({ amount: 1500, currency: "EUR" })
    // A resource an active service needs cannot go.
    await expectProblem(await h.request("DELETE", `/v1/resources/${room.id}`), 400, "validation_failed")
    const wrongCurrency = await expectProblem(
      await h.request("PATCH", `/v1/services/${beard.id}`, {
        body: { price: { amount: 10, currency: "USD" } }
      }),
      400,
      "validation_failed"
    )
    expect(wrongCurrency.errors).toContainEqual({ path: "price.currency", message: "Prices are in EUR" })
    expect((await h.request("DELETE", `/v1/services/${beard.id}`)).status).toBe(204)
    expect((await h.json(await h.request("GET", `/v1/services/${beard.id}`))).active).toBe(false)
    expect((await h.request("DELETE", `/v1/resources/${room.id}`)).status).toBe(204)
    await expectProblem(await h.request("GET", `/v1/resources/${room.id}`), 404, "not_found")

    const customer = await h.request("POST", "/v1/customers", {
      as: "anna",
      body: { firstName: "Zoé", lastName: "Roux", email: "zoe@example.test" }
    })
    expect(customer.status).toBe(201)
    const zoe = await jsonOf(customer)
    const found = await h.json(await h.request("GET", "/v1/customers?q=roux"))
    expect(found.items.map((c: { id: string }) => c.id)).toEqual([zoe.id])
    const all = await h.json(await h.request("GET", "/v1/customers"))
    expect(all.items).toHaveLength(3)
    const patched = await h.json(
      await h.request("PATCH", `/v1/customers/${zoe.id}`, { body: { phone: null, notes: "VIP" } })
    )
    expect(patched).toMatchObject({ phone: null, notes: "VIP" })
  })
})

describe("errors", () => {
  it("answers malformed JSON, schema errors, other media types and oversized bodies as problems", async () => {
    const h = await makeHarness({ bodyLimit: 1024 })
    const bad = await expectProblem(
      await h.request("POST", "/v1/customers", { body: '{"firstName": "Zoé",' }),
      400,
      "validation_failed"
    )
    expect(bad.errors[0].path).toBe("")
    const schema = await expectProblem(
      await h.request("POST", "/v1/services", {
        body: { name: "", durationMinutes: 2, price: { amount: -1 } }
      }),
      400,
      "validation_failed"
    )
    const paths = schema.errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(["name", "durationMinutes", "price.amount", "staffIds"]))
    for (const notAnObject of ["null", "[1,2]", '"text"']) {
      await expectProblem(
        await h.request("PATCH", "/v1/business", { body: notAnObject }),
        400,
        "validation_failed"
      )
    }
    await expectProblem(
      await h.request("POST", "/v1/customers", {
        body: "firstName=Zoé",
        headers: { "Content-Type": "application/x-www-form-urlencoded" }
      }),
      415,
      "unsupported_media_type"
    )
    await expectProblem(
      await h.request("POST", "/v1/customers", { body: { firstName: "Z".repeat(2000), lastName: "R" } }),
      413,
      "payload_too_large"
    )
  })

  it("answers unknown routes with 404 and wrong methods with 405 and Allow", async () => {
    const h = await makeHarness()
    await expectProblem(await h.request("GET", "/v1/nothing-here"), 404, "not_found")
    await expectProblem(await h.request("GET", "/nothing"), 404, "not_found")
    const wrong = await h.request("DELETE", "/v1/business")
    await expectProblem(wrong, 405, "method_not_allowed")
    expect(wrong.headers.get("allow")).toBe("GET, HEAD, PATCH")
    const wrongPublic = await h.request("PUT", "/v1/public/manage/abcdefabcdefabcdef/cancel", { as: null })
    await expectProblem(wrongPublic, 405, "method_not_allowed")
    expect(wrongPublic.headers.get("allow")).toBe("POST")
  })

  it("scopes every id by the caller's business: another business's ids are unknown", async () => {
    const h = await makeHarness()
    for (const path of [
      `/v1/staff/${h.b.anna.id}`,
      `/v1/services/${h.b.haircut.id}`,
      `/v1/resources/${h.b.room.id}`,
      `/v1/customers/${h.b.alice.id}`
    ]) {
      await expectProblem(await h.request("GET", path), 404, "not_found")
    }
    await expectProblem(
      await h.request("PATCH", `/v1/customers/${h.b.alice.id}`, { body: { notes: "mine" } }),
      404,
      "not_found"
    )
    await expectProblem(await h.request("DELETE", `/v1/staff/${h.b.anna.id}`), 404, "not_found")
  })

  it("sets security headers and a request id, echoing a caller's", async () => {
    const h = await makeHarness()
    const res = await h.request("GET", "/healthz", { as: null, headers: { "X-Request-Id": "trace-123" } })
    expect(await jsonOf(res)).toEqual({ status: "ok" })
    expect(res.headers.get("x-request-id")).toBe("trace-123")
    expect(res.headers.get("x-content-type-options")).toBe("nosniff")
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN")
    const problem = await h.json(
      await h.request("GET", "/v1/business", { as: null, headers: { "X-Request-Id": "trace-9" } })
    )
    expect(problem.requestId).toBe("trace-9")
  })

  it("allows configured CORS origins with credentials", async () => {
    const h = await makeHarness({ corsOrigins: ["https://admin.example.com"] })
    const preflight = await h.app.request("/v1/appointments", {
      method: "OPTIONS",
      headers: {
        Origin: "https://admin.example.com",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Idempotency-Key, Content-Type"
      }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://admin.example.com")
    expect(preflight.headers.get("access-control-allow-credentials")).toBe("true")
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Idempotency-Key/)
    const foreign = await h.app.request("/v1/business", { headers: { Origin: "https://evil.test" } })
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull()
  })
})
