import { describe, expect, expectTypeOf, it } from "vitest"
import { createClient } from "../src/client.js"
import { makeHarness, tuesday } from "./support/harness.js"

describe("the typed client", () => {
  it("calls the API with typed inputs and outputs", async () => {
    const h = await makeHarness()
    const client = createClient("http://api.test", {
      fetch: (input: string | URL | Request, init?: RequestInit) => h.app.request(input, init),
      headers: { Authorization: `Bearer ${h.keys.owner}` }
    })

    const staff = await client.v1.staff.$get()
    expect(staff.status).toBe(200)
    const list = await staff.json()
    expectTypeOf(list.items[0]!.name).toEqualTypeOf<string>()
    expect(list.items.map((s) => s.name)).toEqual(["Anna", "Ben"])

    const one = await client.v1.staff[":id"].$get({ param: { id: h.a.anna.id } })
    expect((await one.json()).email).toBe("anna@salon.test")

    const slots = await client.v1.availability.$get({
      query: { serviceId: [h.a.haircut.id, h.a.colour.id], from: "2026-03-10", to: "2026-03-10" }
    })
    const available = await slots.json()
    expectTypeOf(available.timezone).toEqualTypeOf<string>()
    expect(available.slots.length).toBeGreaterThan(0)

    const created = await client.v1.appointments.$post(
      {
        json: {
          start: tuesday("10:00"),
          items: [{ serviceId: h.a.haircut.id, staffId: h.a.anna.id }],
          customer: { firstName: "Typed", lastName: "Client", email: "typed@example.test" }
        }
      },
      { headers: { "Idempotency-Key": "typed-1" } }
    )
    expect(created.status).toBe(201)
    if (created.status === 201) {
      const body = await created.json()
      expectTypeOf(body.appointment.start).toEqualTypeOf<string>()
      expectTypeOf(body.appointment.status).toEqualTypeOf<
        "pending" | "approved" | "rescheduled" | "cancelled" | "rejected" | "completed"
      >()
      expectTypeOf(body.customerNotified).toEqualTypeOf<boolean>()
      expect(body.appointment.start).toBe("2026-03-10T10:00:00.000+01:00")

      const cancelled = await client.v1.appointments[":id"].cancel.$post({
        param: { id: body.appointment.id },
        json: { message: "Sorry", notifyCustomer: false }
      })
      expect((await cancelled.json()).appointment.status).toBe("cancelled")
    }

    const problem = await client.v1.appointments[":id"].$get({ param: { id: "apt_missing" } })
    expect(problem.status).toBe(404)
    expect(((await problem.json()) as unknown as { code: string }).code).toBe("not_found")
  })
})
