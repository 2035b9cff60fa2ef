import { describe, expect, it } from "vitest"
import { ApiError } from "../src/api"
import { keyFor } from "../src/pages/public/idempotency"
import {
  fieldMessages,
  isExplainedReason,
  isSlotRefusal,
  otherFieldMessages
} from "../src/pages/public/problems"
import { initialDecision, requestedAction } from "../src/pages/public/staffAction"
import { isFinal, shownStatus, statusTone } from "../src/pages/public/status"

const problem = (fields: Partial<ConstructorParameters<typeof ApiError>[0]>) =>
  new ApiError({ status: 422, code: "policy_violation", title: "Refused", detail: "Refused", ...fields })

describe("the status shown on the link pages", () => {
  it("tells the two kinds of pending apart", () => {
    expect(shownStatus({ status: "pending", pendingReason: "staff_approval" })).toBe("pending_staff_approval")
    expect(shownStatus({ status: "pending", pendingReason: "client_confirmation" })).toBe(
      "pending_client_confirmation"
    )
    expect(shownStatus({ status: "rescheduled", pendingReason: null })).toBe("rescheduled")
    expect(statusTone("pending_client_confirmation")).toBe("warning")
    expect(statusTone("rejected")).toBe("danger")
  })

  it("treats cancelled, rejected and completed as final", () => {
    expect(["cancelled", "rejected", "completed"].map((status) => isFinal({ status } as never))).toEqual([
      true,
      true,
      true
    ])
    expect(["pending", "approved", "rescheduled"].map((status) => isFinal({ status } as never))).toEqual([
      false,
      false,
      false
    ])
  })
})

describe("refusals", () => {
  it("sends the customer back to the times when the time cannot be had", () => {
    expect(isSlotRefusal(problem({ status: 409, code: "slot_unavailable" }))).toBe(true)
    expect(isSlotRefusal(problem({ reason: "booking_notice" }))).toBe(true)
    expect(isSlotRefusal(problem({ reason: "notice_too_short" }))).toBe(false)
    expect(isSlotRefusal(problem({ status: 400, code: "validation_failed" }))).toBe(false)
    expect(isSlotRefusal(new Error("boom"))).toBe(false)
  })

  it("explains the reasons it knows", () => {
    expect(isExplainedReason("email_mismatch")).toBe(true)
    expect(isExplainedReason("notice_too_short")).toBe(true)
    expect(isExplainedReason("something_new")).toBe(false)
    expect(isExplainedReason(undefined)).toBe(false)
  })

  it("puts each field's message next to it and lists the others", () => {
    const error = problem({
      status: 400,
      code: "validation_failed",
      errors: [
        { path: "customer.email", message: "Expected an email address" },
        { path: "customer.email", message: "Too long" },
        { path: "items.0.serviceId", message: "Unknown service" },
        { path: "", message: "Body" }
      ]
    })
    expect(fieldMessages(error)).toEqual({
      "customer.email": "Expected an email address",
      "items.0.serviceId": "Unknown service"
    })
    expect(otherFieldMessages(error, ["customer.email"])).toEqual([
      "items.0.serviceId: Unknown service",
      "Body"
    ])
    expect(fieldMessages(null)).toEqual({})
  })
})

describe("idempotency keys", () => {
  it("sends a request again with the same key, and another request with a new one", () => {
    let n = 0
    const make = () => `key-${++n}`
    const first = keyFor(null, { email: "a@example.com" }, make)
    const again = keyFor(first, { email: "a@example.com" }, make)
    const other = keyFor(again, { email: "b@example.com" }, make)
    expect(first.key).toBe("key-1")
    expect(again.key).toBe("key-1")
    expect(other.key).toBe("key-2")
  })
})

describe("the staff link's decision", () => {
  const both = { approve: { allowed: true }, reject: { allowed: true } }
  const approved = { approve: { allowed: false }, reject: { allowed: true } }
  const over = { approve: { allowed: false }, reject: { allowed: false } }

  it("reads only the two actions from the link", () => {
    expect(requestedAction("approve")).toBe("approve")
    expect(requestedAction("reject")).toBe("reject")
    expect(requestedAction("cancel")).toBeNull()
    expect(requestedAction(null)).toBeNull()
  })

  it("chooses the action the link asked for while it is possible, and nothing in its place when not", () => {
    expect(initialDecision("reject", both)).toBe("reject")
    expect(initialDecision("approve", both)).toBe("approve")
    expect(initialDecision("approve", approved)).toBeNull()
    expect(initialDecision("reject", approved)).toBe("reject")
    expect(initialDecision(null, approved)).toBe("reject")
    expect(initialDecision(null, both)).toBe("approve")
    expect(initialDecision(null, over)).toBeNull()
  })
})
