import { describe, expect, expectTypeOf, it } from "vitest"
import { ApiError, api, problemOf, type Session, type SuccessBody, unwrap } from "../src/api"

const problemResponse = (status: number, body: unknown, type = "application/problem+json") =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } })

describe("problemOf", () => {
  it("reads a problem+json body into a typed error", async () => {
    const error = await problemOf(
      problemResponse(422, {
        type: "urn:creneau:problem:policy_violation",
        title: "Refused by a business rule",
        status: 422,
        code: "policy_violation",
        detail: "Too close to the start.",
        reason: "notice_too_short",
        requestId: "req-1"
      })
    )
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 422,
      code: "policy_violation",
      title: "Refused by a business rule",
      detail: "Too close to the start.",
      reason: "notice_too_short",
      requestId: "req-1",
      message: "Too close to the start."
    })
    expect(error.errors).toBeUndefined()
  })

  it("keeps the per-field messages of a validation failure and drops malformed ones", async () => {
    const error = await problemOf(
      problemResponse(400, {
        title: "The request is not valid",
        status: 400,
        code: "validation_failed",
        detail: "",
        errors: [{ path: "email", message: "Expected an email address" }, { path: 3 }, "nonsense"]
      })
    )
    expect(error.code).toBe("validation_failed")
    expect(error.detail).toBe("The request is not valid")
    expect(error.errors).toEqual([{ path: "email", message: "Expected an email address" }])
  })

  it("answers unexpected_response for a body that is not a problem", async () => {
    const html = await problemOf(new Response("<h1>Bad gateway</h1>", { status: 502 }))
    expect(html).toMatchObject({ status: 502, code: "unexpected_response" })
    const broken = await problemOf(problemResponse(500, "{not json", "application/json"))
    expect(broken).toMatchObject({ status: 500, code: "unexpected_response" })
    const partial = await problemOf(problemResponse(404, { detail: "no code" }))
    expect(partial).toMatchObject({ status: 404, code: "unexpected_response" })
  })
})

describe("unwrap", () => {
  const call = (response: Response) =>
    unwrap(api.v1.auth.session.$get(undefined, { fetch: async () => response }))

  it("gives the success body", async () => {
    const body = { user: { id: "u1", name: "Ada", role: "owner", staffId: null }, via: "cookie" }
    expect(await call(Response.json(body))).toEqual(body)
  })

  it("throws the problem of a non-2xx answer", async () => {
    const failure = call(
      problemResponse(401, {
        title: "Authentication required",
        status: 401,
        code: "unauthorized",
        detail: "x"
      })
    )
    await expect(failure).rejects.toBeInstanceOf(ApiError)
    await expect(failure).rejects.toMatchObject({ status: 401, code: "unauthorized", detail: "x" })
  })

  it("answers undefined for 204 and network_error when nothing comes back", async () => {
    expect(
      await unwrap(
        api.v1.auth.logout.$post(undefined, { fetch: async () => new Response(null, { status: 204 }) })
      )
    ).toBe(undefined)
    const offline = unwrap(
      api.v1.auth.session.$get(undefined, {
        fetch: async () => {
          throw new TypeError("Failed to fetch")
        }
      })
    )
    await expect(offline).rejects.toMatchObject({ status: 0, code: "network_error" })
  })

  it("sends the session cookie along, to the API's own paths", async () => {
    let seen: { url: string; credentials: RequestCredentials | undefined } | undefined
    await unwrap(
      api.v1.business.$get(undefined, {
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
          seen = { url: String(input), credentials: init?.credentials }
          return Response.json({})
        }
      })
    )
    expect(seen).toEqual({ url: "/v1/business", credentials: "include" })
  })

  it("types responses from the API's own definition", () => {
    expectTypeOf<Session["business"]["locale"]>().toEqualTypeOf<"fr" | "en">()
    expectTypeOf<Session["user"]["role"]>().toEqualTypeOf<"owner" | "admin" | "staff">()
    type Logout = SuccessBody<Awaited<ReturnType<typeof api.v1.auth.logout.$post>>>
    expectTypeOf<Logout>().toEqualTypeOf<undefined>()
  })
})
