import { describe, expect, it } from "vitest"
import { ApiError, isApiError } from "../../src/api"
import { errorsAt, idempotent, newIdempotencyKey, unclaimed } from "../../src/components/forms"

const invalid = new ApiError({
  status: 400,
  code: "validation_failed",
  title: "The request is not valid",
  detail: "The request body is not valid.",
  errors: [
    { path: "price.amount", message: "Expected a number" },
    { path: "name", message: "Expected a non-empty string" },
    { path: "staffIds.0", message: "Unknown staff member stf_x" },
    { path: "priceNote", message: "Not a price" }
  ]
})

describe("field messages", () => {
  it("gives a field the messages of its path and the paths under it", () => {
    expect(errorsAt(invalid, "price")).toEqual(["Expected a number"])
    expect(errorsAt(invalid, "staffIds")).toEqual(["Unknown staff member stf_x"])
    expect(errorsAt(invalid, "name", "price")).toEqual(["Expected a number", "Expected a non-empty string"])
    expect(errorsAt(new Error("boom"), "name")).toEqual([])
  })

  it("leaves the form's alert only the messages no field shows", () => {
    const rest = unclaimed(invalid, ["price", "name", "staffIds"])
    expect(isApiError(rest) && rest.errors).toEqual([{ path: "priceNote", message: "Not a price" }])
    expect(isApiError(rest) && rest.detail).toBe("The request body is not valid.")
    const other = new Error("boom")
    expect(unclaimed(other, ["name"])).toBe(other)
  })

  it("makes a fresh idempotency key each time, sent as the header", () => {
    const a = newIdempotencyKey()
    expect(a).toMatch(/^[\x21-\x7e]{1,255}$/)
    expect(newIdempotencyKey()).not.toBe(a)
    expect(idempotent(a)).toEqual({ headers: { "Idempotency-Key": a } })
  })
})
