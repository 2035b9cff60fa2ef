import { describe, expect, it } from "vitest"
import { amountIn, bestUnit, durationParts, toMinutes } from "../../src/components/durations"

describe("durations", () => {
  it("shows a duration in the largest unit that writes it whole", () => {
    expect(bestUnit(1440, ["minutes", "hours", "days"])).toBe("days")
    expect(bestUnit(120, ["minutes", "hours", "days"])).toBe("hours")
    expect(bestUnit(90, ["minutes", "hours", "days"])).toBe("minutes")
    expect(bestUnit(2880, ["minutes", "hours"])).toBe("hours")
    expect(bestUnit(0, ["minutes", "hours", "days"])).toBe("minutes")
    expect(bestUnit(4320, ["days"])).toBe("days")
  })

  it("reads typed amounts as whole minutes, and refuses what is not an amount", () => {
    expect(toMinutes("2", "hours")).toBe(120)
    expect(toMinutes("1,5", "hours")).toBe(90)
    expect(toMinutes(" 3 ", "days")).toBe(4320)
    expect(toMinutes("0.3", "hours")).toBe(18)
    expect(toMinutes("", "minutes")).toBeNaN()
    expect(toMinutes("-5", "minutes")).toBeNaN()
    expect(toMinutes("abc", "minutes")).toBeNaN()
  })

  it("writes minutes back in a unit", () => {
    expect(amountIn(90, "hours")).toBe("1.5")
    expect(amountIn(1440, "days")).toBe("1")
    expect(amountIn(Number.NaN, "days")).toBe("")
  })

  it("splits minutes into days, hours and minutes for display", () => {
    expect(durationParts(1530)).toEqual([
      { unit: "days", value: 1 },
      { unit: "hours", value: 1 },
      { unit: "minutes", value: 30 }
    ])
    expect(durationParts(60)).toEqual([{ unit: "hours", value: 1 }])
    expect(durationParts(0)).toEqual([{ unit: "minutes", value: 0 }])
  })
})
