import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { api, problemCodes, type RouteSpec } from "../src/index.js"
import { makeHarness } from "./support/harness.js"

const specs = (Object.values(api) as Array<RouteSpec>).filter((s) => s.path.startsWith("/v1/"))

const queryKeys = [
  "serviceId",
  "staffId",
  "from",
  "to",
  "q",
  "status",
  "appointmentId",
  "customerId",
  "seriesId"
]

describe("bad input", () => {
  it("never answers a 5xx, and every error is a problem with a stable code", async () => {
    const h = await makeHarness()
    const ids = [
      h.a.anna.id,
      h.a.haircut.id,
      h.a.alice.id,
      h.a.room.id,
      h.b.anna.id,
      h.a.business.id,
      "apt_1"
    ]
    const segment = fc.oneof(
      fc.constantFrom(...ids),
      fc.string({ maxLength: 80 }).filter((s) => s.length > 0),
      fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 })
    )
    const body = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
      fc
        .record(
          {
            start: fc.oneof(fc.string(), fc.constant("2026-03-10T10:00:00+01:00"), fc.integer()),
            items: fc.array(fc.record({ serviceId: fc.oneof(fc.constantFrom(...ids), fc.string()) }), {
              maxLength: 7
            }),
            email: fc.oneof(fc.emailAddress(), fc.string()),
            action: fc.oneof(fc.constantFrom("approve", "reject"), fc.string()),
            name: fc.string(),
            noShow: fc.anything({ maxDepth: 1 })
          },
          { requiredKeys: [] }
        )
        .map((v) => JSON.stringify(v))
    )
    const query = fc.dictionary(
      fc.oneof(fc.constantFrom(...queryKeys), fc.string({ maxLength: 10 })),
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom("2026-03-10", "2026-03-10T10:00:00+01:00", ...ids)
      ),
      { maxKeys: 5 }
    )
    const request = fc.record({
      spec: fc.constantFrom(...specs),
      params: fc.array(segment, { minLength: 3, maxLength: 3 }),
      body,
      query,
      repeat: fc.boolean(),
      as: fc.constantFrom("owner", "anna", "otherOwner", null),
      idempotencyKey: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
      ifMatch: fc.option(fc.string({ maxLength: 12 }), { nil: undefined })
    })

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let i = 0
        const path = r.spec.path.replace(/:\w+/g, () => encodeURIComponent(r.params[i++]!))
        const search = new URLSearchParams()
        for (const [k, v] of Object.entries(r.query)) {
          search.append(k, v)
          if (r.repeat) search.append(k, v)
        }
        const url = `${path}${search.size > 0 ? `?${search}` : ""}`
        const headers: Record<string, string> = {}
        if (r.idempotencyKey !== undefined && /^[\x20-\x7e]*$/.test(r.idempotencyKey)) {
          headers["Idempotency-Key"] = r.idempotencyKey
        }
        if (r.ifMatch !== undefined && /^[\x20-\x7e]*$/.test(r.ifMatch)) headers["If-Match"] = r.ifMatch
        const res = await h.request(r.spec.method.toUpperCase(), url, {
          as: r.as as never,
          ...(r.spec.method !== "get" && r.body !== undefined && { body: r.body }),
          headers
        })
        expect(res.status, `${r.spec.method} ${url}`).toBeLessThan(500)
        if (res.status >= 400) {
          expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/)
          const problem = (await res.json()) as { code: string; status: number }
          expect(Object.keys(problemCodes)).toContain(problem.code)
          expect(problem.status).toBe(res.status)
          expect(JSON.stringify(problem)).not.toMatch(/\.ts:\d+|\.js:\d+/)
        }
      }),
      { numRuns: 600, seed: 20260302 }
    )
  }, 60_000)
})
