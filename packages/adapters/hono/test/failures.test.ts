import { AppointmentRepository, PersistenceError } from "@creneau/core"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import type { ApiLogger } from "../src/index.js"
import { makeHarness } from "./support/harness.js"
import { expectProblem } from "./support/problem.js"

const unavailable = new PersistenceError({
  operation: "appointments.list",
  cause: new Error("connection refused by db.internal:5432")
})

/** Listing fails like a lost database; reading one dies like a bug. */
const layerBrokenAppointments = Layer.succeed(
  AppointmentRepository,
  AppointmentRepository.of({
    get: () => Effect.die(new Error("boom in secret-module.ts:12")),
    list: () => Effect.fail(unavailable),
    listActive: () => Effect.fail(unavailable),
    insert: () => Effect.fail(unavailable),
    update: () => Effect.fail(unavailable),
    listEnded: () => Effect.fail(unavailable)
  })
)

describe("infrastructure failures and defects", () => {
  it("answers 503 unavailable for a persistence failure and 500 internal_error for a defect, leaking nothing", async () => {
    const errors: Array<Record<string, unknown>> = []
    const logger: ApiLogger = { info: () => {}, error: (_, fields) => void errors.push({ ...fields }) }
    const h = await makeHarness({ logger }, layerBrokenAppointments)

    const down = await h.request("GET", "/v1/appointments")
    expect(down.headers.get("retry-after")).toBe("1")
    const downBody = await expectProblem(down, 503, "unavailable")
    expect(JSON.stringify(downBody)).not.toMatch(/db\.internal|appointments\.list|refused/)
    // The log has what the body hides.
    expect(JSON.stringify(errors.find((e) => e.requestId === downBody.requestId))).toMatch(
      /db\.internal:5432/
    )

    const defect = await h.request("GET", "/v1/appointments/apt_1")
    const body = await expectProblem(defect, 500, "internal_error")
    expect(JSON.stringify(body)).not.toMatch(/boom|secret-module|stack/)
    expect(body.requestId).toBe(defect.headers.get("x-request-id"))

    const logged = errors.find((e) => e.requestId === body.requestId)
    expect(logged).toMatchObject({ code: "internal_error", path: "/v1/appointments/apt_1" })
    expect(JSON.stringify(logged)).toMatch(/boom in secret-module/)
  })
})
