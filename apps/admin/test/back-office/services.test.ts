import { describe, expect, it } from "vitest"
import { amountText, currencyDecimals, parseAmount } from "../../src/pages/services/money"
import {
  flatRules,
  nestedRules,
  newServiceInput,
  type ServiceFields,
  serviceDraftOf,
  servicePatches
} from "../../src/pages/services/serviceForm"

const service: ServiceFields = {
  name: "Couleur",
  durationMinutes: 90,
  price: { amount: 7500, currency: "EUR" },
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 15,
  staffIds: ["stf_a", "stf_b"],
  resourceIds: [],
  questionnaire: [{ id: "allergies", label: "Allergies?", kind: "text", required: true, options: [] }],
  rules: { approvalMode: "manual", clientCancel: { minNoticeMinutes: 2880 } }
}

describe("prices", () => {
  it("reads amounts in major units into minor units, in the currency's decimals", () => {
    expect(parseAmount("45", "EUR")).toBe(4500)
    expect(parseAmount("45,5", "EUR")).toBe(4550)
    expect(parseAmount("1 200.99", "EUR")).toBe(120099)
    expect(parseAmount("500", "JPY")).toBe(500)
    expect(parseAmount("4.999", "EUR")).toBeUndefined()
    expect(parseAmount("-3", "EUR")).toBeUndefined()
    expect(parseAmount("", "EUR")).toBeUndefined()
    expect(currencyDecimals("JPY")).toBe(0)
  })

  it("writes minor units back for the input, in the language's decimal mark", () => {
    expect(amountText(4550, "EUR", "en")).toBe("45.50")
    expect(amountText(4550, "EUR", "fr")).toBe("45,50")
    expect(amountText(500, "JPY", "en")).toBe("500")
  })
})

describe("booking-rule overrides", () => {
  it("flattens and nests again without loss", () => {
    const flat = flatRules(service.rules)
    expect(flat).toEqual({ approvalMode: "manual", "clientCancel.minNoticeMinutes": 2880 })
    expect(nestedRules(flat)).toEqual(service.rules)
    expect(nestedRules({})).toBeNull()
    expect(flatRules(null)).toEqual({})
  })
})

describe("saving a service", () => {
  it("sends a new service whole, without overrides when there are none", () => {
    const draft = { ...serviceDraftOf(service, "en"), rules: {} }
    const input = newServiceInput(draft, "EUR")
    expect(input).toEqual({
      name: "Couleur",
      durationMinutes: 90,
      price: { amount: 7500, currency: "EUR" },
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 15,
      staffIds: ["stf_a", "stf_b"],
      resourceIds: [],
      questionnaire: [{ id: "allergies", label: "Allergies?", kind: "text", required: true, options: [] }]
    })
  })

  it("keeps the choices of a choice question, one per line, and drops them otherwise", () => {
    const draft = serviceDraftOf(service, "en")
    const withChoice = {
      ...draft,
      questionnaire: [
        { id: "q1", label: "Length", kind: "choice" as const, required: false, options: "Short\n\n Long \n" },
        { id: "q2", label: "First time?", kind: "boolean" as const, required: false, options: "stale" }
      ]
    }
    expect(newServiceInput(withChoice, "EUR").questionnaire).toEqual([
      { id: "q1", label: "Length", kind: "choice", required: false, options: ["Short", "Long"] },
      { id: "q2", label: "First time?", kind: "boolean", required: false, options: [] }
    ])
  })

  it("sends nothing when nothing changed", () => {
    expect(servicePatches(service, serviceDraftOf(service, "fr"), "EUR")).toEqual([])
  })

  it("sends only the changed fields", () => {
    const draft = { ...serviceDraftOf(service, "en"), price: "80", staffIds: ["stf_b"] }
    expect(servicePatches(service, draft, "EUR")).toEqual([
      { price: { amount: 8000, currency: "EUR" }, staffIds: ["stf_b"] }
    ])
  })

  it("clears the overrides first when some are dropped and others kept", () => {
    const draft = { ...serviceDraftOf(service, "en"), rules: { approvalMode: "manual" as const } }
    expect(servicePatches(service, draft, "EUR")).toEqual([
      { rules: null },
      { rules: { approvalMode: "manual" } }
    ])
  })

  it("removes every override with one null, and adds one with one patch", () => {
    expect(servicePatches(service, { ...serviceDraftOf(service, "en"), rules: {} }, "EUR")).toEqual([
      { rules: null }
    ])
    const more = {
      ...serviceDraftOf(service, "en"),
      rules: { ...flatRules(service.rules), maxAdvanceDays: 30 }
    }
    expect(servicePatches(service, more, "EUR")).toEqual([{ rules: { maxAdvanceDays: 30 } }])
  })

  it("sends the price whole, in the business's currency when that changed", () => {
    expect(servicePatches(service, serviceDraftOf(service, "en"), "USD")).toEqual([
      { price: { amount: 7500, currency: "USD" } }
    ])
  })
})
