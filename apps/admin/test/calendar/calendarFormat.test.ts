import { describe, expect, it } from "vitest"
import {
  formatMinutes,
  formatTime,
  formatTimeRange,
  minutesBetween
} from "../../src/pages/calendar/calendarFormat"

const space = (s: string) => s.replace(/\s/g, " ")

describe("calendarFormat", () => {
  it("writes times in the business's zone, not the runtime's", () => {
    const paris = { locale: "fr", timeZone: "Europe/Paris" }
    expect(formatTime("2026-03-17T09:00:00Z", paris)).toBe("10:00")
    expect(formatTime("2026-03-17T09:00:00Z", { locale: "fr", timeZone: "America/New_York" })).toBe("05:00")
    expect(space(formatTimeRange("2026-03-17T08:00:00Z", "2026-03-17T08:45:00Z", paris))).toBe(
      "mar. 17 mars, 09:00 – 09:45"
    )
    expect(
      space(formatTimeRange("2026-03-17T08:00:00Z", "2026-03-17T08:45:00Z", { ...paris, locale: "en" }))
    ).toBe("Tue, Mar 17, 9:00 – 9:45 AM")
  })

  it("writes durations compactly in the language shown", () => {
    expect(minutesBetween("2026-03-17T10:00:00+01:00", "2026-03-17T11:30:00+01:00")).toBe(90)
    expect(space(formatMinutes(90, "en"))).toBe("1 hr 30 min")
    expect(space(formatMinutes(45, "fr"))).toBe("45 min")
    expect(space(formatMinutes(24 * 60, "fr"))).toBe("1 j")
    expect(space(formatMinutes(0, "en"))).toBe("0 min")
  })
})
