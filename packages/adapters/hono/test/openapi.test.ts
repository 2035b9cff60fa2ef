import { brotliDecompressSync, gunzipSync } from "node:zlib"
import { Ajv2020 } from "ajv/dist/2020.js"
import { Arbitrary, Effect, Exit, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { api, type RouteSpec } from "../src/index.js"
import { openApiPath } from "../src/OpenApi.js"
import { makeHarness } from "./support/harness.js"
import type { Loose } from "./support/json.js"
import { jsonOf } from "./support/json.js"

/** DESIGN §10, route by route. */
const designRoutes = [
  "POST /v1/signup",
  "POST /v1/auth/login",
  "POST /v1/auth/logout",
  "POST /v1/api-keys",
  "GET /v1/business",
  "PATCH /v1/business",
  "GET /v1/staff",
  "POST /v1/staff",
  "GET /v1/staff/{id}",
  "PATCH /v1/staff/{id}",
  "DELETE /v1/staff/{id}",
  "PUT /v1/staff/{id}/working-hours",
  "GET /v1/staff/{id}/time-off",
  "POST /v1/staff/{id}/time-off",
  "DELETE /v1/staff/{id}/time-off/{tid}",
  "GET /v1/resources",
  "POST /v1/resources",
  "GET /v1/resources/{id}",
  "PATCH /v1/resources/{id}",
  "DELETE /v1/resources/{id}",
  "GET /v1/services",
  "POST /v1/services",
  "GET /v1/services/{id}",
  "PATCH /v1/services/{id}",
  "DELETE /v1/services/{id}",
  "GET /v1/customers",
  "POST /v1/customers",
  "GET /v1/customers/{id}",
  "PATCH /v1/customers/{id}",
  "GET /v1/availability",
  "POST /v1/appointments",
  "POST /v1/appointments/recurrence-preview",
  "GET /v1/appointments",
  "GET /v1/appointments/{id}",
  "PATCH /v1/appointments/{id}",
  "POST /v1/appointments/{id}/approve",
  "POST /v1/appointments/{id}/reject",
  "POST /v1/appointments/{id}/cancel",
  "POST /v1/appointments/{id}/reschedule",
  "POST /v1/appointments/{id}/no-show",
  "GET /v1/appointments/{id}/ics",
  "GET /v1/outbox",
  "GET /v1/notification-templates",
  "PUT /v1/notification-templates/{event}/{recipient}/{channel}",
  "GET /v1/webhooks",
  "POST /v1/webhooks",
  "DELETE /v1/webhooks/{id}",
  "POST /v1/public/businesses/{businessId}/bookings",
  "GET /v1/public/businesses/{businessId}/availability",
  "GET /v1/public/manage/{token}",
  "POST /v1/public/manage/{token}/confirm",
  "POST /v1/public/manage/{token}/cancel",
  "POST /v1/public/manage/{token}/reschedule",
  "GET /v1/public/manage/{token}/availability",
  "GET /v1/public/staff-actions/{token}",
  "POST /v1/public/staff-actions/{token}",
  "GET /openapi.json",
  "GET /docs",
  "GET /healthz"
]

const specs = Object.entries(api) as Array<[string, RouteSpec]>

const getDocument = async () => {
  const h = await makeHarness()
  const res = await h.request("GET", "/openapi.json", { as: null })
  expect(res.status).toBe(200)
  return { h, doc: await jsonOf(res) }
}

describe("the OpenAPI document", () => {
  it("is served with a strong ETag, and 304 when the client has it", async () => {
    const h = await makeHarness()
    const first = await h.request("GET", "/openapi.json", { as: null })
    expect(first.headers.get("content-type")).toMatch(/^application\/json/)
    const etag = first.headers.get("etag")
    expect(etag).toMatch(/^"[\w-]{27}"$/)
    const again = await h.request("GET", "/openapi.json", { as: null, headers: { "If-None-Match": etag! } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe("")
    const stale = await h.request("GET", "/openapi.json", {
      as: null,
      headers: { "If-None-Match": '"other"' }
    })
    expect(stale.status).toBe(200)
    expect(await stale.text()).toBe(await first.text())
  })

  it("is gzipped for a client that accepts gzip, and only then", async () => {
    const h = await makeHarness()
    const plainText = await (await h.request("GET", "/openapi.json", { as: null })).text()
    const identityEtag = (await h.request("GET", "/openapi.json", { as: null })).headers.get("etag")
    for (const accept of ["gzip", "deflate, gzip;q=0.8", "*, br;q=0"]) {
      const res = await h.request("GET", "/openapi.json", {
        as: null,
        headers: { "Accept-Encoding": accept }
      })
      expect(res.headers.get("content-encoding"), accept).toBe("gzip")
      expect(res.headers.get("vary")).toBe("Accept-Encoding")
      const bytes = Buffer.from(await res.arrayBuffer())
      expect(bytes.length).toBeLessThan(plainText.length / 4)
      expect(gunzipSync(bytes).toString("utf8")).toBe(plainText)
      const etag = res.headers.get("etag")
      expect(etag).not.toBe(identityEtag)
      const again = await h.request("GET", "/openapi.json", {
        as: null,
        headers: { "Accept-Encoding": accept, "If-None-Match": etag! }
      })
      expect(again.status).toBe(304)
    }
    for (const accept of ["identity", "gzip;q=0", "deflate", "gzip;q=0, br;q=0, *"]) {
      const res = await h.request("GET", "/openapi.json", {
        as: null,
        headers: { "Accept-Encoding": accept }
      })
      expect(res.headers.get("content-encoding"), accept).toBeNull()
      expect(await res.text()).toBe(plainText)
    }
  })

  it("is sent with Brotli, smaller still, once compressed in the background; gzip until then", async () => {
    const h = await makeHarness()
    const plainText = await (await h.request("GET", "/openapi.json", { as: null })).text()
    const ask = (headers: Record<string, string> = {}) =>
      h.request("GET", "/openapi.json", { as: null, headers: { "Accept-Encoding": "br, gzip", ...headers } })
    const first = await ask()
    // The first request that accepts Brotli starts its compression; the answer does not wait.
    expect(first.headers.get("content-encoding")).toBe("gzip")
    const gzipped = Buffer.from(await first.arrayBuffer())
    let res = await ask()
    for (let i = 0; i < 150 && res.headers.get("content-encoding") !== "br"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      res = await ask()
    }
    expect(res.headers.get("content-encoding")).toBe("br")
    expect(res.headers.get("vary")).toBe("Accept-Encoding")
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.length).toBeLessThan(gzipped.length)
    expect(brotliDecompressSync(bytes).toString("utf8")).toBe(plainText)
    const etag = res.headers.get("etag")!
    expect(etag).toMatch(/-br"$/)
    expect(etag).not.toBe(first.headers.get("etag"))
    expect((await ask({ "If-None-Match": etag })).status).toBe(304)
    // A client that does not accept Brotli still gets gzip.
    const gzipOnly = await h.request("GET", "/openapi.json", {
      as: null,
      headers: { "Accept-Encoding": "gzip" }
    })
    expect(gzipOnly.headers.get("content-encoding")).toBe("gzip")
  }, 15_000)

  it("is an OpenAPI 3.1 document listing every route of DESIGN §10", async () => {
    const { doc } = await getDocument()
    expect(doc.openapi).toBe("3.1.0")
    expect(typeof doc.info.title).toBe("string")
    expect(typeof doc.info.version).toBe("string")
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)
    )
    for (const route of designRoutes) expect(documented, route).toContain(route)
    const ids = documented.map((r) => {
      const [m, p] = r.split(" ")
      return doc.paths[p!][m!.toLowerCase()].operationId
    })
    expect(new Set(ids).size).toBe(ids.length)
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Loose>>)) {
      for (const op of Object.values(ops)) {
        expect(Object.keys(op.responses).length, path).toBeGreaterThan(1)
        const parameters = ((op.parameters ?? []) as Array<Loose>).map((p) =>
          p.$ref === undefined ? p : doc.components.parameters[p.$ref.split("/").pop()]
        )
        for (const param of parameters) expect(["path", "query", "header"]).toContain(param.in)
        const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
        expect(parameters.filter((p) => p.in === "path").map((p) => p.name)).toEqual(pathParams)
      }
    }
    // Every reference resolves to a component: schemas, and the shared responses and parameters.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!)
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) {
      const [, kind, name] = /^#\/components\/(schemas|responses|parameters)\/([^/]+)$/.exec(ref) ?? []
      expect(kind, ref).toBeDefined()
      expect(doc.components[kind!], ref).toHaveProperty(name!)
    }
    // Error answers share the Problem response, each naming its codes.
    const cancel = doc.paths["/v1/appointments/{id}/cancel"].post
    expect(cancel.responses["404"]).toEqual({
      $ref: "#/components/responses/Problem",
      description: "`not_found`"
    })
    expect(doc.components.responses.Problem.content["application/problem+json"].schema).toEqual({
      $ref: "#/components/schemas/Problem"
    })
    expect(cancel.parameters).toContainEqual({ $ref: "#/components/parameters/IdempotencyKey" })
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: "Idempotency-Key", in: "header" })
    expect(doc.components.schemas.Problem.properties.code.enum).toContain("slot_unavailable")
    // The query of the availability is documented as parameters.
    const availability = doc.paths["/v1/availability"].get
    expect(availability.parameters.map((p: Loose) => p.name ?? p.$ref)).toEqual([
      "serviceId",
      "staffId",
      "from",
      "to",
      "#/components/parameters/IfNoneMatch"
    ])
    // Conditional reads say so: the validator goes in If-None-Match, and 304 is an answer.
    expect(availability.responses["304"]).toEqual({ $ref: "#/components/responses/NotModified" })
    expect(doc.components.parameters.IfNoneMatch).toMatchObject({ name: "If-None-Match", in: "header" })
    for (const path of [
      "/v1/appointments",
      "/v1/public/businesses/{businessId}/availability",
      "/openapi.json",
      "/docs"
    ]) {
      expect(doc.paths[path].get.responses, path).toHaveProperty("304")
    }
  })

  it("documents exactly the routes the app serves", async () => {
    const { h } = await getDocument()
    const served = new Set(
      h.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${openApiPath(r.path)}`)
    )
    const registry = new Set(specs.map(([, s]) => `${s.method.toUpperCase()} ${openApiPath(s.path)}`))
    expect([...served].sort()).toEqual([...registry].sort())
  })

  it("serves the interactive reference pointing at the document, and every file it loads", async () => {
    const { h } = await getDocument()
    const res = await h.request("GET", "/docs", { as: null })
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toMatch(/text\/html/)
    const html = await res.text()
    expect(html).toContain('data-url="/openapi.json"')
    // Everything the page loads comes from this server (no CDN: it works offline).
    const loaded = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    expect(loaded.sort()).toEqual(["/docs/init.js", "/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css"])
    for (const path of loaded) {
      const file = await h.request("GET", path, { as: null })
      expect(file.status, path).toBe(200)
      expect(file.headers.get("content-type"), path).toMatch(
        path.endsWith(".css") ? /^text\/css/ : /^text\/javascript/
      )
      expect((await file.arrayBuffer()).byteLength, path).toBeGreaterThan(100)
    }
    const script = await (await h.request("GET", "/docs/init.js", { as: null })).text()
    expect(script).toContain("SwaggerUIBundle")
    expect(script).toContain("validatorUrl: null")
    const zipped = await h.request("GET", "/docs/swagger-ui-bundle.js", {
      as: null,
      headers: { "Accept-Encoding": "gzip" }
    })
    expect(zipped.headers.get("content-encoding")).toBe("gzip")
    const again = await h.request("GET", "/docs/swagger-ui-bundle.js", {
      as: null,
      headers: { "Accept-Encoding": "gzip", "If-None-Match": zipped.headers.get("etag")! }
    })
    expect(again.status).toBe(304)
    const slash = await h.request("GET", "/docs/", { as: null })
    expect(slash.status).toBe(301)
    expect(slash.headers.get("location")).toBe("/docs")
    for (const [method, path] of [
      // Files of the package that the page does not load are not served.
      ["GET", "/docs/index.html"],
      ["GET", "/docs/swagger-ui.js"],
      ["GET", "/docs/package.json"],
      ["POST", "/docs/init.js"]
    ] as const) {
      const other = await h.request(method, path, { as: null })
      expect(other.status, `${method} ${path}`).toBe(404)
      expect(other.headers.get("content-type")).toMatch(/^application\/problem\+json/)
    }
  })

  it("describes request bodies the decoders accept: examples and generated values", async () => {
    const { doc } = await getDocument()
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    let generated = 0
    for (const [id, spec] of specs) {
      if (spec.body === undefined) continue
      const op = doc.paths[openApiPath(spec.path)][spec.method]
      const validate = ajv.compile({
        ...op.requestBody.content["application/json"].schema,
        components: { schemas: doc.components.schemas }
      })
      const body = spec.body as Schema.Codec<unknown, unknown>
      const decode = Schema.decodeUnknownExit(body)
      expect(spec.example, `${id} has an example`).toBeDefined()
      expect(validate(spec.example), `${id} example vs document: ${ajv.errorsText(validate.errors)}`).toBe(
        true
      )
      expect(Exit.isSuccess(decode(spec.example)), `${id} example vs decoder`).toBe(true)
      // Values generated from the Schema, encoded for the wire, are valid for the document.
      const samples = await Effect.runPromise(
        Arbitrary.sampleEffect(Arbitrary.schema(body), { count: 15, seed: 7, maxDiscards: 2000 }).pipe(
          Effect.orElseSucceed(() => [] as ReadonlyArray<unknown>)
        )
      )
      const encode = Schema.encodeUnknownExit(body)
      for (const sample of samples) {
        const encoded = encode(sample)
        if (!Exit.isSuccess(encoded)) continue
        const wire = JSON.parse(JSON.stringify(encoded.value))
        expect(validate(wire), `${id} ${JSON.stringify(wire)}: ${ajv.errorsText(validate.errors)}`).toBe(true)
        expect(Exit.isSuccess(decode(wire)), `${id} generated value decodes`).toBe(true)
        generated++
      }
    }
    expect(generated).toBeGreaterThan(100)
  })
})
