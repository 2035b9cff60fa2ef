import { describe, expect, it } from "vitest"
import {
  hoursAreValid,
  intervalProblems,
  type Week,
  weekdayNames,
  weekSummary
} from "../../src/pages/staff/hours"
import { instantOfLocal, localOfInstant } from "../../src/pages/staff/zonedTime"

const week: Week = {
  mon: [
    { start: "09:00", end: "12:30" },
    { start: "13:30", end: "18:00" }
  ],
  tue: [{ start: "10:00", end: "19:00" }],
  wed: [],
  thu: [],
  fri: [],
  sat: [{ start: "09:00", end: "24:00" }],
  sun: []
}

describe("working hours", () => {
  it("finds intervals that end before they start or overlap another", () => {
    expect(intervalProblems(week.mon).size).toBe(0)
    expect([
      ...intervalProblems([
        { start: "12:00", end: "09:00" },
        { start: "09:00", end: "11:00" },
        { start: "10:30", end: "12:00" }
      ])
    ]).toEqual([
      [0, "order"],
      [1, "overlap"],
      [2, "overlap"]
    ])
    // Touching intervals do not overlap.
    expect(
      intervalProblems([
        { start: "09:00", end: "12:00" },
        { start: "12:00", end: "13:00" }
      ]).size
    ).toBe(0)
  })

  it("checks the week and the dated overrides (no date twice, none left blank)", () => {
    expect(hoursAreValid(week, [{ date: "2026-12-24", intervals: [] }])).toBe(true)
    expect(
      hoursAreValid(week, [
        { date: "2026-12-24", intervals: [] },
        { date: "2026-12-24", intervals: [{ start: "09:00", end: "12:00" }] }
      ])
    ).toBe(false)
    expect(hoursAreValid(week, [{ date: "", intervals: [] }])).toBe(false)
    expect(hoursAreValid({ ...week, wed: [{ start: "18:00", end: "08:00" }] }, [])).toBe(false)
  })

  it("sums the week", () => {
    expect(weekSummary(week)).toEqual({ days: 3, minutes: 210 + 270 + 540 + 900 })
  })

  it("names weekdays from Monday in the language shown", () => {
    expect(weekdayNames("en").mon).toBe("Monday")
    expect(weekdayNames("fr").sun).toBe("dimanche")
  })
})

describe("time off in the business's time zone", () => {
  it("turns a wall-clock time into an instant with the zone's offset", () => {
    expect(instantOfLocal("2026-12-24T09:00", "Europe/Paris")).toBe("2026-12-24T09:00:00+01:00")
    expect(instantOfLocal("2026-07-14T18:30", "Europe/Paris")).toBe("2026-07-14T18:30:00+02:00")
    expect(instantOfLocal("2026-07-14T18:30", "America/New_York")).toBe("2026-07-14T18:30:00-04:00")
    expect(instantOfLocal("2026-07-14", "Europe/Paris")).toBeUndefined()
  })

  it("moves a time in the spring-forward gap forward, and takes the earlier of an ambiguous one", () => {
    expect(instantOfLocal("2026-03-29T02:30", "Europe/Paris")).toBe("2026-03-29T03:30:00+02:00")
    expect(instantOfLocal("2026-10-25T02:30", "Europe/Paris")).toBe("2026-10-25T02:30:00+02:00")
  })

  it("shows an instant as the zone's wall-clock time", () => {
    expect(localOfInstant("2026-12-24T08:00:00Z", "Europe/Paris")).toBe("2026-12-24T09:00")
    expect(localOfInstant("2026-10-25T01:30:00Z", "Europe/Paris")).toBe("2026-10-25T02:30")
    expect(localOfInstant(Date.parse("2026-06-01T23:30:00Z"), "Asia/Tokyo")).toBe("2026-06-02T08:30")
  })
})
