import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { makeCredentials } from "../src/index.js"
import { makeHarness } from "./support/harness.js"
import { jsonOf } from "./support/json.js"
import { expectProblem } from "./support/problem.js"

const signupBody = {
  businessName: "Studio Nord",
  timezone: "Europe/Brussels",
  locale: "fr",
  ownerName: "Nora",
  ownerEmail: "nora@studio.test",
  ownerPassword: "correct horse"
}

describe("sign-up and sessions", () => {
  it("signs up a business whose first key works, then signs in with a cookie and out", async () => {
    const h = await makeHarness()
    const res = await h.request("POST", "/v1/signup", { as: null, body: signupBody })
    expect(res.status).toBe(201)
    const { business, apiKey } = await jsonOf(res)
    expect(business).toMatchObject({ name: "Studio Nord", timezone: "Europe/Brussels", currency: "EUR" })
    expect(apiKey).toMatch(/^crn_/)
    const me = await h.app.request("/v1/auth/session", { headers: { Authorization: `Bearer ${apiKey}` } })
    expect(me.status).toBe(200)
    expect(await jsonOf(me)).toMatchObject({
      user: { role: "owner" },
      business: { id: business.id },
      via: "bearer"
    })

    await expectProblem(
      await h.request("POST", "/v1/auth/login", {
        as: null,
        body: { email: "nora@studio.test", password: "wrong horse" }
      }),
      401,
      "unauthorized"
    )
    const login = await h.request("POST", "/v1/auth/login", {
      as: null,
      body: { email: "NORA@studio.test", password: "correct horse" }
    })
    expect(login.status).toBe(200)
    const cookie = login.headers.get("set-cookie")!
    expect(cookie).toMatch(/^creneau_session=[^;]+/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    const loggedIn = await jsonOf(login)
    expect(loggedIn.user).toMatchObject({ name: "Nora", email: "nora@studio.test", role: "owner" })
    expect(loggedIn).not.toHaveProperty("token")
    // 30 days later, after the change to summer time in Brussels.
    expect(loggedIn.expiresAt).toMatch(/^2026-04-01T\d{2}:\d{2}:\d{2}\.\d{3}\+02:00$/)

    const session = cookie.split(";")[0]!
    const viaCookie = await h.app.request("/v1/business", { headers: { Cookie: session } })
    expect(viaCookie.status).toBe(200)
    // A change through the cookie from a foreign origin is refused.
    await expectProblem(
      await h.app.request("/v1/business", {
        method: "PATCH",
        headers: { Cookie: session, Origin: "https://evil.test", "Content-Type": "application/json" },
        body: JSON.stringify({ name: "Hacked" })
      }),
      403,
      "forbidden"
    )
    const out = await h.app.request("/v1/auth/logout", { method: "POST", headers: { Cookie: session } })
    expect(out.status).toBe(204)
    expect(out.headers.get("set-cookie")).toMatch(/creneau_session=;/)
    await expectProblem(
      await h.app.request("/v1/business", { headers: { Cookie: session } }),
      401,
      "unauthorized"
    )
  })

  it("refuses sign-up when it is closed, and a duplicate email", async () => {
    const closed = await makeHarness({ signup: "closed" })
    await expectProblem(
      await closed.request("POST", "/v1/signup", { as: null, body: signupBody }),
      403,
      "forbidden"
    )
    const open = await makeHarness()
    expect((await open.request("POST", "/v1/signup", { as: null, body: signupBody })).status).toBe(201)
    const again = await expectProblem(
      await open.request("POST", "/v1/signup", { as: null, body: signupBody }),
      400,
      "validation_failed"
    )
    expect(again.errors).toEqual([{ path: "ownerEmail", message: "Already registered" }])
  })

  it("answers 401 without a token, with a malformed header and with an unknown key", async () => {
    const h = await makeHarness()
    const none = await expectProblem(
      await h.request("GET", "/v1/business", { as: null }),
      401,
      "unauthorized"
    )
    expect(none.detail).toMatch(/Bearer/)
    await expectProblem(
      await h.request("GET", "/v1/business", { as: null, headers: { Authorization: "Basic abc" } }),
      401,
      "unauthorized"
    )
    const unknown = await h.request("GET", "/v1/business", {
      as: null,
      headers: { Authorization: "Bearer crn_not_a_key" }
    })
    await expectProblem(unknown, 401, "unauthorized")
    expect(unknown.headers.get("www-authenticate")).toMatch(/^Bearer/)
  })

  it("limits failed sign-ins per address", async () => {
    const h = await makeHarness({ rateLimit: { login: 3 } })
    const attempt = () =>
      h.request("POST", "/v1/auth/login", {
        as: null,
        body: { email: "nobody@x.test", password: "whatever1" },
        headers: { "X-Forwarded-For": "203.0.113.9" }
      })
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401)
    await expectProblem(await attempt(), 429, "rate_limited")
  })
})

describe("API keys", () => {
  it("creates keys within the creator's role, lists them without secrets and revokes them", async () => {
    const h = await makeHarness()
    const created = await h.request("POST", "/v1/api-keys", { body: { name: "Front desk", role: "admin" } })
    expect(created.status).toBe(201)
    const key = await jsonOf(created)
    expect(key.apiKey).toMatch(/^crn_/)
    expect(key.createdAt).toMatch(/\+01:00$/)
    const asNew = await h.app.request("/v1/business", { headers: { Authorization: `Bearer ${key.apiKey}` } })
    expect(asNew.status).toBe(200)

    await expectProblem(
      await h.request("POST", "/v1/api-keys", { as: "admin", body: { name: "Escalate", role: "owner" } }),
      403,
      "forbidden"
    )
    await expectProblem(
      await h.request("POST", "/v1/api-keys", { as: "anna", body: { name: "Mine", role: "staff" } }),
      403,
      "forbidden"
    )
    await expectProblem(await h.request("GET", "/v1/api-keys", { as: "anna" }), 403, "forbidden")
    const list = await h.json(await h.request("GET", "/v1/api-keys"))
    expect(list.items.length).toBe(5)
    expect(JSON.stringify(list)).not.toMatch(/keyHash|crn_/)

    expect((await h.request("DELETE", `/v1/api-keys/${key.id}`)).status).toBe(204)
    await expectProblem(
      await h.app.request("/v1/business", { headers: { Authorization: `Bearer ${key.apiKey}` } }),
      401,
      "unauthorized"
    )
    // Another business's key id reads as unknown.
    await expectProblem(
      await h.request("DELETE", `/v1/api-keys/${key.id}`, { as: "otherOwner" }),
      404,
      "not_found"
    )
  })
})

describe("layerCredentials", () => {
  it("hashes passwords with salted scrypt and verifies them, refusing malformed hashes", async () => {
    const credentials = makeCredentials({ logN: 10, r: 8, p: 1 })
    const run = <A>(e: Effect.Effect<A>) => Effect.runPromise(e)
    const hash = await run(credentials.hashPassword("correct horse"))
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$[\w-]+\$[\w-]+$/)
    expect(await run(credentials.hashPassword("correct horse"))).not.toBe(hash)
    expect(await run(credentials.verifyPassword("correct horse", hash))).toBe(true)
    expect(await run(credentials.verifyPassword("wrong horse", hash))).toBe(false)
    for (const bad of ["", "scrypt$1$1$1$x$y", "scrypt$30$8$1$c2FsdHNhbHQ$aGFzaA", "bcrypt$2a$x"]) {
      expect(await run(credentials.verifyPassword("correct horse", bad))).toBe(false)
    }
    expect(await run(credentials.hashToken("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
  })
})
