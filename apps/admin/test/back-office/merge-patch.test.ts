import { describe, expect, it } from "vitest"
import { jsonEqual, mergePatchOf } from "../../src/components/mergePatch"

describe("mergePatchOf", () => {
  it("sends only what changed, nested objects key by key", () => {
    const before = {
      name: "Salon",
      rules: { approvalMode: "auto", clientCancel: { enabled: true, minNoticeMinutes: 60 } }
    }
    const after = {
      name: "Salon",
      rules: { approvalMode: "auto", clientCancel: { enabled: false, minNoticeMinutes: 60 } }
    }
    expect(mergePatchOf(before, after)).toEqual({ rules: { clientCancel: { enabled: false } } })
  })

  it("is undefined when nothing changed, whatever the key order", () => {
    expect(mergePatchOf({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBeUndefined()
  })

  it("replaces arrays whole and writes null for what was cleared or removed", () => {
    expect(mergePatchOf({ staffIds: ["a", "b"], email: "x@y.z" }, { staffIds: ["b"], email: null })).toEqual({
      staffIds: ["b"],
      email: null
    })
    expect(mergePatchOf({ a: 1, b: 2 }, { a: 1, b: undefined })).toEqual({ b: null })
    expect(mergePatchOf({ a: 1 }, { a: 1, c: 3 })).toEqual({ c: 3 })
  })

  it("compares JSON values deeply", () => {
    expect(jsonEqual([{ a: 1 }], [{ a: 1 }])).toBe(true)
    expect(jsonEqual([{ a: 1 }], [{ a: 2 }])).toBe(false)
    expect(jsonEqual({ a: null }, {})).toBe(false)
  })
})
