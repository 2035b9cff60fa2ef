import { describe, expect, it } from "vitest"
import { formatDateTime, formatMoney } from "../src/format"

describe("formatMoney", () => {
  it("reads minor units in the currency's own decimals", () => {
    expect(formatMoney({ amount: 4550, currency: "EUR" }, "en")).toBe("€45.50")
    expect(formatMoney({ amount: 4550, currency: "JPY" }, "en")).toBe("¥4,550")
    expect(formatMoney({ amount: 4550, currency: "EUR" }, "fr").replace(/\s/g, " ")).toBe("45,50 €")
  })
})

describe("formatDateTime", () => {
  it("shows the instant in the business's time zone, not the browser's", () => {
    const instant = "2026-03-17T09:00:00Z"
    const style = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const
    expect(formatDateTime(instant, { locale: "fr", timeZone: "Europe/Paris" }, style)).toBe("10:00")
    expect(formatDateTime(instant, { locale: "fr", timeZone: "America/New_York" }, style)).toBe("05:00")
  })
})
