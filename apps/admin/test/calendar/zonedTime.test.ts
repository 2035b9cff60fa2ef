import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  addLocalDays,
  calendarDateOfLocalDate,
  epochOfWallClock,
  formatInstant,
  instantOfCalendarDate,
  isLocalDate,
  localDateOf,
  toCalendarDate,
  wallClockOf,
  weekdayOfLocalDate
} from "../../src/pages/calendar/zonedTime"

// The browser's zone is not the business's: the calendar must show Paris times from New York.
const browserZone = process.env.TZ
beforeAll(() => {
  process.env.TZ = "America/New_York"
})
afterAll(() => {
  if (browserZone === undefined) delete process.env.TZ
  else process.env.TZ = browserZone
})

const PARIS = "Europe/Paris"

describe("toCalendarDate", () => {
  it("runs in a browser zone other than the business's", () => {
    expect(new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()).toBe(300)
  })

  it("shows an instant at the business's wall-clock time, whatever the browser's zone", () => {
    const date = toCalendarDate("2026-03-17T09:00:00Z", PARIS)
    expect([
      date.getFullYear(),
      date.getMonth() + 1,
      date.getDate(),
      date.getHours(),
      date.getMinutes()
    ]).toEqual([2026, 3, 17, 10, 0])
    expect(toCalendarDate("2026-07-17T09:00:00Z", PARIS).getHours()).toBe(11)
    expect(toCalendarDate("2026-07-17T09:00:00Z", "Asia/Tokyo").getHours()).toBe(18)
  })

  it("keeps the business's day for late evening times", () => {
    expect(localDateOf("2026-03-17T23:30:00Z", PARIS)).toBe("2026-03-18")
    expect(localDateOf("2026-03-17T23:30:00Z", "America/Los_Angeles")).toBe("2026-03-17")
  })
})

describe("instantOfCalendarDate", () => {
  it("reads a calendar date in the business's zone, with its offset", () => {
    expect(instantOfCalendarDate(new Date(2026, 2, 17, 10, 0), PARIS)).toBe("2026-03-17T10:00:00+01:00")
    expect(instantOfCalendarDate(new Date(2026, 6, 17, 10, 30), PARIS)).toBe("2026-07-17T10:30:00+02:00")
    expect(instantOfCalendarDate(new Date(2026, 6, 17, 10, 30), "America/Los_Angeles")).toBe(
      "2026-07-17T10:30:00-07:00"
    )
  })

  it("round-trips every quarter hour of a daylight-saving day", () => {
    // 2026-10-25: Paris falls back from 03:00 to 02:00; New York (the browser) does not that day.
    for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
      const instant = Date.parse("2026-10-24T22:00:00Z") + minutes * 60_000
      const back = instantOfCalendarDate(toCalendarDate(instant, PARIS), PARIS)
      const wall = wallClockOf(instant, PARIS)
      // The repeated hour shows twice; reading it back takes the earlier offset.
      const repeated = wall.hour === 2 && Date.parse(back) !== instant
      if (repeated) expect(Date.parse(back)).toBe(instant - 3_600_000)
      else expect(Date.parse(back)).toBe(instant)
    }
  })
})

describe("epochOfWallClock", () => {
  it("moves a time of the spring-forward gap forward by the gap", () => {
    const wall = { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 }
    expect(formatInstant(epochOfWallClock(wall, PARIS), PARIS)).toBe("2026-03-29T03:30:00+02:00")
  })

  it("takes the earlier offset for an ambiguous time", () => {
    const wall = { year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 }
    expect(formatInstant(epochOfWallClock(wall, PARIS), PARIS)).toBe("2026-10-25T02:30:00+02:00")
  })

  it("handles zones with half-hour offsets and no daylight saving", () => {
    const wall = { year: 2026, month: 1, day: 5, hour: 9, minute: 0, second: 0 }
    expect(formatInstant(epochOfWallClock(wall, "Asia/Kolkata"), "Asia/Kolkata")).toBe(
      "2026-01-05T09:00:00+05:30"
    )
    expect(new Date(epochOfWallClock(wall, "UTC")).toISOString()).toBe("2026-01-05T09:00:00.000Z")
  })
})

describe("local dates", () => {
  it("steps across month and year ends and knows the weekday", () => {
    expect(addLocalDays("2026-12-30", 3)).toBe("2027-01-02")
    expect(addLocalDays("2026-03-01", -1)).toBe("2026-02-28")
    expect(weekdayOfLocalDate("2026-03-02")).toBe(1)
    expect(weekdayOfLocalDate("2026-03-08")).toBe(0)
  })

  it("accepts only real dates", () => {
    expect(isLocalDate("2026-02-28")).toBe(true)
    expect(isLocalDate("2026-02-29")).toBe(false)
    expect(isLocalDate("2026-2-01")).toBe(false)
    expect(isLocalDate("tomorrow")).toBe(false)
  })

  it("gives the calendar date of a local date at a time of day", () => {
    const date = calendarDateOfLocalDate("2026-03-29", 9 * 60 + 30)
    expect([date.getDate(), date.getHours(), date.getMinutes()]).toEqual([29, 9, 30])
  })
})
